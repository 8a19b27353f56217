#include "thread/segment.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "testing.h"
#include "text/repair.h"
#include "thread/eval.h"
#include "thread/tree.h"

using namespace threadlens;

namespace {

std::shared_ptr<const PageRules> Rules() {
  static auto r = PageRules::Load(rules::BuiltinRuleSource());
  REQUIRE(r.ok());
  return *r;
}

// Runs repair, segmentation and the tree stage on a text page.
Thread Process(const std::string& text) {
  Thread t;
  t.platform = "text";
  t.needs_segmentation = true;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) t.lines.push_back({++n, line, ""});
  REQUIRE(RepairStage().Process(&t).ok());
  REQUIRE(SegmentStage(Rules()).Process(&t).ok());
  REQUIRE(TreeStage(Rules()).Process(&t).ok());
  return t;
}

std::vector<std::pair<int, int>> Ranges(const Thread& t) {
  std::vector<std::pair<int, int>> out;
  for (const auto& c : t.comments) out.emplace_back(c.line_start, c.line_end);
  return out;
}

using R = std::vector<std::pair<int, int>>;

}  // namespace

TEST_CASE("bare dump: the article is the leading run of long paragraphs", "[thread][segment]") {
  std::string para(260, 'x');
  for (size_t i = 5; i < para.size(); i += 6) para[i] = ' ';
  Thread t = Process(para + "\n" + para + "\nShort first comment here.\nAnother one.\n");
  CHECK(t.body.size() == 2 * para.size() + 1);
  CHECK(Ranges(t) == R{{3, 3}, {4, 4}});
}

TEST_CASE("bare dump: a long paragraph that answers somebody ends the article", "[thread][segment]") {
  // Long comments one per line: the leading run of long paragraphs would take them all.
  const std::string article =
      "The council published its transport plan on Monday, promising a tram line through the "
      "eastern suburbs by the end of the decade and a bus network redrawn around it, paid for by "
      "a levy on workplace parking that businesses in the centre have opposed for years now.";
  const std::string second =
      "Officials say the levy would raise enough to cover the borrowing, though the plan gives no "
      "figure for the running costs of the trams once they are built, and the opposition has "
      "already asked for an independent review of the numbers before the vote in the spring.";
  const std::string reply =
      "I think you're underestimating how much the levy will cost the small firms in the centre, "
      "most of which have no choice about where their staff park and no way to pass the charge "
      "on to anyone, so the burden falls on exactly the businesses the plan says it protects.";
  const std::string quote =
      "> paid for by a levy on workplace parking that businesses in the centre have opposed for "
      "years now. They opposed it because nobody asked them, and the consultation ran for three "
      "weeks over the summer holidays when half of the owners were away from their shops.";
  Thread t = Process(article + "\n" + second + "\n" + reply + "\n" + quote + "\nShort reply.\n");
  CHECK(t.body == article + "\n" + second);
  REQUIRE(!t.comments.empty());
  CHECK(t.comments.front().line_start == 3);
  CHECK(t.comments.size() == 3);

  // An article speaking to its readers is still the article.
  const std::string readers =
      "Your pension is at risk if the levy passes, say the small firms, because the charge will be "
      "taken out of the same budget that pays for the staff scheme, and the council has not said "
      "what happens to the firms that cannot pay it before the end of the next financial year.";
  Thread u = Process(article + "\n" + readers + "\nShort reply.\n");
  CHECK(u.body == article + "\n" + readers);
  CHECK(Ranges(u) == R{{3, 3}});
}

TEST_CASE("one long comment per line: a reply sharing its parent's words is not joined to it",
          "[thread][segment]") {
  // Lines of 45 words and more are whole comments (paragraphs run about 25 words, in the seed
  // and on Hacker News alike): a reply repeats the rare words it answers, and that is not the
  // writer going on.
  const char* page =
      "Title: the new timetable\n"
      "The new timetable moves the first train from the depot at Millbrook to half past five, "
      "which sounds early until you remember that the cleaners and the bakery shifts start at six "
      "and have had to take taxis for years because nothing else ran before seven in the morning.\n"
      "The Millbrook depot has been promising that half past five train since the electrification "
      "was finished, so forgive me if I wait to see it on the board before I believe it; the "
      "bakery shifts have heard this before and the taxis still queue outside the depot gates.\n"
      "Has anyone worked out what happens to the late services on Sundays under this plan, because "
      "the leaflet that came through my door only lists weekdays and Saturdays and says nothing at "
      "all about the evening buses that are supposed to connect with the last train from the city?\n"
      "On the buses: the council's own consultation page says the Sunday connections stay as they "
      "are until the spring review, when the whole network is redrawn around the new tram stops, so "
      "nothing changes for at least another six months, whatever the leaflet leaves out this time.\n";
  Thread t = Process(page);
  CHECK(Ranges(t) == R{{2, 2}, {3, 3}, {4, 4}, {5, 5}});
}

