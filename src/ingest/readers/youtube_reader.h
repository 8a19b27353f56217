// YoutubeReader: youtube-comment-downloader output — one comment per line: `cid` (a reply's id is
// "<parent cid>.<suffix>"), `text`, `author`, `channel`, `votes` (a number, or text such as
// "1.2K"), `reply`, `time` (relative and localized: "2 years ago (edited)") and, in newer
// versions, `time_parsed` (epoch seconds the downloader derived from `time`).
//
// The whole file is one video's discussion: one thread, ext_id the file name without extension
// (the tool names files after the video id; the url is then the watch page). Times are always
// approximate (created_approx): `time_parsed` when present, else `time` resolved against the
// file's modification time (the download time), else unknown. A reply's parent is its cid
// prefix. Lines that are not JSON objects, lack `cid` or `text`, or have wrong types follow the
// bad-record policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/readers/dump_reader.h"

namespace threadlens {

class YoutubeReader : public DumpReader {
 public:
  YoutubeReader(Input* in, const ReaderOptions& opts) : DumpReader(in, opts) {}
  bool Next(Thread* thread, Status* status) override;

 private:
  bool done_ = false;
};

// A count as YouTube shows it: "17", "1,234", "1.2K", "3M", "" (nullopt for text that is not
// a count).
std::optional<int64_t> ParseDisplayCount(std::string_view s);

// "" when the first line looks like youtube-comment-downloader output; otherwise why not.
std::string SniffYoutube(std::string_view path, std::string_view head);

}  // namespace threadlens
