#include "ingest/readers/reddit_fields.h"

#include "ingest/readers/dump_reader.h"
#include "ingest/readers/json_util.h"

namespace threadlens {

using jsonin::GetString;
using jsonin::GetTime;

std::string DecodeRedditEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  // A plain loop: find_first_of("<>") calls memchr once per character of s.
  for (char c : s)
    if (c == '<' || c == '>') return std::string(s);
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
      {"&#x27;", '\''}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      bool hit = false;
      for (const auto& [name, ch] : kEntities) {
        if (s.substr(i, name.size()) == name) {
          out.push_back(ch);
          i += name.size();
          hit = true;
          break;
        }
      }
      if (hit) continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

Status RedditCommentFromJson(simdjson::dom::object d, Comment* c, std::string* link_id,
                             bool* has_parent) {
  // One pass over the record (archive rows carry ~40 fields; a lookup per key would scan them
  // again for each).
  enum { kId, kParent, kLink, kAuthor, kAuthorFullname, kBody, kBodyHtml, kCreated, kScore, kN };
  jsonin::Slot f[kN];
  jsonin::Lookup(d, {"id", "parent_id", "link_id", "author", "author_fullname", "body",
                     "body_html", "created_utc", "score"},
                 f);
  std::string_view id, parent, link, author, author_fullname, body, body_html;
  TL_RETURN_IF_ERROR(jsonin::StringOf("id", f[kId], &id));
  if (id.empty()) return Status::Error("no 'id'");
  TL_RETURN_IF_ERROR(jsonin::StringOf("parent_id", f[kParent], &parent));
  TL_RETURN_IF_ERROR(jsonin::StringOf("link_id", f[kLink], &link));
  TL_RETURN_IF_ERROR(jsonin::StringOf("author", f[kAuthor], &author));
  TL_RETURN_IF_ERROR(jsonin::StringOf("author_fullname", f[kAuthorFullname], &author_fullname));
  const bool body_found = f[kBody].has_value();
  TL_RETURN_IF_ERROR(jsonin::StringOf("body", f[kBody], &body));
  if (!body_found) {
    TL_RETURN_IF_ERROR(jsonin::StringOf("body_html", f[kBodyHtml], &body_html));
    if (body_html.empty()) return Status::Error("comment " + std::string(id) + " has no 'body'");
  }
  c->ext_id = std::string(id);
  *has_parent = !parent.empty();
  c->parent_ext_id = parent.substr(0, 3) == "t3_" ? std::string() : StripFullname(parent);
  *link_id = StripFullname(link);
  if (author != "[deleted]" && author != "[removed]") c->author = std::string(author);
  c->author_ext_id = std::string(author_fullname);
  TL_RETURN_IF_ERROR(jsonin::TimeOf("created_utc", f[kCreated], &c->created_at));
  TL_RETURN_IF_ERROR(jsonin::IntOf("score", f[kScore], &c->score));
  if (body_found) {
    if (body == "[deleted]") {
      c->flags.push_back("deleted");
    } else if (body == "[removed]") {
      c->flags.push_back("removed");
    } else {
      c->raw = DecodeRedditEntities(body);
    }
  } else {
    c->raw = DecodeRedditEntities(body_html);
    c->raw_is_html = true;
  }
  return Status::Ok();
}

Status RedditPostFromJson(simdjson::dom::object d, Thread* t) {
  std::string_view id, title, selftext, url;
  TL_RETURN_IF_ERROR(GetString(d, "id", &id));
  if (id.empty()) return Status::Error("no 'id'");
  TL_RETURN_IF_ERROR(GetString(d, "title", &title));
  TL_RETURN_IF_ERROR(GetString(d, "selftext", &selftext));
  TL_RETURN_IF_ERROR(GetString(d, "url", &url));
  TL_RETURN_IF_ERROR(GetTime(d, "created_utc", &t->created_at));
  t->ext_id = std::string(id);
  t->title = DecodeRedditEntities(title);
  t->url = std::string(url);
  if (selftext == "[deleted]" || selftext == "[removed]") {
    t->notes.push_back("post text " + std::string(selftext.substr(1, selftext.size() - 2)));
  } else {
    t->body_raw = DecodeRedditEntities(selftext);
  }
  return Status::Ok();
}

}  // namespace threadlens
