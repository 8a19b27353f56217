#include "thread/segment.h"

namespace threadlens {
namespace {

// An article paragraph is long prose; comments above this length are rare before the comment
// section starts, and the article ends where furniture or the comment header appears.
constexpr size_t kArticleParagraphBytes = 200;

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\f\v") == std::string_view::npos; }

}  // namespace

Status SegmentStage::Process(Thread* t) const {
  if (!t->needs_segmentation) return Status::Ok();
  const PageRules& rules = *rules_;
  size_t i = 0;
  const size_t n = t->lines.size();

  // 1. The article: the run of long paragraphs at the top, up to the first furniture line.
  std::string article;
  std::string article_raw;
  for (; i < n; ++i) {
    const Line& l = t->lines[i];
    if (Blank(l.text)) continue;
    if (rules.IsCommentsStart(l.text) || rules.IsDrop(l.text) ||
        l.text.size() < kArticleParagraphBytes)
      break;
    if (!article.empty()) {
      article += "\n\n";
      article_raw += "\n\n";
    }
    article += l.text;
    article_raw += l.raw;
  }
  t->body = std::move(article);
  t->body_raw = std::move(article_raw);

  // 2. Every remaining non-furniture paragraph is a comment (one line = one paragraph).
  for (; i < n; ++i) {
    const Line& l = t->lines[i];
    if (Blank(l.text) || rules.IsCommentsStart(l.text) || rules.IsDrop(l.text)) continue;
    std::string_view text = l.text;
    text.remove_prefix(rules.StripPrefix(text));
    if (Blank(text)) continue;
    Comment c;
    c.raw = l.raw;
    c.body = std::string(text);
    c.line_start = c.line_end = l.number;
    t->comments.push_back(std::move(c));
  }
  t->needs_segmentation = false;
  return Status::Ok();
}

}  // namespace threadlens
