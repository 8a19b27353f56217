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
  if (!t->body_raw.empty()) t->body = RepairText(t->body_raw, &t->repairs);
  return Status::Ok();
}

}  // namespace threadlens
