// WxrReader on the fixture written in WXR 1.2's real shape, on other export versions, on broken
// exports, and its streaming promise.
#include "ingest/readers/wxr_reader.h"

#include <catch2/catch.hpp>

#include "markup_mutations.h"
#include "markup_testing.h"
#include "testing.h"

using namespace threadlens;
using threadlens::testing::markup::FindComment;
using threadlens::testing::markup::Links;
using threadlens::testing::markup::ReadAllThreads;
using threadlens::testing::ReadFile;
using threadlens::testing::SourceDir;

namespace {

const std::string kFixture = SourceDir() + "/fixtures/formats/wxr-small.xml";

std::string Wxr(const std::string& version, const std::string& items) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
         "xmlns:wp=\"http://wordpress.org/export/" +
         version + "/\">\n<channel>\n" + items + "</channel>\n</rss>\n";
}

std::string WpComment(const std::string& id, const std::string& parent, const std::string& more,
                      const std::string& text = "some words") {
  return "<wp:comment><wp:comment_id>" + id + "</wp:comment_id><wp:comment_content><![CDATA[" +
         text + "]]></wp:comment_content><wp:comment_parent>" + parent + "</wp:comment_parent>" +
         more + "</wp:comment>\n";
}

std::string Item(const std::string& id, const std::string& comments) {
  return "<item><title>Post " + id + "</title><wp:post_id>" + id + "</wp:post_id>\n" + comments +
         "</item>\n";
}

}  // namespace

TEST_CASE("wxr: fixture items, comments, parents, dates and flags", "[ingest][wxr]") {
  auto r = ReadAllThreads("wxr", "wxr-small.xml", ReadFile(kFixture));
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  CHECK(r.warnings.empty());
  REQUIRE(r.threads.size() == 2);  // the attachment item has no comments
  const Thread& beds = r.threads[0];
  CHECK(beds.platform == "wordpress");
  CHECK(beds.ext_id == "41");
  CHECK(beds.title == "Are raised beds worth it?");
  CHECK(beds.url == "https://allotment.example/2024/01/raised-beds/");
  CHECK(beds.created_at == "2024-01-14T16:20:00Z");
  CHECK(beds.body_raw == "<p>Three seasons in, here is what the raised beds changed.</p>");
  CHECK(beds.body_raw_is_html);  // RepairStage turns it into text
  CHECK(beds.parents_explicit);
  CHECK(Links(beds) == std::vector<std::string>{"201<-", "202<-201", "203<-", "204<-202", "205<-",
                                                "206<-201", "207<-201"});
  const Comment* june = FindComment(beds, "202");
  CHECK(june->author == "June");
  CHECK(june->author_ext_id == "1");
  CHECK(june->raw == "Same here. Did you line them?\nI used cardboard underneath the first year.");
  CHECK(june->raw_is_html);
  CHECK(june->flags.empty());
  CHECK(FindComment(beds, "201")->author_ext_id.empty());  // user id 0 = a guest
  CHECK(FindComment(beds, "203")->HasFlag("pingback"));
  // GMT column zeroed: the local time is used and flagged.
  const Comment* local = FindComment(beds, "204");
  CHECK(local->created_at == "2024-01-15T21:30:00Z");
  CHECK(local->HasFlag("local-time"));
  CHECK(FindComment(beds, "201")->created_at == "2024-01-14T18:02:11Z");
  CHECK_FALSE(FindComment(beds, "201")->HasFlag("local-time"));
  CHECK(FindComment(beds, "205")->HasFlag("spam"));
  CHECK(FindComment(beds, "206")->HasFlag("unapproved"));
  CHECK(FindComment(beds, "207")->HasFlag("trashed"));
  // commentmeta values are not mistaken for comment fields.
  CHECK(FindComment(beds, "201")->raw.find("akismet") == std::string::npos);

  const Thread& swap = r.threads[1];
  CHECK(swap.ext_id == "47");
  CHECK(Links(swap) == std::vector<std::string>{"201<-"});  // same id as in item 41: fine
  CHECK(FindComment(swap, "201")->author == "Otto");
}

TEST_CASE("wxr: any export/1.x namespace -- other namespaces are not WordPress fields",
          "[ingest][wxr]") {
  for (std::string v : {"1.0", "1.1", "1.2"}) {
    auto r = ReadAllThreads("wxr", "v.xml", Wxr(v, Item("9", WpComment("1", "0", ""))));
    INFO(v << ": " << r.status.message());
    REQUIRE(r.status.ok());
    REQUIRE(r.threads.size() == 1);
    CHECK(Links(r.threads[0]) == std::vector<std::string>{"1<-"});
    CHECK(SniffWxr("v.xml", Wxr(v, "")).empty());
  }
  // The wp prefix bound to something else: not comments.
  std::string other = "<rss xmlns:wp=\"http://example.org/not-wordpress/\"><channel>" +
                      Item("9", WpComment("1", "0", "")) + "</channel></rss>";
  auto r = ReadAllThreads("wxr", "o.xml", other);
  CHECK(r.status.ok());
  CHECK(r.threads.empty());
  CHECK_FALSE(SniffWxr("o.xml", other).empty());
  CHECK(SniffWxr("f.xml", "<rss version=\"2.0\"><channel>").find("without the") !=
        std::string::npos);
  CHECK(SniffWxr("f.xml", "<disqus>").find("not <rss>") != std::string::npos);
}

