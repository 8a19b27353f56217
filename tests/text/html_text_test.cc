// HtmlToText: entities, block layout, links, dropped and kept content, broken input.
#include <catch2/catch.hpp>
#include <string>

#include "text/repair.h"
#include "text/repair_internal.h"

using threadlens::HtmlToText;

TEST_CASE("html: named and numeric character references", "[text]") {
  CHECK(HtmlToText("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#39;f&#39;") ==
        "a & b <c> \"d\" 'e' 'f'");
  CHECK(HtmlToText("caf&eacute; &hellip; &mdash; &ndash; &lsquo;x&rsquo; &ldquo;y&rdquo;") ==
        "café … — – ‘x’ “y”");
  CHECK(HtmlToText("&copy; &reg; &trade; &euro; &pound; &times; &Uuml;ber &szlig; &hearts;") ==
        "© ® ™ € £ × Über ß ♥");
  CHECK(HtmlToText("&#123;&#x1F600;&#X41;&#65") == "{😀AA");
  CHECK(HtmlToText("&#146;s") == "’s");  // 0x80..0x9F mean Windows-1252, as in browsers
  CHECK(HtmlToText("[&#0;][&#xD800;][&#x110000;][&#99999999999999;]") ==
        "[\uFFFD][\uFFFD][\uFFFD][\uFFFD]");
  // Not references: kept as text.
  CHECK(HtmlToText("&bogus; &amp x & y &#; &#x; &") == "&bogus; & x & y &#; &#x; &");
  CHECK(HtmlToText("AT&T; fish&chips") == "AT&T; fish&chips");
  CHECK(HtmlToText("a&nbsp;b") == "a b");
}

TEST_CASE("html: line breaks and blocks", "[text]") {
  CHECK(HtmlToText("line1<br>line2<br/>line3<BR />line4") == "line1\nline2\nline3\nline4");
  CHECK(HtmlToText("Great video<br><br>Thanks") == "Great video\n\nThanks");  // YouTube
  CHECK(HtmlToText("<p>one</p><p>two</p>") == "one\n\ntwo");
  CHECK(HtmlToText("first<p>second<p>third") == "first\n\nsecond\n\nthird");  // Hacker News
  CHECK(HtmlToText("<div class=\"md\"><p>Hello <em>world</em></p>\n\n<p>Second</p>\n</div>") ==
        "Hello world\n\nSecond");  // Reddit body_html after its outer unescaping
  CHECK(HtmlToText("<ul><li>a</li><li>b</li></ul>after") == "- a\n- b\n\nafter");
  CHECK(HtmlToText("<h2>Title</h2>text<hr>more") == "Title\n\ntext\n\nmore");
  CHECK(HtmlToText("<table><tr><td>a</td><td>b</td></tr></table>") == "a b");
  CHECK(HtmlToText("<p>  a \n  <b>b</b>  </p>") == "a b");
  CHECK(HtmlToText("<span>ab</span><span>cd</span>") == "abcd");
  // WordPress keeps paragraphs as blank lines and adds <p> only when showing them.
  CHECK(HtmlToText("First para, <em>one</em>\nline.\n\nSecond.\r\n\r\nThird") ==
        "First para, one line.\n\nSecond.\n\nThird");
  CHECK(HtmlToText("<pre>a\n\n\nb</pre>") == "a\n\n\nb");
}

TEST_CASE("html: links keep their text, or show the address", "[text]") {
  CHECK(HtmlToText("see <a href=\"https://x.org/?a=1&amp;b=2\">this page</a>.") ==
        "see this page.");
  CHECK(HtmlToText("see <a href=\"https://x.org/?a=1&amp;b=2\"></a>") ==
        "see https://x.org/?a=1&b=2");
  CHECK(HtmlToText("<a href='u' title=\"a>b\">t</a>") == "t");  // '>' inside quotes
  CHECK(HtmlToText("<a href=bare>  </a>!") == "bare!");
  CHECK(HtmlToText("nice <img alt=\"🙂\" src=\"x.png\"> one") == "nice 🙂 one");
}

TEST_CASE("html: script and style are dropped, quotes and pre are kept", "[text]") {
  CHECK(HtmlToText("a<script>alert('<p>x</p>')</script>b<STYLE>p{}</STYLE>c") == "abc");
  CHECK(HtmlToText("a<script>never closed <b>") == "a");
  CHECK(HtmlToText("<blockquote><p>quoted line</p><p>second</p></blockquote><p>reply</p>") ==
        "> quoted line\n\n> second\n\nreply");
  CHECK(HtmlToText("<blockquote>outer<blockquote>inner</blockquote></blockquote>me") ==
        "> outer\n\n> > inner\n\nme");
  CHECK(HtmlToText("<pre>code\n  indented\n</pre>after") == "code\n  indented\n\nafter");
  CHECK(HtmlToText("<pre><code>x &lt; y</code></pre>") == "x < y");
}

TEST_CASE("html: broken markup loses nothing", "[text]") {
  CHECK(HtmlToText("a <b unterminated") == "a <b unterminated");
  CHECK(HtmlToText("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3");
  CHECK(HtmlToText("I <3 this") == "I <3 this");
  CHECK(HtmlToText("<!-- never closed") == "<!-- never closed");
  CHECK(HtmlToText("<!-- c -->d<!DOCTYPE html>e") == "de");
  CHECK(HtmlToText("x <a href=\"oops>y") == "x <a href=\"oops>y");  // no '>' after the quote
  CHECK(HtmlToText("<i>a <b</i>") == "a <b");
  CHECK(HtmlToText("") == "");
  CHECK(HtmlToText("<p></p><br>") == "");
}

TEST_CASE("html: entity table is sorted and complete", "[text]") {
  using threadlens::text_internal::LookupHtmlEntity;
  CHECK(LookupHtmlEntity("amp") == U'&');
  CHECK(LookupHtmlEntity("AElig") == 0xC6);
  CHECK(LookupHtmlEntity("yuml") == 0xFF);
  CHECK(LookupHtmlEntity("zwnj") == 0x200C);
  CHECK(LookupHtmlEntity("rsquo") == 0x2019);
  CHECK(LookupHtmlEntity("Amp") == 0);
  CHECK(LookupHtmlEntity("") == 0);
  // All 96 Latin-1 names in order from U+00A0: a lookup that fails means the table is unsorted.
  const char* kLatin1[] = {
      "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
      "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
      "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
      "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
      "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
      "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
      "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
      "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
      "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
      "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
      "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};
  for (int k = 0; k < 96; ++k) {
    INFO(kLatin1[k]);
    CHECK(LookupHtmlEntity(kLatin1[k]) == static_cast<char32_t>(0xA0 + k));
  }
}

TEST_CASE("html: hostile input finishes (linear scans)", "[text]") {
  // Each of these is quadratic for a scanner that restarts searches from every '<' or '&'.
  std::string many_open_quotes, many_amps, many_comments, many_lt;
  for (int k = 0; k < 100000; ++k) {
    many_open_quotes += "<a x='>";
    many_amps += "&#x";
    many_comments += "<!--";
    many_lt += "<a";
  }
  CHECK(!HtmlToText(many_open_quotes).empty());
  CHECK(HtmlToText(many_amps) == many_amps);
  CHECK(HtmlToText(many_comments) == many_comments);
  CHECK(HtmlToText(many_lt) == many_lt);
  CHECK(HtmlToText("<script>" + many_lt).empty());
}