TEST_CASE("one comment per line: a chat reply opening with a connective is a comment of its own",
          "[thread][segment]") {
  // Chat lines (a median of a few words): "And ..." or "So ..." opens an answer, not the
  // writer's next paragraph.
  const char* page =
      "Best tacos in town?\n"
      "The truck behind the hardware store, every time.\n"
      "And they close at two, so go early.\n"
      "Nah, the one on Fifth is better.\n"
      "So you have never had the brisket one then.\n"
      "Which truck is that?\n"
      "Green one, next to the car wash.\n";
  Thread t = Process(page);
  CHECK(Ranges(t) == R{{2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 6}, {7, 7}});
}

TEST_CASE("bare dump, one paragraph per line: continuation cues group lines", "[thread][segment]") {
  const char* page =
      "Title of the piece\n"
      "I think the budget numbers are invented from start to finish.\n"       // 2
      "Also, nobody has checked the hospital figures.\n"                      // 3: connective
      "I disagree, two points:\n"                                                // 4
      "1. The rail line was cancelled twice.\n"                               // 5: after colon
      "2. The tram line was never funded.\n"                                  // 6: list goes on
      "*I used to work at the transport office.\n"                            // 7: footnote
      "I totally agree that the tram story is a scandal.\n"                   // 8: opener
      "Have you got a source for the hospital figures?\n"                     // 9: rebuttal
      "https://example.org/report.pdf\n"                                      // 10: bare link
      "The report says nothing about hospitals at all.\n";                    // 11
  Thread t = Process(page);
  CHECK(Ranges(t) == R{{2, 3}, {4, 7}, {8, 8}, {9, 9}, {10, 11}});
}

TEST_CASE("bare dump: quoted material, then the writer's own words", "[thread][segment]") {
  const char* page =
      "The council says the new bridge will pay for itself within a decade through tolls and "
      "through the shops that will open on both banks once the traffic comes back to the old "
      "town, and it expects the works to start in the spring of next year at the earliest.\n"
      "through the shops that will open on both banks once the traffic comes back\n"  // 2: quote
      "You say that like anyone believes it.\n"                                      // 3
      "Bridges never pay for themselves.\n";                                         // 4
  Thread t = Process(page);
  REQUIRE(t.comments.size() == 2);
  CHECK(Ranges(t) == R{{2, 3}, {4, 4}});
  CHECK(t.comments[0].parent == -1);
  CHECK(std::string(t.comments[0].parent_method) == "quote");
  bool article_quote = false;
  for (const Quote& q : t.quotes) article_quote |= q.comment == 0 && q.of_article;
  CHECK(article_quote);
}

TEST_CASE("blank-line dump: blank lines separate comments, newlines do not", "[thread][segment]") {
  const char* page =
      "Post title\n"
      "\n"
      "First comment, first paragraph.\n"
      "Same comment, second line.\n"
      "\n"
      "Second comment.\n"
      "\n"
      "Third comment, short.\n"
      "\n"
      "Fourth comment announces:\n"
      "\n"
      "1. and lists\n";
  Thread t = Process(page);
  CHECK(t.body == "Post title");
  CHECK(Ranges(t) == R{{3, 4}, {6, 6}, {8, 8}, {10, 12}});
  CHECK(t.comments[0].body == "First comment, first paragraph.\nSame comment, second line.");
  CHECK(t.comments[3].body == "Fourth comment announces:\n\n1. and lists");
}

TEST_CASE("blank-line dump: two comments and one blank line between them", "[thread][segment]") {
  // The only break in the dump is a blank line: that is its separator, even for a short
  // unpunctuated comment that the next one could seem to complete.
  const char* page =
      "Which bakery near the station opens early?\n"
      "\n"
      "sure\n"
      "\n"
      "This is why we never get nice bread.\n";
  Thread t = Process(page);
  CHECK(Ranges(t) == R{{3, 3}, {5, 5}});
}

TEST_CASE("furniture is dropped and never kept as comment text", "[thread][segment]") {
  const char* page =
      "Article paragraph that is long enough to be the article of this page, going on and on about "
      "the topic at hand so that it passes the length test for an article paragraph in a bare dump.\n"
      "Join the discussion\n"
      "To join the discussion in the comments, become a paid subscriber.\n"
      "Subscribebecause the prices are wrong.\n"
      "Reply\n"
      "Log in to comment\n";
  Thread t = Process(page);
  REQUIRE(t.comments.size() == 1);
  CHECK(t.comments[0].body == "because the prices are wrong.");
  CHECK(t.comments[0].raw == "Subscribebecause the prices are wrong.");
}

