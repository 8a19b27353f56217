// The generic nested-container heuristic (ExtractGeneric, html_page.h).
//
// How it decides. A comment section is a list of blocks of one kind (same tag, same classes)
// that each hold some text of their own, and replies are blocks of that same kind nested inside
// them. So:
//  1. Every div/li/article/section/aside/dd/blockquote with a class is a candidate; its kind
//     ("signature") is the tag plus its class tokens, sorted, leaving out tokens with digits
//     (depth-2, comment-123) and alternation/state words (even, odd, alt, first, last, parent,
//     collapsed, expanded, open, closed, active, selected).
//  2. Each candidate's own text is its text outside links, scripts and nested candidates of the
//     same kind. A candidate with at least kMinOwnText bytes of it counts as "with text".
//  3. A kind needs at least 2 candidates with text. Its score is that number, doubled when its
//     blocks nest (replies), doubled when a class token names a comment (comment, reply, post,
//     message, response, review, answer, note). Highest score wins; ties go to the kind whose
//     first block is shallower (the outer wrapper rather than its inner parts).
//  4. The winning kind's blocks are the comments, in document order; a block's parent is the
//     nearest enclosing block of that kind. ext_id is the block's id attribute when it has a
//     unique one, else "#N" (N = 1-based position). Author: the first short text in an element
//     whose class mentions author/user/name/fn/nick; time: the first datetime attribute; body:
//     the descendant whose class mentions body/content/text/message/md with the most text, else
//     the block itself without nested blocks, author and time.
// Nothing found (no kind qualifies) means the page has no comment markup we can see.
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/readers/html_page.h"
#include "ingest/readers/xml_time.h"

namespace threadlens {
namespace {

// Own text (bytes, outside links) a block needs to count: a short sentence; menus and button
// rows have less.
constexpr size_t kMinOwnText = 20;
// Longest author text taken (a name, not a paragraph).
constexpr size_t kMaxAuthorBytes = 80;

bool IsCandidateTag(GumboTag t) {
  return t == GUMBO_TAG_DIV || t == GUMBO_TAG_LI || t == GUMBO_TAG_ARTICLE ||
         t == GUMBO_TAG_SECTION || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_DD ||
         t == GUMBO_TAG_BLOCKQUOTE;
}

bool IsStateWord(std::string_view w) {
  static const std::string_view kWords[] = {"even", "odd",    "alt",       "first",
                                            "last", "parent", "collapsed", "expanded",
                                            "open", "closed", "active",    "selected"};
  for (auto k : kWords)
    if (w == k) return true;
  return false;
}

std::string Signature(const GumboNode* n) {
  if (!IsElement(n) || !IsCandidateTag(n->v.element.tag)) return "";
  std::vector<std::string_view> kept;
  for (auto tok : ClassTokens(n)) {
    if (IsStateWord(tok)) continue;
    if (std::any_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    kept.push_back(tok);
  }
  if (kept.empty()) return "";
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  std::string sig = TagName(n);
  for (auto k : kept) {
    sig += '.';
    sig += k;
  }
  return sig;
}

bool ClassMentions(const GumboNode* n, std::initializer_list<std::string_view> words) {
  for (auto tok : ClassTokens(n)) {
    std::string lower(tok);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto w : words)
      if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

struct Block {
  const GumboNode* node;
  int sig;
  int depth;
  int parent = -1;  // index of the nearest enclosing block of the same kind
  size_t own_text = 0;
};

}  // namespace

bool ExtractGeneric(const HtmlDocument& doc, HtmlPage* page) {
  std::unordered_map<std::string, int> sig_ids;
  std::vector<std::string> sig_names;
  std::vector<Block> blocks;
  std::vector<std::vector<int>> open_by_sig;  // per kind, the open blocks (innermost last)
  std::vector<int> active;                    // kinds with an open block
  std::vector<size_t> active_pos;             // position of a kind in `active`, or npos
  std::vector<int> element_block;             // per open element: its block, or -1
  int link_depth = 0;

  WalkHtml(
      doc.document(),
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (n->type == GUMBO_NODE_TEXT) {
          if (link_depth > 0) return false;
          size_t len = 0;
          for (const char* p = n->v.text.text; *p; ++p)
            if (!std::isspace(static_cast<unsigned char>(*p))) ++len;
          for (int s : active) blocks[static_cast<size_t>(open_by_sig[s].back())].own_text += len;
          return false;
        }
        if (!IsElement(n)) return false;
        GumboTag tag = n->v.element.tag;
        if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE)
          return false;
        if (tag == GUMBO_TAG_A) ++link_depth;
        int b = -1;
        if (std::string sig = Signature(n); !sig.empty()) {
          auto [it, fresh] = sig_ids.emplace(sig, static_cast<int>(sig_names.size()));
          if (fresh) {
            sig_names.push_back(sig);
            open_by_sig.emplace_back();
            active_pos.push_back(std::string::npos);
          }
          int s = it->second;
          b = static_cast<int>(blocks.size());
          blocks.push_back({n, s, static_cast<int>(element_block.size())});
          auto& st = open_by_sig[static_cast<size_t>(s)];
          if (!st.empty()) blocks.back().parent = st.back();
          if (st.empty()) {
            active_pos[static_cast<size_t>(s)] = active.size();
            active.push_back(s);
          }
          st.push_back(b);
        }
        element_block.push_back(b);
        return true;
      },
      [&](const GumboNode* n) {
        if (IsElement(n) && n->v.element.tag == GUMBO_TAG_A) --link_depth;
        int b = element_block.back();
        element_block.pop_back();
        if (b < 0) return;
        int s = blocks[static_cast<size_t>(b)].sig;
        auto& st = open_by_sig[static_cast<size_t>(s)];
        st.pop_back();
        if (st.empty()) {
          size_t pos = active_pos[static_cast<size_t>(s)];
          int last = active.back();
          active[pos] = last;
          active_pos[static_cast<size_t>(last)] = pos;
          active.pop_back();
          active_pos[static_cast<size_t>(s)] = std::string::npos;
        }
      });

