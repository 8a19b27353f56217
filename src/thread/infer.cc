#include "thread/infer.h"

namespace threadlens {

void InferParents(Thread* t) {
  // Placeholder until reply-tree inference lands: every comment replies to the thread.
  for (Comment& c : t->comments) {
    c.parent = -1;
    c.parent_method = method::kNone;
    c.parent_confidence = 1.0;
  }
}

}  // namespace threadlens
