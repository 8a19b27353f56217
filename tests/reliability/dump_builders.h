// Builders for the battery's hostile dumps, in the real shapes of each format (all text
// invented). Each returns the bytes of one record or one file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

// A WordPress WXR export around `items`.
inline std::string WxrDoc(const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
         "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
         "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Battery</title>\n" +
         items + "</channel></rss>\n";
}
inline std::string WxrItem(const std::string& post_id, const std::string& comments) {
  return "<item><title>Post " + post_id + "</title><link>https://example.com/" + post_id +
         "</link><wp:post_id>" + post_id +
         "</wp:post_id><wp:post_date_gmt>2024-01-14 16:20:00</wp:post_date_gmt>\n" + comments +
         "</item>\n";
}
inline std::string WxrComment(const std::string& id, const std::string& parent = "0",
                              const std::string& text = "a comment",
                              const std::string& date = "2024-01-14 18:02:11") {
  return "<wp:comment><wp:comment_id>" + id + "</wp:comment_id><wp:comment_author>a" + id +
         "</wp:comment_author><wp:comment_date_gmt>" + date +
         "</wp:comment_date_gmt><wp:comment_content><![CDATA[" + text +
         "]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
         "<wp:comment_parent>" + parent + "</wp:comment_parent></wp:comment>\n";
}

// A YouTube Data API commentThread line: a top-level comment and its replies (each a
// {"id", "parent", "text"} triple written as snippet.parentId / textOriginal). Threads are
// videos: commentThreads of one video form one thread.
struct YtReply {
  std::string id, parent, text;
};
inline std::string YtapiThread(const std::string& top_id, const std::vector<YtReply>& replies,
                               const std::string& published = "2023-01-01T00:00:00Z",
                               const std::string& video = "vidAAAAAAAA") {
  std::string s = R"({"kind":"youtube#commentThread","id":")" + top_id +
                  R"(","snippet":{"videoId":")" + video + R"(","topLevelComment":{"kind":)"
                  R"("youtube#comment","id":")" + top_id +
                  R"(","snippet":{"authorDisplayName":"top","textOriginal":"the top",)"
                  R"("likeCount":1,"publishedAt":")" + published + R"("}},"totalReplyCount":)" +
                  std::to_string(replies.size()) + R"(},"replies":{"comments":[)";
  for (size_t i = 0; i < replies.size(); ++i) {
    if (i) s += ",";
    s += R"({"kind":"youtube#comment","id":")" + replies[i].id +
         R"(","snippet":{"authorDisplayName":"r","textOriginal":")" + replies[i].text +
         R"(","parentId":")" + replies[i].parent +
         R"(","likeCount":0,"publishedAt":"2023-01-01T01:00:00Z"}})";
  }
  return s + "]}}\n";
}

}  // namespace threadlens::testing
