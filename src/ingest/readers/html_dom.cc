#include "ingest/readers/html_dom.h"

#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "ingest/readers/html_prescan.h"

namespace threadlens {

// A bump allocator for gumbo: nothing is freed until the document dies, which lets us skip
// gumbo_destroy_output (recursive on depth). Gumbo grows vectors and buffers by allocate-copy-
// free, so the waste is bounded by a factor of about two.
class HtmlDocument::Arena {
 public:
  ~Arena() {
    for (void* b : blocks_) std::free(b);
  }
  void* Allocate(size_t n) {
    n = (n + kAlign - 1) & ~(kAlign - 1);
    if (n > kBlockBytes / 4) return NewBlock(n);  // big ones get their own block
    if (used_ + n > kBlockBytes || current_ == nullptr) {
      current_ = static_cast<char*>(NewBlock(kBlockBytes));
      used_ = 0;
    }
    void* p = current_ + used_;
    used_ += n;
    return p;
  }
  static void* Alloc(void* self, size_t n) { return static_cast<Arena*>(self)->Allocate(n); }
  static void Free(void*, void*) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);
  static constexpr size_t kBlockBytes = size_t{1} << 20;
  void* NewBlock(size_t n) {
    void* b = std::malloc(n);
    if (!b)
      std::abort();  // gumbo cannot handle a failed allocation; the input limits make
                     // this a genuine out-of-memory, not an input error
    blocks_.push_back(b);
    return b;
  }
  std::vector<void*> blocks_;
  char* current_ = nullptr;
  size_t used_ = 0;
};

HtmlDocument::~HtmlDocument() = default;  // the arena frees gumbo's output

Result<std::unique_ptr<HtmlDocument>> HtmlDocument::Parse(std::string source,
                                                          const std::string& name) {
  if (source.size() >= (size_t{1} << 32) - 1)
    return Status::Error(name + ": HTML page of 4 GiB or more (gumbo's limit)");
  HtmlCost cost = EstimateHtmlCost(source, kHtmlMaxElements, kHtmlMaxParseWork);
  if (cost.over_budget) {
    if (cost.elements > kHtmlMaxElements)
      return Status::Error(name + ":" + std::to_string(cost.stop_line) + ": more than " +
                           std::to_string(kHtmlMaxElements) +
                           " HTML elements; refusing to build a page this big in memory "
                           "(save the comment section alone, or split the page)");
    return Status::Error(name + ":" + std::to_string(cost.stop_line) +
                         ": elements nested too deeply to parse in reasonable time (about " +
                         std::to_string(cost.max_depth) +
                         " levels of unclosed tags); is the page truncated or broken?");
  }
  std::unique_ptr<HtmlDocument> doc(new HtmlDocument());
  doc->source_ = std::move(source);
  doc->arena_ = std::make_unique<Arena>();
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Arena::Alloc;
  options.deallocator = &Arena::Free;
  options.userdata = doc->arena_.get();
  options.max_errors = 0;  // we do not report parse errors; do not keep them
  doc->output_ = gumbo_parse_with_options(&options, doc->source_.data(), doc->source_.size());
  if (!doc->output_ || !doc->output_->document)
    return Status::Error(name + ": the HTML parser produced no document");
  return doc;
}

bool IsElement(const GumboNode* n) {
  return n && (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE);
}

const GumboVector& Children(const GumboNode* n) {
  if (n && n->type == GUMBO_NODE_DOCUMENT) return n->v.document.children;
  if (IsElement(n)) return n->v.element.children;
  return kGumboEmptyVector;
}

