#include "thread/infer.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>

#include "thread/tree.h"

using namespace threadlens;

namespace {

Thread Make(const std::string& article, const std::vector<std::string>& bodies) {
  Thread t;
  t.body = article;
  for (const auto& b : bodies) {
    Comment c;
    c.body = c.raw = b;
    t.comments.push_back(std::move(c));
  }
  return t;
}

std::vector<int> Parents(const Thread& t) {
  std::vector<int> out;
  for (const auto& c : t.comments) out.push_back(c.parent);
  return out;
}

// A synthetic page of n comments: chains of replies ("you"), quotes and top-level remarks.
Thread Synthetic(int n) {
  Thread t;
  t.body = "An article about rail fares, bus routes and the city budget for next year.";
  const char* words[] = {"fares", "routes", "budget", "trams", "parking", "cycling", "depots", "tolls"};
  for (int i = 0; i < n; ++i) {
    Comment c;
    std::string w = words[i % 8], v = words[(i / 8) % 8];
    switch (i % 5) {
      case 0: c.body = "I think the " + w + " plan ignores " + v + " entirely, as usual here."; break;
      case 1: c.body = "You are wrong about " + w + ", the " + v + " numbers say otherwise."; break;
      case 2: c.body = "Exactly. And the " + w + " office never answers about " + v + "."; break;
      case 3: c.body = "Does anyone know when the " + w + " consultation closes?"; break;
      default: c.body = "Next month, I believe. The " + w + " page lists " + v + " too."; break;
    }
    c.raw = c.body;
    t.comments.push_back(std::move(c));
  }
  return t;
}

}  // namespace

TEST_CASE("no evidence: a comment is top level", "[thread][infer]") {
  Thread t = Make("Fares are rising across the region this spring.",
                  {"Fares always rise in spring.", "The buses were late again today."});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, -1});
  CHECK(std::string(t.comments[1].parent_method) == "none");
}

TEST_CASE("addressing, openers and answers attach to the comment above", "[thread][infer]") {
  Thread t = Make("Fares are rising across the region this spring, the council says, because the "
                  "tram depot costs more than planned and the new timetable needs more drivers.",
                  {"Is anyone else going to stop commuting by tram because of this? I have done the "
                   "sums twice now and a monthly pass costs more than the running costs of a small "
                   "second-hand car, which is absurd for a city that says it wants fewer cars.",
                   "Yes, I will cycle from April and keep the money. The new lanes along the river "
                   "are good enough for most of the year, and the winter months are the only real "
                   "problem for anyone who commutes more than five miles each way.",
                   "There are two ways to read your last sentence. Either the lanes are good or the "
                   "winters are short, and in this city neither is true for long, so I would not "
                   "count on the bike as a plan for the whole year.",
                   "The depot budget was approved without any public consultation at all, and the "
                   "overspend was known to the committee months before the fare rise was announced "
                   "in the spring, which is the part of the story nobody has reported properly."});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, 1, -1});
  CHECK(std::string(t.comments[2].parent_method) == "address");
  for (const auto& c : t.comments) {
    CHECK(c.parent_confidence > 0);
    CHECK(c.parent_confidence <= 1);
  }
}

TEST_CASE("a quote of an earlier comment on the spine wins, and is recorded", "[thread][infer]") {
  Thread t = Make("A long article about housing.",
                  {"The new estate will have four hundred homes and no school for the children who live there.",
                   "You forget that councils never build schools first, it is always homes and then a decade of waiting.",
                   "\"four hundred homes and no school for the children\" is the whole problem in one line."});
  InferParents(&t);
  CHECK(t.comments[1].parent == 0);
  CHECK(t.comments[2].parent == 0);
  CHECK(std::string(t.comments[2].parent_method) == "quote");
  bool found = false;
  for (const Quote& q : t.quotes)
    if (q.comment == 2 && q.quoted_comment == 0) {
      found = true;
      CHECK(q.start >= 0);
      CHECK(q.end > q.start);
      CHECK(q.similarity > 0.5);
    }
  CHECK(found);
}

TEST_CASE("Twitter-style @mention prefixes rebuild the tree", "[thread][infer]") {
  Thread t = Make("Root tweet about the rail strike.",
                  {"@rootuser that is not what the union said", "@amy @rootuser it is, read the letter",
                   "@rootuser totally agree, the trains are a mess", "@bob @rootuser agreed with you"});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, -1, 2});
}

TEST_CASE("Twitter-style prefixes: a conversation between two repliers is a chain",
          "[thread][infer]") {
  // The post is @ann's; bob and cara argue under it, each prefix naming the one answered first
  // and never the writer; dev starts a new reply to the post, and eve answers dev.
  Thread t = Make("Root post about the new timetable.",
                  {"@ann fares are up again on my line", "@bob @ann they are not, read the notice",
                   "@cara @ann I did read it, twice", "@bob @ann then read the small print",
                   "@ann what a week for the trains", "@dev @ann it really was"});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, 1, 2, -1, 4});
}