  // Score the kinds.
  struct Score {
    int with_text = 0;
    bool nests = false;
    int first_depth = -1;
  };
  std::vector<Score> scores(sig_names.size());
  for (const Block& b : blocks) {
    Score& sc = scores[static_cast<size_t>(b.sig)];
    if (b.own_text >= kMinOwnText) ++sc.with_text;
    if (b.parent >= 0) sc.nests = true;
    if (sc.first_depth < 0) sc.first_depth = b.depth;
  }
  int best = -1;
  long best_score = 0;
  for (size_t s = 0; s < sig_names.size(); ++s) {
    const Score& sc = scores[s];
    if (sc.with_text < 2) continue;
    long score = sc.with_text * (sc.nests ? 2 : 1);
    bool named = false;
    for (std::string_view w :
         {"comment", "reply", "post", "message", "response", "review", "answer", "note"})
      if (sig_names[s].find(w) != std::string::npos) named = true;
    if (named) score *= 2;
    if (score > best_score || (score == best_score && best >= 0 &&
                               sc.first_depth < scores[static_cast<size_t>(best)].first_depth)) {
      best = static_cast<int>(s);
      best_score = score;
    }
  }
  if (best < 0) return false;

  // The chosen blocks, their ids, and their fields.
  std::vector<int> chosen;  // block indices
  std::vector<int> position(blocks.size(), -1);
  for (size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].sig == best) {
      position[i] = static_cast<int>(chosen.size());
      chosen.push_back(static_cast<int>(i));
    }
  std::unordered_map<std::string, int> id_count;
  for (int b : chosen)
    if (const char* id = Attr(blocks[static_cast<size_t>(b)].node, "id"); id && *id) ++id_count[id];
  std::vector<std::string> ext(chosen.size());
  for (size_t k = 0; k < chosen.size(); ++k) {
    const char* id = Attr(blocks[static_cast<size_t>(chosen[k])].node, "id");
    ext[k] = id && *id && id_count[id] == 1 ? std::string(id) : "#" + std::to_string(k + 1);
  }
  const std::string& best_sig = sig_names[static_cast<size_t>(best)];
  for (size_t k = 0; k < chosen.size(); ++k) {
    const Block& b = blocks[static_cast<size_t>(chosen[k])];
    const GumboNode* n = b.node;
    auto fence = [&](const GumboNode* e) { return e != n && Signature(e) == best_sig; };
    Comment c;
    c.ext_id = ext[k];
    if (b.parent >= 0)
      c.parent_ext_id = ext[static_cast<size_t>(position[static_cast<size_t>(b.parent)])];
    const GumboNode* author = FindFirst(
        n,
        [](const GumboNode* e) {
          if (!ClassMentions(e, {"author", "user", "name", "fn", "nick"})) return false;
          std::string t = TextContent(e);
          return !t.empty() && t.size() <= kMaxAuthorBytes;
        },
        fence);
    if (author) c.author = TextContent(author);
    const GumboNode* when = FindFirst(
        n, [](const GumboNode* e) { return Attr(e, "datetime") != nullptr; }, fence);
    if (when) c.created_at = IsoUtcFromIso8601(Attr(when, "datetime"));
    // The body: the richest element named like one, else the block minus its furniture.
    const GumboNode* body = nullptr;
    size_t body_len = 0;
    WalkHtml(
        n,
        [&](const GumboNode* e) {
          if (e == n) return true;
          if (!IsElement(e) || fence(e)) return false;
          if (ClassMentions(e, {"body", "content", "text", "message", "md"})) {
            size_t len = TextContent(e).size();
            if (len > body_len) {
              body = e;
              body_len = len;
            }
            return false;
          }
          return true;
        },
        nullptr);
    std::string text;
    if (body) {
      c.raw = InnerHtml(body, fence);
      text = TextContent(body);
    } else {
      auto skip = [&](const GumboNode* e) { return fence(e) || e == author || e == when; };
      c.raw = InnerHtml(n, skip);
      WalkHtml(
          n,
          [&](const GumboNode* e) {
            if (e != n && IsElement(e) && skip(e)) return false;
            if (e->type == GUMBO_NODE_TEXT) text += e->v.text.text;
            return IsElement(e);
          },
          nullptr);
    }
    c.raw_is_html = true;
    bool no_text = text.find_first_not_of(" \t\r\n") == std::string::npos;
    page->Add(std::move(c), no_text);
  }
  page->thread.platform = "html";
  page->how =
      "generic nested blocks <" + best_sig + "> (" + std::to_string(chosen.size()) + " found)";
  return true;
}

}  // namespace threadlens
