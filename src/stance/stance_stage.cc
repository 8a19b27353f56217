#include "stance/stance_stage.h"

namespace threadlens::stance {

Status StanceStage::Process(Thread*) const {
  // The rule engine lands with the stance issue; until then no comment gets a stance row.
  return Status::Ok();
}

}  // namespace threadlens::stance