TEST_CASE("Twitter-style prefixes: in a long exchange a reply answers the latest of its addressee",
          "[thread][infer]") {
  // pat and sam trade replies under the post of @news: each names the other first. Who wrote the
  // comment just above is only inferred (nobody has answered it yet), while sam's earlier tweets
  // are known from the replies they drew; the latest tweet of the one addressed is still the
  // one answered.
  Thread t = Make("Root post about the storm warning for the coast.",
                  {"@news is a red warning normal for this kind of storm?",
                   "@pat @news it is a scale, amber comes first and red means danger to life",
                   "@sam @news but they went straight to red, does that happen often?",
                   "@pat @news only when the models agree on the track this early",
                   "@sam @news so the ferries will stop tonight then",
                   "@pat @news most likely, they stopped for less last winter",
                   "@sam @news last winter they ran until the evening though",
                   "@pat @news that was a different operator on that route",
                   "@sam @news fair enough, I will check before I leave"});
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, 1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("self-training: a thread of answers learns to prefer the comment above",
          "[thread][infer]") {
  // Long comments make the starting prior an article's (most comments top level). Here nearly
  // every comment visibly answers the one above, so the thread's own moves say "child"; the
  // two comments that show no cue follow the thread's habit instead of the starting prior.
  const std::string pad =
      " The figures in the annual report, the minutes of the committee and the letters from the "
      "residents all tell the same story, and anyone who reads them will see it.";
  std::vector<std::string> bodies = {
      "The council approved the depot budget last night without a public consultation." + pad};
  const char* replies[] = {"You are wrong about the depot, the consultation ran for a month.",
                           "You say that, but nobody I know was ever asked about the depot.",
                           "Not really. The notice was in the paper and on the depot fence.",
                           "You clearly missed the point about who reads the paper any more.",
                           "Exactly. And the fence notice went up after the vote, not before."};
  for (int round = 0; round < 3; ++round)
    for (const char* r : replies) bodies.push_back(std::string(r) + pad);
  // Long, with words of their own: nothing ties them to the comment above.
  const std::string quiet =
      " Weather permitting, gardeners along Mill Lane expect marrows, onions and late "
      "strawberries, although slugs, pigeons and one stubborn badger disagree about whose "
      "harvest it really is, and the allotment society keeps minutes nobody reads.";
  const size_t quiet1 = bodies.size();
  bodies.push_back("Honestly the allotments behind the library are the best kept secret." + quiet);
  for (const char* r : replies) bodies.push_back(std::string(r) + pad);
  const size_t quiet2 = bodies.size();
  bodies.push_back("Meanwhile the orchard by the canal produced almost no apples, pears or "
                   "plums this autumn, because frost in April hit the blossom twice and the "
                   "beekeepers moved their hives to the heath before the trees had even flowered, "
                   "leaving volunteers with ladders, crates and very little to pick.");
  Thread t = Make("A long article about the depot.", bodies);
  InferParents(&t);
  CHECK(t.comments[quiet1].parent == static_cast<int>(quiet1) - 1);
  CHECK(t.comments[quiet2].parent == static_cast<int>(quiet2) - 1);
}

TEST_CASE("a one-word reaction answers a comment, not the thread", "[thread][infer]") {
  std::vector<std::string> bodies;
  for (int i = 0; i < 6; ++i)
    bodies.push_back("The tram depot overspend was known to the committee months before the "
                     "fare rise, and the minutes of meeting " + std::to_string(i) +
                     " show it plainly to anyone who looks.");
  bodies.push_back("Source?");
  Thread t = Make("Fares rise again.", bodies);
  InferParents(&t);
  CHECK(t.comments.back().parent >= 0);
}

TEST_CASE("a flat page of short remarks stays flat", "[thread][infer]") {
  // A video's comments: a few words each, nobody answering anybody. Short is the norm here, so
  // shortness is no sign of a reply, and self-training learns the page is flat.
  const char* remarks[] = {"So good", "Love this song", "Who is here in 2019", "The drummer though",
                           "Best live version", "Goosebumps every time", "My childhood", "Still amazing"};
  std::vector<std::string> bodies;
  for (int round = 0; round < 5; ++round)
    for (const char* r : remarks) bodies.push_back(std::string(r) + " " + std::to_string(round));
  Thread t = Make("(video)", bodies);
  InferParents(&t);
  int top = 0;
  for (const auto& c : t.comments) top += c.parent < 0;
  CHECK(top >= static_cast<int>(t.comments.size()) * 9 / 10);
}

TEST_CASE("page depth hints decide when most comments have them", "[thread][infer]") {
  Thread t = Make("x", {"a", "b", "c", "d"});
  int depth[] = {0, 1, 2, 1};
  for (size_t i = 0; i < 4; ++i) t.comments[i].depth_hint = depth[i];
  InferParents(&t);
  CHECK(Parents(t) == std::vector<int>{-1, 0, 1, 0});
  CHECK(std::string(t.comments[1].parent_method) == "indent");
}

TEST_CASE("a 100,000-deep reply chain does not recurse", "[thread][infer]") {
  Thread t;
  t.body = "Article.";
  for (int i = 0; i < 100000; ++i) {
    Comment c;
    c.body = c.raw = "You are right about point " + std::to_string(i) + ", and your point stands.";
    t.comments.push_back(std::move(c));
  }
  REQUIRE(TreeStage().Process(&t).ok());
  CHECK(t.comments.back().depth == 99999);
  CHECK(t.comments[5].parent == 4);
}

TEST_CASE("inference is near-linear: 100k comments in bounded time", "[thread][infer][slow]") {
  // CPU time of this thread, not wall time: on a shared machine (ctest -j2 beside builds) a
  // wall-clock ratio of one run each swung past the limit (29 against 25) with no change in
  // the code. The small run, the noisier, is the best of three.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  auto time = [&](int n) {
    Thread t = Synthetic(n);
    double t0 = cpu_now();
    InferParents(&t);
    return cpu_now() - t0;
  };
  double small = std::min({time(10000), time(10000), time(10000)}), big = time(100000);
  WARN("InferParents: 10k comments " << small << " s, 100k comments " << big << " s, ratio "
                                      << big / small);
  CHECK(big < 30.0);
  // Quadratic would be ~100x; allow generous noise above linear (10x).
  CHECK(big / small < 25.0);
}

