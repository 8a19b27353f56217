// WxrReader: a WordPress eXtended RSS export (format name "wxr"), any version of the
// http://wordpress.org/export/1.x/ namespace (matched by the prefix http://wordpress.org/export/).
//
//   <rss xmlns:wp="http://wordpress.org/export/1.2/" ...><channel>
//     <item>
//       <title>…</title><link>…</link><pubDate>Tue, 14 Jan 2014 17:31:03 +0000</pubDate>
//       <content:encoded><![CDATA[post HTML]]></content:encoded>
//       <wp:post_id>18</wp:post_id><wp:post_date_gmt>2014-01-14 17:31:03</wp:post_date_gmt>
//       <wp:comment>
//         <wp:comment_id>7</wp:comment_id><wp:comment_parent>6</wp:comment_parent>  (0 = top)
//         <wp:comment_author>…</wp:comment_author><wp:comment_user_id>1</wp:comment_user_id>
//         <wp:comment_date>…</wp:comment_date><wp:comment_date_gmt>…</wp:comment_date_gmt>
//         <wp:comment_content><![CDATA[…]]></wp:comment_content>
//         <wp:comment_approved>1|0|trash|spam|post-trashed</wp:comment_approved>
//         <wp:comment_type>|comment|pingback|trackback</wp:comment_type>
//         <wp:commentmeta>…</wp:commentmeta>                                     (ignored)
//       </wp:comment> …
//     </item> …
//
// Mapping: one Thread per <item> that has comments (platform "wordpress", ext_id = post_id,
// title, url = link, created_at = post_date_gmt, else pubDate, else post_date; body_raw = the
// post's HTML), parents_explicit. Comments in document order: ext_id = comment_id, parent_ext_id
// = comment_parent ("" for 0), author, author_ext_id = comment_user_id when not 0, raw =
// comment_content (raw_is_html), created_at = comment_date_gmt; when only the site-local
// comment_date is usable it is taken as is and the comment gets the flag "local-time".
// Flags: "pingback"/"trackback" (comment_type), "unapproved" (approved 0), "trashed" (trash,
// post-trashed), "spam". Pingbacks, trackbacks, trashed, spam and unapproved comments are kept
// as rows with their flag; they are not discussion, and later stages and queries tell them apart
// by it. Comment ids are per item (the same id in two items is two comments). Emails, URLs and
// IP addresses of commenters are not kept. Items without comments are not emitted.
//
// Streaming: each item is emitted when its </item> closes; memory is one item (its post and its
// comments) plus one input chunk — true streaming, whatever the file size.
//
// Bad input: malformed or truncated XML is an error naming the file, line and column (threads
// already returned are then discarded by the ingest's transaction). A comment without id, with a
// non-numeric id or parent, without text, with an unreadable date: a warning "file:line: what"
// (skipped, or kept without the bad field; a comment without text stays as a "placeholder" only
// if it has replies), or the error under kStrict. Not thread-safe; one ingest owns it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/pipeline.h"
#include "ingest/input.h"

namespace threadlens {

class WxrReader : public Reader {
 public:
  WxrReader(Input* in, const ReaderOptions& options);
  ~WxrReader() override;
  bool Next(Thread* thread, Status* status) override;

 private:
  class Parse;                    // the XML handler and the queue of finished items (wxr_reader.cc)
  std::unique_ptr<Parse> parse_;  // null after an error
};

// "" when `head` starts like a WXR export (root <rss> and the wordpress.org/export/ namespace),
// otherwise why not.
std::string SniffWxr(std::string_view path, std::string_view head);

}  // namespace threadlens