const char* Attr(const GumboNode* n, const char* name) {
  if (!IsElement(n)) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::vector<std::string_view> ClassTokens(const GumboNode* n) {
  std::vector<std::string_view> out;
  const char* cls = Attr(n, "class");
  if (!cls) return out;
  std::string_view s(cls);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

bool HasClass(const GumboNode* n, std::string_view token) {
  const char* cls = Attr(n, "class");
  if (!cls) return false;
  std::string_view s(cls);
  size_t pos = 0;
  while ((pos = s.find(token, pos)) != std::string_view::npos) {
    bool starts = pos == 0 || std::isspace(static_cast<unsigned char>(s[pos - 1]));
    size_t e = pos + token.size();
    bool ends = e == s.size() || std::isspace(static_cast<unsigned char>(s[e]));
    if (starts && ends) return true;
    pos = e;
  }
  return false;
}

std::string TagName(const GumboNode* n) {
  if (!IsElement(n)) return "";
  const GumboElement& e = n->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece p = e.original_tag;
  gumbo_tag_from_original_text(&p);  // narrows p to the name
  std::string name(p.data ? p.data : "", p.length);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

int SourceLine(const GumboNode* n) {
  if (IsElement(n)) return static_cast<int>(n->v.element.start_pos.line);
  if (n && n->type != GUMBO_NODE_DOCUMENT) return static_cast<int>(n->v.text.start_pos.line);
  return 0;
}

void WalkHtml(const GumboNode* root, const std::function<bool(const GumboNode*)>& enter,
              const std::function<void(const GumboNode*)>& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack;
  if (!root) return;
  if (!enter(root)) return;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& kids = Children(f.node);
    if (f.next >= kids.length) {
      if (leave && f.node->type != GUMBO_NODE_DOCUMENT) leave(f.node);
      stack.pop_back();
      continue;
    }
    const GumboNode* child = static_cast<const GumboNode*>(kids.data[f.next++]);
    bool descend = enter(child);
    if (descend && (IsElement(child) || child->type == GUMBO_NODE_DOCUMENT))
      stack.push_back({child, 0});
  }
}

const GumboNode* FindFirst(const GumboNode* root,
                           const std::function<bool(const GumboNode*)>& match,
                           const std::function<bool(const GumboNode*)>& fence) {
  const GumboNode* found = nullptr;
  WalkHtml(
      root,
      [&](const GumboNode* n) {
        if (found) return false;
        if (n == root) return true;
        if (!IsElement(n)) return false;
        if (fence && fence(n)) return false;
        if (match(n)) {
          found = n;
          return false;
        }
        return true;
      },
      nullptr);
  return found;
}

const GumboNode* FindByClass(const GumboNode* root, std::string_view token,
                             const std::function<bool(const GumboNode*)>& fence) {
  return FindFirst(
      root, [&](const GumboNode* n) { return HasClass(n, token); }, fence);
}

namespace {

bool IsHidden(const GumboNode* n) {
  if (!IsElement(n)) return false;
  GumboTag t = n->v.element.tag;
  return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE;
}

bool IsVoidTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_FRAME:
      return true;
    default:
      return false;
  }
}

void AppendEscaped(std::string* out, const char* text) {
  for (const char* p = text; *p; ++p) {
    switch (*p) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      default:
        out->push_back(*p);
    }
  }
}

}  // namespace

std::string TextContent(const GumboNode* root) {
  std::string out;
  bool space = false;
  WalkHtml(
      root,
      [&](const GumboNode* n) {
        if (IsHidden(n) || n->type == GUMBO_NODE_COMMENT) return false;
        if (IsElement(n) || n->type == GUMBO_NODE_DOCUMENT) return true;
        for (const char* p = n->v.text.text; p && *p; ++p) {
          if (std::isspace(static_cast<unsigned char>(*p))) {
            space = true;
          } else {
            if (space && !out.empty()) out.push_back(' ');
            space = false;
            out.push_back(*p);
          }
        }
        return false;
      },
      nullptr);
  return out;
}

std::string InnerHtml(const GumboNode* root, const std::function<bool(const GumboNode*)>& skip) {
  std::string out;
  WalkHtml(
      root,
      [&](const GumboNode* n) {
        if (n == root) return true;
        if (n->type == GUMBO_NODE_COMMENT || IsHidden(n)) return false;
        if (!IsElement(n)) {
          const GumboText& t = n->v.text;
          if (t.original_text.length > 0)
            out.append(t.original_text.data, t.original_text.length);
          else if (t.text)
            AppendEscaped(&out, t.text);
          return false;
        }
        if (skip && skip(n)) return false;
        const GumboElement& e = n->v.element;
        if (e.original_tag.length > 1 && e.original_tag.data[0] == '<' &&
            e.original_tag.data[1] != '/') {
          out.append(e.original_tag.data, e.original_tag.length);
        } else if (std::string name = TagName(n); !name.empty()) {
          out += "<" + name + ">";
        }
        return true;
      },
      [&](const GumboNode* n) {
        if (n == root || IsVoidTag(n->v.element.tag)) return;
        std::string name = TagName(n);
        if (!name.empty()) out += "</" + name + ">";
      });
  return out;
}

}  // namespace threadlens
