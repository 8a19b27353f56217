// CommentRecord: the reader-level fields of a comment, a thread's header or a thread note as one
// compact byte string, so that readers can buffer and spill records (thread_groups.h) and rebuild
// the Thread when its group comes back.
//
//   std::string rec;
//   EncodeComment(comment, /*invalid_utf8=*/0, &rec);
//   Thread t;
//   TL_RETURN_IF_ERROR(DecodeRecord(rec, &t));  // appends the comment to t.comments
//
// Format: a kind byte ('C' comment, 'H' header, 'N' note) and its fields, each string as a
// LEB128 length plus bytes, integers as zig-zag LEB128. Only this file writes or reads it, within
// one process, so it carries no version. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"
#include "core/status.h"

namespace threadlens {

// The Comment fields a reader fills (ext_id .. flags); `invalid_utf8` is added to the thread's
// RepairCounts when decoded (bytes the reader had to replace before parsing).
void EncodeComment(const Comment& c, int64_t invalid_utf8, std::string* out);
// The header fields of a thread: title, url, created_at, body_raw (ext_id is the group key).
void EncodeHeader(const Thread& t, std::string* out);
// A line for Thread::notes ("more: 3 replies to Ugx… not in dump").
void EncodeNote(std::string_view note, std::string* out);

// Applies one record to *thread: a comment is appended, a header sets the header fields, a note
// is appended to notes. Error if the record is damaged (a bug or a corrupt spill file).
Status DecodeRecord(std::string_view rec, Thread* thread);

}  // namespace threadlens