TEST_CASE("site shapes segment exactly and keep their metadata", "[thread][segment]") {
  for (const char* name : {"hackernews", "reddit-old", "wpdiscuz", "youtube", "substack"}) {
    INFO(name);
    std::string dir = testing::SourceDir() + "/fixtures/";
    Thread t = Process(testing::ReadFile(dir + "text/" + name + ".txt"));
    auto gold = eval::LoadGold(dir + "gold/" + name + ".gold.json");
    REQUIRE(gold.ok());
    R want;
    for (const auto& c : gold->comments) want.emplace_back(c.line_start, c.line_end);
    CHECK(Ranges(t) == want);
    for (const auto& c : t.comments) {
      CHECK_FALSE(c.author.empty());
      CHECK(c.body.find("Reply") == std::string::npos);
    }
  }
}

TEST_CASE("headers give authors, dates, scores and depth", "[thread][segment]") {
  std::string dir = testing::SourceDir() + "/fixtures/text/";
  Thread wp = Process(testing::ReadFile(dir + "wpdiscuz.txt"));
  REQUIRE(wp.comments.size() == 4);
  CHECK(wp.comments[0].author == "Harriet Ames");
  CHECK(wp.comments[0].created_at == "2025-01-27T09:14:00Z");
  CHECK(wp.comments[1].reply_to == "Harriet Ames");
  CHECK(wp.comments[1].parent == 0);
  CHECK(wp.comments[3].parent == -1);

  Thread old = Process(testing::ReadFile(dir + "reddit-old.txt"));
  REQUIRE(old.comments.size() == 5);
  CHECK(old.comments[0].score == 41);
  CHECK(old.comments[0].HasFlag("time:7 hours ago"));
  CHECK(old.comments[0].created_at.empty());

  Thread hn = Process(testing::ReadFile(dir + "hackernews.txt"));
  REQUIRE(hn.comments.size() == 6);
  std::vector<int> depth, parent;
  for (const auto& c : hn.comments) {
    depth.push_back(c.depth);
    parent.push_back(c.parent);
    CHECK((c.parent < 0 || std::string(c.parent_method) == "indent"));
  }
  CHECK(depth == std::vector<int>{0, 1, 2, 1, 0, 1});
  CHECK(parent == std::vector<int>{-1, 0, 1, 0, -1, 4});
}

TEST_CASE("one comment per line: a '>' line quoting the line above answers it",
          "[thread][segment]") {
  // A reply copied onto one line: its quote of the comment above, then its own words. Nobody
  // quotes their own last words, so it starts a new comment; and the line after it is not an
  // answer to a bare quote inside the same comment.
  const char* page =
      "Title of the piece\n"
      "Harbour tunnel approved after six years of councillors arguing over tolls, ferries, "
      "dredging, subsidies and contractors\n"                                                // 2
      "> six years of councillors arguing over tolls, ferries, dredging, subsidies and "
      "contractors And it will take ten more to dig.\n"                                       // 3
      "Ten more is optimistic for a tunnel under moving sand.\n"                          // 4
      "So much this. The last tunnel here ran four years late.\n";                        // 5
  Thread t = Process(page);
  CHECK(Ranges(t) == R{{2, 2}, {3, 3}, {4, 4}, {5, 5}});
}

TEST_CASE("one comment per line: where lines rarely end with a full stop, short ones are comments",
          "[thread][segment]") {
  // A chat page copied line per comment: most lines have no final punctuation, so a short
  // unpunctuated line is a reaction, not the end of the line above.
  const char* page =
      "Title of the piece\n"
      "the new single is so good\n"
      "lol same\n"
      "who else is here after the live show\n"
      "me\n"
      "the drummer deserves a raise honestly\n"
      "facts\n"
      "best video this year\n"
      "agreed\n";
  Thread t = Process(page);
  CHECK(t.comments.size() == 8);
}

TEST_CASE("one comment per line: a chat reply sharing its parent's words is not joined to it",
          "[thread][segment]") {
  // A Reddit thread copied one comment per line (lines of a dozen words or fewer): replies repeat
  // the words they answer, so shared words are no sign of the same writer going on.
  const char* page =
      "Best cheap lunch special in town?\n"
      "Perry's pork chop lunch special on Fridays is hard to beat.\n"
      "Honestly what is so great about the Perry's pork chop?\n"
      "The pork chop at Perry's is huge and cheap on Fridays.\n"
      "Tacos at the truck on Fifth, five bucks.\n"
      "Which truck on Fifth has the tacos?\n"
      "The green taco truck by the library.\n";
  Thread t = Process(page);
  CHECK(t.comments.size() == 6);
}
