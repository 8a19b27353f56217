// Reddit's comment (t1) and submission (t3) objects, as the API returns them inside Listings and
// as Pushshift / Arctic Shift archive them one per line. Shared by RedditReader and
// PushshiftReader so both fill the model the same way:
//
//   ids un-prefixed ("d8r4im1"; the thread is the bare link id "57dw9a"); a parent that is the
//   submission (t3_) is top level; author "[deleted]" is no author; body "[deleted]" /
//   "[removed]" is a gone comment (flag, empty raw); bodies HTML-escaped by Reddit are unescaped
//   (see DecodeRedditEntities); body_html is used only when body is absent (raw_is_html).
//
// Errors name the field ("'body' is a number, expected a string"); callers add the record.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/model.h"
#include "core/status.h"

namespace threadlens {

// Fills *c from a t1 object's fields. *link_id gets the bare thread id ("" when absent);
// *has_parent tells whether parent_id was there (top-level comments have a t3_ parent, so an
// absent parent_id is a gap in the record, not a top-level comment). Error: no 'id', no body at
// all, or a field of the wrong type.
Status RedditCommentFromJson(simdjson::dom::object data, Comment* c, std::string* link_id,
                             bool* has_parent);

// Fills the header of *t (ext_id, title, url, created_at, body_raw) from a t3 object. A removed
// or deleted selftext leaves body_raw empty and adds a note. Error: no 'id' or wrong types.
Status RedditPostFromJson(simdjson::dom::object data, Thread* t);

// Reddit escapes &, < and > in text unless asked for raw_json=1. Decodes &amp; &lt; &gt; &quot;
// &#39; and &#x27; in text that has no raw '<' or '>' (which only unescaped text contains);
// returns other text unchanged.
std::string DecodeRedditEntities(std::string_view s);

}  // namespace threadlens
