// DisqusReader on the fixture written in the export's real shape, and on broken exports.
#include "ingest/readers/disqus_reader.h"

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

const std::string kFixture = SourceDir() + "/fixtures/formats/disqus-small.xml";

// A minimal export around `body`.
std::string Export(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
         "<thread dsq:id=\"1\"><link>http://x.example/a</link><title>A</title></thread>\n" +
         body + "</disqus>\n";
}

std::string Post(const std::string& id, const std::string& extra) {
  return "<post dsq:id=\"" + id + "\"><message><![CDATA[<p>text " + id +
         "</p>]]></message><createdAt>2020-01-01T00:00:00Z</createdAt>" + extra +
         "<thread dsq:id=\"1\"/></post>\n";
}

}  // namespace

TEST_CASE("disqus: fixture threads, posts, parents and flags", "[ingest][disqus]") {
  auto r = ReadAllThreads("disqus", "disqus-small.xml", ReadFile(kFixture));
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  CHECK(r.warnings.empty());
  // Defined threads in definition order, then the orphan thread 4999.
  REQUIRE(r.threads.size() == 3);
  const Thread& fog = r.threads[0];
  CHECK(fog.platform == "disqus");
  CHECK(fog.ext_id == "5001");
  CHECK(fog.title == "Why fog signals sound so low");
  CHECK(fog.url == "https://lighthouse.example/2021/04/fog-signals/");
  CHECK(fog.created_at == "2021-04-02T08:00:00Z");
  CHECK(fog.parents_explicit);
  // 9005 (deleted, nobody replied) is dropped; 9003 (deleted, replied to) stays empty.
  CHECK(Links(fog) ==
        std::vector<std::string>{"9001<-", "9002<-9001", "9003<-", "9004<-9003", "9009<-9002"});
  const Comment* gone = FindComment(fog, "9003");
  REQUIRE(gone);
  CHECK(gone->HasFlag("deleted"));
  CHECK(gone->HasFlag("placeholder"));
  CHECK(gone->raw.empty());
  const Comment* mira = FindComment(fog, "9002");
  REQUIRE(mira);
  CHECK(mira->created_at == "2021-04-02T08:01:30Z");  // +02:00 converted to UTC
  CHECK(mira->author == "Mira");
  CHECK(mira->raw_is_html);
  CHECK(mira->raw == "<p>Is that true for diaphones as well, or only for horns?</p>");
  const Comment* tom = FindComment(fog, "9001");
  REQUIRE(tom);
  CHECK(tom->author_ext_id == "tombright");
  // No email or IP address anywhere in what the reader hands on.
  for (const auto& t : r.threads)
    for (const auto& c : t.comments) {
      CHECK(c.raw.find("@example.org") == std::string::npos);
      CHECK(c.author.find('@') == std::string::npos);
    }
  bool noted_drop = false;
  for (const auto& n : fog.notes) noted_drop |= n.find("1 deleted") != std::string::npos;
  CHECK(noted_drop);

  const Thread& lens = r.threads[1];
  CHECK(lens.ext_id == "5002");
  CHECK(lens.title == "Cleaning a Fresnel lens & other chores");
  CHECK(Links(lens) == std::vector<std::string>{"9006<-", "9007<-"});
  CHECK(FindComment(lens, "9006")->HasFlag("spam"));
  CHECK_FALSE(FindComment(lens, "9007")->HasFlag("spam"));

  const Thread& orphan = r.threads[2];
  CHECK(orphan.ext_id == "4999");
  CHECK(orphan.title.empty());
  CHECK(Links(orphan) == std::vector<std::string>{"9008<-"});
  REQUIRE_FALSE(orphan.notes.empty());
  CHECK(orphan.notes.back().find("not defined") != std::string::npos);
}

TEST_CASE("disqus: sniffing", "[ingest][disqus]") {
  CHECK(SniffDisqus("x.xml", ReadFile(kFixture)).empty());
  CHECK(SniffDisqus("x", "<?xml version='1.0'?><!-- c --><disqus>").empty());
  CHECK(SniffDisqus("x", "<export xmlns=\"http://disqus.com\">").empty());
  CHECK(SniffDisqus("x", "<rss version=\"2.0\">").find("<rss>") != std::string::npos);
  CHECK(SniffDisqus("x", "{\"kind\": 1}").find("not XML") != std::string::npos);
  auto detected = DetectFormat("x.xml", ReadFile(kFixture));
  REQUIRE(detected.ok());
  CHECK(std::string((*detected)->name) == "disqus");
}

TEST_CASE("disqus: truncated or malformed XML is an error with line and column, no thread",
          "[ingest][disqus]") {
  std::string whole = ReadFile(kFixture);
  for (size_t cut : {whole.size() / 3, whole.size() / 2, whole.size() - 12}) {
    auto r = ReadAllThreads("disqus", "cut.xml", whole.substr(0, cut));
    INFO(cut);
    CHECK_FALSE(r.status.ok());
    CHECK(r.threads.empty());
    CHECK(r.status.message().rfind("cut.xml:", 0) == 0);
    CHECK(r.status.message().find("XML error") != std::string::npos);
  }
  auto bad = ReadAllThreads("disqus", "bad.xml", Export("<post dsq:id=\"2\"><message>x</post>"));
  CHECK_FALSE(bad.status.ok());
  CHECK(bad.status.message().find("bad.xml:4:") == 0);  // line 4, the mismatched tag
  CHECK(bad.threads.empty());

  auto wrong_root = ReadAllThreads("disqus", "feed.xml", "<rss><channel/></rss>");
  CHECK_FALSE(wrong_root.status.ok());
  CHECK(wrong_root.status.message().find("not <disqus>") != std::string::npos);
}

