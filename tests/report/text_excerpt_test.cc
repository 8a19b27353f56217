#include "report/text_excerpt.h"

#include <catch2/catch.hpp>

#include "report/markup.h"

namespace threadlens::report {
namespace {

TEST_CASE("SentenceAround returns the sentence holding the span", "[report]") {
  std::string body = "First one here. The market is a bubble and will pop! Last sentence?";
  size_t at = body.find("bubble");
  CHECK(SentenceAround(body, at, at + 6, 200) == "The market is a bubble and will pop!");
  // Span at the very start and at the very end.
  CHECK(SentenceAround(body, 0, 5, 200) == "First one here.");
  CHECK(SentenceAround(body, body.size() - 9, body.size(), 200) == "Last sentence?");
  // Line breaks end sentences too; whitespace is squashed.
  std::string lines = "Title line\nsecond   line with cue\nthird";
  size_t c = lines.find("cue");
  CHECK(SentenceAround(lines, c, c + 3, 200) == "second line with cue");
}

TEST_CASE("SentenceAround trims long sentences around the span", "[report]") {
  std::string body(300, 'x');
  for (size_t i = 0; i < body.size(); i += 6) body[i] = ' ';
  body.replace(150, 6, "BUBBLE");
  std::string s = SentenceAround(body, 150, 156, 60);
  CHECK(s.find("BUBBLE") != std::string::npos);
  CHECK(Columns(s) <= 60);
  CHECK(s.rfind("…", 0) == 0);                              // cut on the left
  CHECK(s.size() >= 3);
  CHECK(s.compare(s.size() - 3, 3, "…") == 0);              // and on the right
}

TEST_CASE("SentenceAround survives bad offsets and never splits UTF-8", "[report]") {
  std::string body = "Ça coûte très cher. Évidemment « une bulle » énorme.";
  CHECK(SentenceAround(body, -4, 2, 100) == "Ça coûte très cher.");
  CHECK(SentenceAround(body, 10, 5000, 100) == "Ça coûte très cher.");
  CHECK(SentenceAround(body, 30, 10, 100) == "Ça coûte très cher.");
  // Offsets in the middle of a multi-byte character.
  for (size_t a = 0; a < body.size(); ++a) {
    std::string s = SentenceAround(body, a, std::min(body.size(), a + 3), 12);
    CHECK(ValidUtf8(s) == s);
    CHECK(Columns(s) <= 12);
  }
}

TEST_CASE("Shorten cuts at a word boundary with an ellipsis", "[report]") {
  CHECK(Shorten("short text", 20) == "short text");
  CHECK(Shorten("  spaced \n\n text  ", 20) == "spaced text");
  std::string s = Shorten("the quick brown fox jumps over the lazy dog", 20);
  CHECK(s == "the quick brown fox…");
  CHECK(Columns(s) <= 20);
  CHECK(ValidUtf8(Shorten("ééééééééééééé", 5)) == Shorten("ééééééééééééé", 5));
  CHECK(Columns(Shorten("ééééééééééééé", 5)) == 5);
}

TEST_CASE("Wrap keeps lines within the width and indents continuations", "[report]") {
  auto lines = Wrap("- alpha beta gamma delta epsilon zeta eta theta", 16, "  ");
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "- alpha beta");
  for (size_t i = 1; i < lines.size(); ++i) CHECK(lines[i].rfind("  ", 0) == 0);
  for (const auto& l : lines) CHECK(Columns(l) <= 16);
  // A word longer than the width stays whole on its own line.
  auto url = Wrap("see https://example.org/a/very/long/path/indeed now", 12);
  CHECK(url.size() == 3);
  CHECK(url[1] == "https://example.org/a/very/long/path/indeed");
  CHECK(Wrap("", 10).empty());
}

TEST_CASE("ValidUtf8 replaces invalid sequences", "[report]") {
  CHECK(ValidUtf8("ok ☃") == "ok ☃");
  CHECK(ValidUtf8(std::string("a\xff" "b")) == "a\xEF\xBF\xBD" "b");
  CHECK(ValidUtf8(std::string("\xC3")) == "\xEF\xBF\xBD");           // truncated
  CHECK(ValidUtf8(std::string("\xC0\xAF")) == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  CHECK(ValidUtf8(std::string("\xED\xA0\x80")).find("\xED") == std::string::npos);  // surrogate
}

TEST_CASE("Html and Xml escape everything that could break markup", "[report]") {
  CHECK(Html("<script>alert('x')</script> & \"q\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  CHECK(Xml("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  // XML 1.0 forbids C0 controls except tab/LF/CR, and U+FFFE/U+FFFF.
  std::string bad = std::string("x\x01y\x1Fz\t\n\r") + "\xEF\xBF\xBE" + "\xEF\xBF\xBF" + "w";
  CHECK(Xml(bad) == "xyz&#9;&#10;&#13;w");
  CHECK(Xml(std::string("\xff")) == "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace threadlens::report
