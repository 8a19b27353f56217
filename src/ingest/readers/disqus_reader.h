// DisqusReader: a Disqus "Comments Export" XML file (format name "disqus").
//
// The export is one <disqus xmlns="http://disqus.com"> root holding <category>, <thread> and
// <post> elements side by side. Threads and posts are linked only by Disqus's internal ids:
//
//   <thread dsq:id="2"><link>…</link><title>…</title><createdAt>…Z</createdAt>…</thread>
//   <post dsq:id="5">
//     <message><![CDATA[<p>HTML</p>]]></message><createdAt>2013-10-11T06:51:33Z</createdAt>
//     <isDeleted>false</isDeleted><isSpam>false</isSpam>
//     <author><name>…</name><username>…</username><email>…</email></author>
//     <thread dsq:id="2"/><parent dsq:id="4"/>          (parent absent = top level)
//   </post>
//
// Mapping: one Thread per thread id (ext_id = dsq:id, platform "disqus", parents_explicit), its
// posts in document order as Comments (ext_id = dsq:id, parent_ext_id = the parent's dsq:id,
// author = name, author_ext_id = username, created_at = createdAt (UTC), raw = message with
// raw_is_html). isSpam adds the flag "spam"; isDeleted the flag "deleted". Deleted posts and
// posts without a message have no text: one with replies stays as a "placeholder" (body empty),
// one without is dropped (the thread's notes count them). Emails and IP addresses are not kept.
//
// Order: threads in definition order, then threads that posts refer to but the file never
// defines (orphans: title empty, a note says so) in first-reference order. Threads without any
// post are not emitted (nothing to analyse).
//
// Memory: a post may come anywhere after or before its thread, so nothing can be emitted before
// the end of the file. The reader keeps, per post, only what a Comment needs (ids, author name
// and username, date, message text, flags) and, per thread, its link, title and date; so memory
// is about the total message text plus ~200 bytes per post, not the file size (no emails, IPs,
// categories or XML). Parsing itself streams (XmlStream, one chunk at a time).
//
// Bad input: malformed or truncated XML is an error naming the file, line and column, and no
// thread is returned. A post without dsq:id or without a thread reference, a boolean field that
// is not true/false, an unreadable createdAt, a post without a message: a warning "file:line:
// what" (the post is skipped, or kept without the bad field), or the error under kStrict.
// Not thread-safe; one ingest owns it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

class DisqusReader : public Reader {
 public:
  DisqusReader(Input* in, const ReaderOptions& options);
  ~DisqusReader() override;
  bool Next(Thread* thread, Status* status) override;

 private:
  class Parse;                    // the XML handler and the collected threads (disqus_reader.cc)
  std::unique_ptr<Parse> parse_;  // null after an error
  bool ran_ = false;
};

// "" when `head` starts like a Disqus export (root element <disqus>, or the http://disqus.com
// namespace on the root), otherwise why not.
std::string SniffDisqus(std::string_view path, std::string_view head);

}  // namespace threadlens