TEST_CASE("disqus: bad records are skipped with a warning naming the line, or fail in strict",
          "[ingest][disqus]") {
  std::string xml = Export(Post("2", "") +  // line 4
                           "<post><message>no id</message><thread dsq:id=\"1\"/></post>\n" +
                           "<post dsq:id=\"3\"><message>no thread</message></post>\n" +
                           Post("4", "<isDeleted>maybe</isDeleted>") +      // line 7
                           Post("5", "<createdAt>yesterday</createdAt>") +  // line 8
                           "<post dsq:id=\"6\"><message/><thread dsq:id=\"1\"/></post>\n");
  auto r = ReadAllThreads("disqus", "d.xml", xml);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  // 2, 4 and 5 are kept (the bad field dropped); the others are skipped.
  CHECK(Links(r.threads[0]) == std::vector<std::string>{"2<-", "4<-", "5<-"});
  CHECK_FALSE(FindComment(r.threads[0], "4")->HasFlag("deleted"));
  REQUIRE(r.warnings.size() == 5);
  CHECK(r.warnings[0] == "d.xml:5: <post> without dsq:id skipped");
  CHECK(r.warnings[1] == "d.xml:6: post 3 has no <thread dsq:id>; skipped");
  CHECK(r.warnings[2].rfind("d.xml:7: post 4: isDeleted is 'maybe'", 0) == 0);
  CHECK(r.warnings[3].rfind("d.xml:8: post 5: createdAt 'yesterday'", 0) == 0);
  CHECK(r.warnings[4].rfind("d.xml:9: post 6 has no message", 0) == 0);

  auto strict = ReadAllThreads("disqus", "d.xml", xml, BadRecordPolicy::kStrict);
  CHECK_FALSE(strict.status.ok());
  CHECK(strict.status.message() == "d.xml:5: <post> without dsq:id skipped");
  CHECK(strict.threads.empty());
}

TEST_CASE("disqus: entity bombs and external entities are refused", "[ingest][disqus]") {
  std::string lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE disqus [\n<!ENTITY a \"aaaaaaaaaa\">\n";
  std::string prev = "a";
  for (int i = 0; i < 9; ++i) {
    std::string name = "e" + std::to_string(i);
    lol += "<!ENTITY " + name + " \"";
    for (int k = 0; k < 10; ++k) lol += "&" + prev + ";";
    lol += "\">\n";
    prev = name;
  }
  lol +=
      "]>\n<disqus xmlns:dsq=\"http://disqus.com/disqus-internals\"><post dsq:id=\"1\">"
      "<message>&" +
      prev + ";</message><thread dsq:id=\"1\"/></post></disqus>\n";
  auto bomb = ReadAllThreads("disqus", "lol.xml", lol);
  CHECK_FALSE(bomb.status.ok());
  CHECK(bomb.status.message().find("amplification") != std::string::npos);
  CHECK(bomb.threads.empty());

  std::string ext =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE disqus [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<disqus xmlns:dsq=\"http://disqus.com/disqus-internals\"><post dsq:id=\"1\">"
      "<message>&x;</message><thread dsq:id=\"1\"/></post></disqus>";
  auto leak = ReadAllThreads("disqus", "ext.xml", ext);
  CHECK_FALSE(leak.status.ok());
  CHECK(leak.status.message().find("ext.xml:3:") == 0);
  CHECK(leak.status.message().find("external entity") != std::string::npos);
  CHECK(leak.threads.empty());
}

TEST_CASE("disqus: windows-1252 declared exports are decoded", "[ingest][disqus]") {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
      "<disqus xmlns:dsq=\"http://disqus.com/disqus-internals\">"
      "<post dsq:id=\"1\"><message>caf\xe9 \x93quoted\x94</message>"
      "<thread dsq:id=\"7\"/></post></disqus>";
  auto r = ReadAllThreads("disqus", "w.xml", xml);
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  REQUIRE(r.threads.size() == 1);
  CHECK(r.threads[0].comments[0].raw == "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
}

TEST_CASE("disqus: mutated exports never crash -- what comes back is well formed",
          "[ingest][disqus]") {
  const std::string base = ReadFile(kFixture);
  int failed = 0;
  for (uint32_t seed = 0; seed < 400; ++seed) {
    auto r = ReadAllThreads("disqus", "m.xml", threadlens::testing::markup::Mutate(base, seed));
    if (!r.status.ok()) {
      ++failed;
      CHECK(r.status.message().rfind("m.xml", 0) == 0);
      continue;
    }
    for (const auto& t : r.threads) {
      CHECK_FALSE(t.ext_id.empty());
      CHECK_FALSE(t.comments.empty());
      for (const auto& c : t.comments) CHECK_FALSE(c.ext_id.empty());
    }
  }
  CHECK(failed > 100);  // most mutants are not well-formed XML any more
}
