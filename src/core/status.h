// Status and Result<T>: expected failures as values.
//
// A Status is ok() or carries a message that already names what failed (the file and line or
// record where there is one). Callers add context with Annotate() rather than logging. Never
// thrown. Thread-compatible (a value type).
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace threadlens {

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }
  // Returns a copy whose message is "prefix: message"; ok stays ok.
  Status Annotate(const std::string& prefix) const {
    return ok() ? *this : Status(prefix + ": " + *message_);
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

#define TL_RETURN_IF_ERROR(expr)                      \
  do {                                                \
    ::threadlens::Status tl_status_ = (expr);         \
    if (!tl_status_.ok()) return tl_status_;          \
  } while (0)

}  // namespace threadlens
