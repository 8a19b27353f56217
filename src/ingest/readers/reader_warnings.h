// AddWarning: records a bad-record warning in a Reader's warnings_, whichever shape that member
// has (a plain vector of messages, or a counting list with Add()): core/pipeline.h is moving
// from the first to the second, and the markup readers compile against both.
#pragma once

#include <string>
#include <utility>

namespace threadlens {

template <typename W>
void AddWarning(W* warnings, std::string message) {
  if constexpr (requires { warnings->Add(std::move(message)); })
    warnings->Add(std::move(message));
  else
    warnings->push_back(std::move(message));
}

}  // namespace threadlens
