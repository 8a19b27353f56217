// HtmlDocument: a whole HTML page parsed by gumbo (the HTML5 algorithm, as browsers do it), with
// the few read-only DOM helpers the page dialects need.
//
//   auto doc = HtmlDocument::Parse(std::move(bytes), "page.html");
//   if (!doc.ok()) return doc.status();
//   WalkHtml((*doc)->root(), [&](const GumboNode* n) { ...; return true; }, nullptr);
//
// Limits, checked by a linear pre-scan before gumbo sees the bytes (gumbo 0.10 has neither a
// depth limit nor a way to fail an allocation, and its open-element stack makes deep nesting
// cost depth x tags):
//   - kHtmlMaxElements start tags (bounds gumbo's memory: a few hundred bytes per element);
//   - kHtmlMaxParseWork, the sum over start and end tags of the open-element depth the parser
//     will scan, estimated from the tags (bounds parse time: 20,000 nested <div>s, 100 KB, take
//     gumbo 3.5 s; the budget keeps the worst accepted page near 2 s).
// The caller bounds the byte size (HtmlReader reads at most kHtmlMaxBytes). Gumbo allocates from
// an arena owned by the document and freed at once, because gumbo_destroy_output recurses on the
// tree depth. Every helper here is iterative (explicit stacks), so any depth gumbo built is
// safe. A parsed document is immutable and may be read from several threads.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace threadlens {

// Start tags in one page: ~100x the biggest real comment pages we know (a 3,000-comment Hacker
// News thread has about 60,000 elements); worst case ~0.5 GB of gumbo nodes.
inline constexpr size_t kHtmlMaxElements = 1'000'000;
// Estimated open-element stack steps (see above); real pages need 10^6..10^7.
inline constexpr uint64_t kHtmlMaxParseWork = 100'000'000;

class HtmlDocument {
 public:
  // Parses `source` (UTF-8 expected; bytes gumbo cannot decode become U+FFFD in decoded text but
  // stay as found in OriginalHtml). `name` is the input's name for messages.
  static Result<std::unique_ptr<HtmlDocument>> Parse(std::string source, const std::string& name);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  const GumboNode* document() const { return output_->document; }
  const GumboNode* root() const { return output_->root; }  // the <html> element
  const std::string& source() const { return source_; }

 private:
  class Arena;
  HtmlDocument() = default;
  std::string source_;  // gumbo's nodes point into it
  std::unique_ptr<Arena> arena_;
  GumboOutput* output_ = nullptr;
};

// --- Elements ---------------------------------------------------------------------------------
bool IsElement(const GumboNode* n);
// The element's children (empty for text nodes); the document node's children for the document.
const GumboVector& Children(const GumboNode* n);
// Attribute value or nullptr.
const char* Attr(const GumboNode* n, const char* name);
// Whether the class attribute has this exact token.
bool HasClass(const GumboNode* n, std::string_view token);
// The class attribute split into tokens.
std::vector<std::string_view> ClassTokens(const GumboNode* n);
// Lower-case tag name ("div"; the name as written for unknown tags; "" for non-elements).
std::string TagName(const GumboNode* n);
// 1-based source line of an element's start tag or a text node (0 when inserted by the parser).
int SourceLine(const GumboNode* n);

// --- Traversal (iterative, document order) ------------------------------------------------------
// Calls enter(n) for `root` and, in document order, the nodes below it; descends into n's
// children only if enter returned true, and then calls leave(n) (if given) after them.
void WalkHtml(const GumboNode* root, const std::function<bool(const GumboNode*)>& enter,
              const std::function<void(const GumboNode*)>& leave);
// The first element below `root` (not root itself) for which match() holds, not descending into
// elements for which fence() holds (e.g. nested comments); nullptr if none.
const GumboNode* FindFirst(const GumboNode* root,
                           const std::function<bool(const GumboNode*)>& match,
                           const std::function<bool(const GumboNode*)>& fence = nullptr);
// The first element below root carrying the class token, not entering fence().
const GumboNode* FindByClass(const GumboNode* root, std::string_view token,
                             const std::function<bool(const GumboNode*)>& fence = nullptr);

// --- Content
// -------------------------------------------------------------------------------------- Decoded
// text of the subtree (script/style skipped), runs of white space collapsed to one space, trimmed.
std::string TextContent(const GumboNode* n);
// The subtree's children as HTML, taken from the source where the source has them (start tags
// and text verbatim, so entities and odd bytes stay as found); end tags the parser implied are
// written out. Elements for which skip() holds are left out with their subtrees, as are HTML
// comments, scripts and styles.
std::string InnerHtml(const GumboNode* n,
                      const std::function<bool(const GumboNode*)>& skip = nullptr);

}  // namespace threadlens