TEST_CASE("a removed comment left on the page has the next comment as a reply", "[thread][infer]") {
  // Reddit keeps "[deleted]" in place only when somebody answered it.
  Thread t = Make("The ferry timetable changes in May.",
                  {"I think the morning ferry will leave twenty minutes earlier from May, which "
                   "suits nobody who works in town and needs the later boat home at night.",
                   "[deleted]",
                   "I think night services on the island have been cut for years now, and the "
                   "timetable change is only the latest step in a long and quiet decline."});
  InferParents(&t);
  CHECK(t.comments[2].parent == 1);
}

TEST_CASE("chat thread: a reply sharing words only with a comment further up answers it",
          "[thread][infer]") {
  // Every reply here repeats a word of the comment it answers, and no other comment does: the
  // thread's own rate of sharing words with a parent against a non-parent makes sharing nothing
  // with the comment just above evidence against it. The last comment shares nothing with the
  // one above ("March was chaos") but repeats "operator" from the one above that.
  std::vector<std::string> bodies;
  const char* topics[][2] = {{"lighthouse", "lamp"},  {"ferry", "deck"},    {"bakery", "ovens"},
                             {"library", "shelves"}, {"orchard", "pears"}, {"stadium", "seats"},
                             {"museum", "statues"},  {"garage", "tyres"}};
  for (const auto& tp : topics) {
    bodies.push_back(std::string("The ") + tp[0] + " " + tp[1] + " looked odd today.");
    bodies.push_back(std::string("Yeah, that ") + tp[1] + " needs fixing soon.");
  }
  bodies.push_back("The harbour crane broke down again this week.");
  bodies.push_back("Yeah, the operator quit in March.");
  bodies.push_back("Exactly, March was chaos.");
  bodies.push_back("Still, that operator trained for years.");
  Thread t = Make("Town news.", bodies);
  InferParents(&t);
  const int n = static_cast<int>(bodies.size());
  CHECK(t.comments[static_cast<size_t>(n - 2)].parent == n - 3);
  CHECK(t.comments[static_cast<size_t>(n - 1)].parent == n - 3);
}

TEST_CASE("a first-person opener starts a new thread under an article but not in a chat",
          "[thread][infer]") {
  // Chat (a Reddit thread of short comments): "I remember ..." answers the comment above as
  // often as any other reply does; it is no sign of a new thread.
  Thread chat = Make("Best cheap lunch in town?",
                     {"Tacos at the truck on Fifth, five bucks.", "Are you sure it's still open?",
                      "Yes, saw it Monday.", "Do you know if they take cards?",
                      "No, cash only last time.", "Pho at Lucky Bowl on Tuesdays.",
                      "I remember when that was way cheaper.", "Did you try the dumplings?",
                      "Yeah, you have to get there early.", "Have you been to the night market?",
                      "Not yet, is it any good?", "You'd love it, trust me."});
  InferParents(&chat);
  CHECK(chat.comments[6].parent == 5);
  // Article comment section (long comments): the same opener after a long comment that asks
  // nobody anything starts a point of its own.
  const std::string essay =
      "The council's transport plan spends most of its budget on road widening while the bus "
      "network, which carries more commuters every year, gets a token sum and vague promises "
      "about electric fleets at some unspecified point after the next election cycle is over.";
  Thread article = Make("The transport plan", {essay, essay,
      "I remember when the trams ran down the high street every ten minutes, and nobody needed "
      "a consultation to see that they filled up at rush hour with shoppers and school children "
      "and office staff alike, long before the planners discovered the word sustainable.",
      essay});
  InferParents(&article);
  CHECK(article.comments[2].parent == -1);
}
