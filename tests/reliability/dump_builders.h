// Builders for the battery's hostile dumps, in the real shapes of each format (all text
// invented). Each returns the bytes of one record or one file.
#pragma once

#include <cstdint>
#include <string>

namespace threadlens::testing {

// One Pushshift comment line. `parent` is a fullname ("t1_x" a comment, "t3_p" the post).
inline std::string PsComment(const std::string& id, const std::string& parent,
                             const std::string& link = "t3_p1",
                             const std::string& body = "a perfectly ordinary comment",
                             const std::string& created = "1700000000") {
  return R"({"id":")" + id + R"(","parent_id":")" + parent + R"(","link_id":")" + link +
         R"(","author":"u_)" + id + R"(","body":")" + body + R"(","created_utc":)" + created +
         R"(,"score":1,"subreddit":"battery"})" + "\n";
}

// One Pushshift submission line.
inline std::string PsPost(const std::string& id, const std::string& title = "A post") {
  return R"({"id":")" + id + R"(","title":")" + title +
         R"(","selftext":"","subreddit":"battery","author":"op","created_utc":1700000000})" +
         "\n";
}

// One Hacker News Firebase item line; parent 0 means none (a story).
inline std::string HnItem(int64_t id, int64_t parent, const std::string& text = "a comment") {
  if (parent == 0)
    return R"({"by":"op","id":)" + std::to_string(id) +
           R"(,"time":1700000000,"title":"Story","type":"story"})" + "\n";
  return R"({"by":"u)" + std::to_string(id) + R"(","id":)" + std::to_string(id) +
         R"(,"parent":)" + std::to_string(parent) + R"(,"text":")" + text +
         R"(","time":1700000100,"type":"comment"})" + "\n";
}

// A Disqus export around `body` (threads and posts).
inline std::string DisqusDoc(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<disqus xmlns=\"http://disqus.com\" "
         "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n" +
         body + "</disqus>\n";
}
inline std::string DisqusThread(const std::string& id) {
  return "<thread dsq:id=\"" + id + "\"><link>https://example.com/" + id + "</link><title>T" +
         id + "</title><createdAt>2021-04-02T08:00:00Z</createdAt></thread>\n";
}
inline std::string DisqusPost(const std::string& id, const std::string& thread,
                              const std::string& parent = "",
                              const std::string& message = "<p>a post</p>") {
  return "<post dsq:id=\"" + id + "\"><message><![CDATA[" + message +
         "]]></message><createdAt>2021-04-02T09:00:00Z</createdAt><isDeleted>false</isDeleted>"
         "<isSpam>false</isSpam><author><name>N" + id + "</name><username>n" + id +
         "</username></author><thread dsq:id=\"" + thread + "\"/>" +
         (parent.empty() ? "" : "<parent dsq:id=\"" + parent + "\"/>") + "</post>\n";
}

// A Reddit thread page ([post Listing, comment Listing]) whose comment Listing is `children`.
inline std::string RedditPage(const std::string& children) {
  return R"([{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"p1","title":"T",)"
         R"("selftext":"","created_utc":1700000000,"subreddit":"x","author":"op"}}]}},)"
         R"({"kind":"Listing","data":{"children":[)" +
         children + "]}}]";
}
inline std::string RedditComment(const std::string& id, const std::string& parent,
                                 const std::string& body = "\"a comment\"",
                                 const std::string& replies = "\"\"") {
  return R"({"kind":"t1","data":{"id":")" + id + R"(","parent_id":")" + parent +
         R"(","link_id":"t3_p1","author":"u_)" + id + R"(","body":)" + body +
         R"(,"created_utc":1700000100,"score":1,"replies":)" + replies + "}}";
}

}  // namespace threadlens::testing
