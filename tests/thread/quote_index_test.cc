#include "thread/quote_index.h"

#include <catch2/catch.hpp>
#include <string>

using namespace threadlens;

TEST_CASE("words fold case and apostrophes", "[thread][quote]") {
  std::vector<Word> a, b;
  SplitWords("It’s DeepSeek's", &a);
  SplitWords("its deepseeks", &b);
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  CHECK(a[0].hash == b[0].hash);
  CHECK(a[1].hash == b[1].hash);
  CHECK(std::string("It’s DeepSeek's").substr(a[1].start, a[1].end - a[1].start) == "DeepSeek's");
}

TEST_CASE("an exact quote is found with its byte span", "[thread][quote]") {
  std::string src = "Since necessity is the mother of all invention, this has pushed Chinese developers "
                    "to economise on chip usage.";
  std::string reply = "Hmm. \"this has pushed Chinese developers to economise on chip usage\" is a stretch.";
  QuoteSpan q = FindQuote(TextShingles::Of(reply), TextShingles::Of(src));
  REQUIRE(q.matched >= 5);
  CHECK(q.similarity == Approx(1.0));
  CHECK(reply.substr(static_cast<size_t>(q.start), static_cast<size_t>(q.end - q.start)) ==
        "this has pushed Chinese developers to economise on chip usage");
}

TEST_CASE("a near-exact quote survives a changed word", "[thread][quote]") {
  std::string src = "the fact that the development cost less than one percent of its competitors calls "
                    "into question the entire sector";
  std::string reply = "the fact that the development cost less than 1 percent of its competitors calls "
                      "into question the whole sector";
  QuoteSpan q = FindQuote(TextShingles::Of(reply), TextShingles::Of(src));
  CHECK(q.matched >= 6);
  CHECK(q.similarity > 0.5);
  CHECK(q.similarity < 1.0);
}

TEST_CASE("unrelated texts share no quote", "[thread][quote]") {
  QuoteSpan q = FindQuote(TextShingles::Of("The weather in Leeds was grey all week, as usual."),
                          TextShingles::Of("Nvidia lost a fifth of its value before lunch on Monday."));
  CHECK(q.matched == 0);
}

TEST_CASE("short quoted phrases are found word for word", "[thread][quote]") {
  TextShingles src = TextShingles::Of("Word processors removed typists, but that work shifted to other areas.");
  TextShingles phrase = TextShingles::Of("Other areas");
  CHECK(ContainsPhrase(phrase, 0, phrase.words.size(), src));
  TextShingles miss = TextShingles::Of("other worlds");
  CHECK_FALSE(ContainsPhrase(miss, 0, miss.words.size(), src));
}
