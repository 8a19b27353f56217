#include "text/repair.h"

namespace threadlens {

Status RepairStage::Process(Thread* t) const {
  for (Line& l : t->lines) l.text = RepairText(l.raw, &t->repairs);
  for (Comment& c : t->comments) {
    if (c.raw_is_html) {
      ++t->repairs.html_to_text;
      c.body = RepairText(HtmlToText(c.raw), &t->repairs);
    } else {
      c.body = RepairText(c.raw, &t->repairs);
    }
  }
  if (t->body_raw_is_html && !t->body_raw.empty()) {
    ++t->repairs.html_to_text;
    t->body = RepairText(HtmlToText(t->body_raw), &t->repairs);
  } else if (!t->body_raw.empty()) {
    t->body = RepairText(t->body_raw, &t->repairs);
  }
  // Names and titles reach terminals and reports too: the same repair keeps escape sequences,
  // bells and ill-formed UTF-8 out of them (the dump's own text stays in raw/body_raw).
  for (std::string* s : {&t->title, &t->url})
    if (!s->empty()) *s = RepairText(*s, &t->repairs);
  for (Comment& c : t->comments)
    for (std::string* s : {&c.author, &c.author_ext_id})
      if (!s->empty()) *s = RepairText(*s, &t->repairs);
  return Status::Ok();
}

}  // namespace threadlens