TEST_CASE("wxr: truncated or malformed XML is an error with line and column, no thread",
          "[ingest][wxr]") {
  std::string whole = ReadFile(kFixture);
  // Cut inside the second item: the first item was complete, but nothing may be returned as
  // if the file were whole. (The ingest discards threads of a failed source in any case.)
  size_t second = whole.find("<wp:post_id>47");
  REQUIRE(second != std::string::npos);
  for (size_t cut : {whole.size() / 4, second, whole.size() - 10}) {
    auto r = ReadAllThreads("wxr", "cut.xml", whole.substr(0, cut));
    INFO(cut);
    CHECK_FALSE(r.status.ok());
    CHECK(r.status.message().rfind("cut.xml:", 0) == 0);
    CHECK(r.status.message().find("XML error") != std::string::npos);
  }
  auto r = ReadAllThreads("wxr", "m.xml", Wxr("1.2", "<item><title>a</item>\n"));
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.message().rfind("m.xml:4:", 0) == 0);
}

TEST_CASE("wxr: bad comments are skipped with a warning naming the line, or fail in strict",
          "[ingest][wxr]") {
  std::string items =
      Item("9", WpComment("1", "0", "") +  // line 5
                    "<wp:comment><wp:comment_content>no id</wp:comment_content></wp:comment>\n" +
                    WpComment("x7", "0", "") +   // line 7
                    WpComment("2", "one", "") +  // line 8
                    WpComment("3", "1", "<wp:comment_date_gmt>soon</wp:comment_date_gmt>") +
                    WpComment("4", "0", "", "  ") +  // line 10
                    WpComment("5", "4", "") +        // line 11
                    WpComment("6", "1", "<wp:comment_approved>maybe</wp:comment_approved>"));
  std::string xml = Wxr("1.2", items);
  auto r = ReadAllThreads("wxr", "w.xml", xml);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  // 4 has no text but a reply, so it stays as a placeholder.
  CHECK(Links(r.threads[0]) ==
        std::vector<std::string>{"1<-", "2<-", "3<-1", "4<-", "5<-4", "6<-1"});
  CHECK(FindComment(r.threads[0], "4")->HasFlag("placeholder"));
  CHECK(FindComment(r.threads[0], "3")->created_at.empty());
  REQUIRE(r.warnings.size() == 6);
  CHECK(r.warnings[0] == "w.xml:6: <wp:comment> without comment_id skipped");
  CHECK(r.warnings[1] == "w.xml:7: comment_id 'x7' is not a number; comment skipped");
  CHECK(r.warnings[2].rfind("w.xml:8: comment 2: comment_parent 'one' is not a number", 0) == 0);
  CHECK(r.warnings[3].rfind("w.xml:9: comment 3: comment_date_gmt 'soon'", 0) == 0);
  CHECK(r.warnings[4].rfind("w.xml:10: comment 4 has no text", 0) == 0);
  CHECK(r.warnings[5].rfind("w.xml:12: comment 6: comment_approved 'maybe'", 0) == 0);

  auto strict = ReadAllThreads("wxr", "w.xml", xml, BadRecordPolicy::kStrict);
  CHECK_FALSE(strict.status.ok());
  CHECK(strict.status.message() == "w.xml:6: <wp:comment> without comment_id skipped");
  CHECK(strict.threads.empty());
}

TEST_CASE("wxr: streams, one item at a time", "[ingest][wxr]") {
  // 2,000 items of ~3 KB in a file: the first thread must come back long before the file is
  // read whole (Input reads 1 MiB at a time).
  std::string items;
  std::string filler(3000, 'x');
  for (int i = 1; i <= 2000; ++i)
    items += Item(std::to_string(i), WpComment("1", "0", "", filler) + WpComment("2", "1", ""));
  std::string xml = Wxr("1.2", items);
  threadlens::testing::TempDir dir;
  threadlens::testing::WriteFile(dir.File("big.xml"), xml);
  auto in = Input::Open(dir.File("big.xml"));
  REQUIRE(in.ok());
  WxrReader reader(in->get(), ReaderOptions());
  Thread t;
  Status st;
  REQUIRE(reader.Next(&t, &st));
  CHECK(t.ext_id == "1");
  CHECK((*in)->raw_bytes_read() < static_cast<int64_t>(xml.size() / 3));
  int n = 1;
  while (reader.Next(&t, &st)) ++n;
  CHECK(st.ok());
  CHECK(n == 2000);
  CHECK(t.ext_id == "2000");
  CHECK(Links(t) == std::vector<std::string>{"1<-", "2<-1"});
}

TEST_CASE("wxr: mutated exports never crash -- what comes back is well formed", "[ingest][wxr]") {
  const std::string base = ReadFile(kFixture);
  int failed = 0;
  for (uint32_t seed = 0; seed < 400; ++seed) {
    auto r = ReadAllThreads("wxr", "m.xml", threadlens::testing::markup::Mutate(base, seed));
    if (!r.status.ok()) {
      ++failed;
      CHECK(r.status.message().rfind("m.xml", 0) == 0);
      continue;
    }
    for (const auto& t : r.threads)
      for (const auto& c : t.comments) {
        CHECK_FALSE(c.ext_id.empty());
        CHECK(c.raw_is_html);
      }
  }
  CHECK(failed > 100);
}
