// RepairText: invalid UTF-8, controls, reversible and lossy mojibake, NFC; the fast path
// against the slow path; the seed's 46 damaged marks ([shared]).
#include "text/repair.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "testing.h"
#include "text/repair_internal.h"

namespace {

using threadlens::RepairCounts;
using threadlens::RepairText;

std::string Repair(std::string_view in) {
  RepairCounts c;
  return RepairText(in, &c);
}

// A strict UTF-8 check written independently of the code under test.
bool IsValidUtf8(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open("UTF-8", &err);
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  std::vector<UChar> buf(s.size() + 1);
  ucnv_toUChars(conv, buf.data(), static_cast<int32_t>(buf.size()), s.data(),
                static_cast<int32_t>(s.size()), &err);
  ucnv_close(conv);
  return U_SUCCESS(err);
}

// True if `s` (valid UTF-8) holds a control character RepairText should have dropped.
bool HasDroppedControl(const std::string& s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const UChar32 c = u.char32At(i);
    if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F)) return true;
  }
  return false;
}

struct Pair {
  const char* damaged;
  const char* meant;
};

}  // namespace

TEST_CASE("repair: the seed's cases", "[text]") {
  RepairCounts c;
  CHECK(RepairText("The naivetĂ© of the tech community", &c) ==
        "The naiveté of the tech community");
  CHECK(c.mojibake_reversed == 1);
  CHECK(c.lossy_punctuation == 0);

  c = {};
  CHECK(RepairText("DeepSeekâs threat to American firms", &c) ==
        "DeepSeek’s threat to American firms");
  CHECK(c.lossy_punctuation == 1);
  CHECK(Repair("input and output tokens â that is, the smallest unit") ==
        "input and output tokens — that is, the smallest unit");
  CHECK(Repair("Next, I asked it to: âTell me about the Square massacre.â But it went silent.") ==
        "Next, I asked it to: “Tell me about the Square massacre.” But it went silent.");
  CHECK(Repair("to be the bestâtheyâre competing") == "to be the best—they’re competing");
  CHECK(Repair("models â such as OpenAIâs o1 â do at a fraction") ==
        "models — such as OpenAI’s o1 — do at a fraction");
  CHECK(Repair("around 9% of its rivalsâ GPU capacities") ==
        "around 9% of its rivals’ GPU capacities");
  CHECK(Repair("the protests, âGrass-Mud Horseâ, âTank Manâ, or what") ==
        "the protests, “Grass-Mud Horse”, “Tank Man”, or what");
  // Word-start "â" before a lowercase word that is not a function word: repaired because the
  // text shows the damage elsewhere (two certain closing quotes).
  CHECK(Repair("write that âthe community saw abusesâ, and these reports âinclude allegationsâ.") ==
        "write that “the community saw abuses”, and these reports “include allegations”.");
  CHECK(Repair("First Iâve heard. Iâm sure youâll agree, weâd say itâs fine.") ==
        "First I’ve heard. I’m sure you’ll agree, we’d say it’s fine.");
  CHECK(Repair("the 1990âs and 2000â2010, the BBCâs view") ==
        "the 1990’s and 2000–2010, the BBC’s view");
}

TEST_CASE("repair: the header's example", "[text]") {
  RepairCounts c;
  CHECK(RepairText("cafÃ© â itâs", &c) == "café — it’s");
  CHECK(c.mojibake_reversed == 1);
  CHECK(c.lossy_punctuation == 2);
}

TEST_CASE("repair: hostile input finishes and stays valid", "[text]") {
  // Long runs of what each step looks at: if a step rescanned from every position these would
  // not finish in the test's lifetime.
  const char* kUnits[] = {"â", "aâ", "â ", "Ã©", "Ã", "Ã¢â‚¬", "\xE2\x82", "é…", "\xC3"};
  for (const char* unit : kUnits) {
    std::string big;
    while (big.size() < 300000) big += unit;
    RepairCounts c;
    const std::string out = RepairText(big, &c);
    INFO(unit);
    CHECK(IsValidUtf8(out));
    CHECK(!out.empty());
  }
}

TEST_CASE("repair: classic reversible mojibake", "[text]") {
  // Windows-1252, Latin-1 (C1 controls), Windows-1250, and twice over.
  const Pair kPairs[] = {
      {"cafÃ©", "café"},
      {"naÃ¯ve", "naïve"},
      {"Ã¼ber", "über"},
      {"StraÃŸe", "Straße"},
      {"seÃ±or", "señor"},
      {"SÃ£o Paulo", "São Paulo"},
      {"vocÃª", "você"},
      {"mÃºsica", "música"},
      {"Ã‰cole", "École"},
      {"piÃ¹", "più"},
      {"itâ€™s", "it’s"},
      {"â€œquotedâ€\u009d", "“quoted”"},
      {"â€œquotedâ€ then", "“quoted” then"},  // 0x9D lost: the lossy form
      {"a â€” b", "a — b"},
      {"1â€“2", "1–2"},
      {"waitâ€¦", "wait…"},
      {"â‚¬5", "€5"},
      {"Â£10", "£10"},
      {"Â© 2024", "© 2024"},
      {"20Â°C", "20°C"},
      {"Brandâ„¢", "Brand™"},
      {"ðŸ˜€ ok", "😀 ok"},
      {"æ—¥æœ¬", "日本"},
      {"Ã‘andÃº", "Ñandú"},
      {"faÃ§ade", "façade"},
      {"ZÃ¼rich", "Zürich"},
      {"crÃ¨me brÃ»lÃ©e", "crème brûlée"},
      {"Ã„rger", "Ärger"},
      {"Å’uvre", "Œuvre"},
      {"Ã§a va", "ça va"},
      {"dÃ©jÃ\u00A0 vu", "déjà vu"},
      // Latin-1: the continuation bytes 80..9F show as C1 controls.
      {"itâ\u0080\u0099s", "it’s"},
      {"â\u0080\u009cHiâ\u0080\u009d", "“Hi”"},
      {"Ã\u0089cole", "École"},
      {"a â\u0080\u0094 b", "a — b"},
      // Windows-1250.
      {"naivetĂ©", "naiveté"},
      {"ĹĽĂłĹ‚w", "żółw"},
      {"ÄŤeĹˇtina", "čeština"},
      {"KrakĂłw", "Kraków"},
      {"GdaĹ„sk", "Gdańsk"},
      // Twice.
      {"itÃ¢â‚¬â„¢s", "it’s"},
      {"cafÃƒÂ©", "café"},
      {"Ã¢â‚¬Å“xÃ¢â‚¬Â\u009d", "“x”"},
      {"ÃƒÂ¼ber", "über"},
      {"naivetÄ‚Â©", "naiveté"},
  };
  for (const Pair& p : kPairs) {
    INFO(p.damaged);
    RepairCounts c;
    CHECK(RepairText(p.damaged, &c) == p.meant);
    CHECK(c.mojibake_reversed >= 1);
    CHECK(c.lossy_punctuation == 0);
    CHECK(c.invalid_utf8 == 0);
  }
  RepairCounts c;
  RepairText("cafÃ© and itÃ¢â‚¬â„¢s", &c);
  CHECK(c.mojibake_reversed == 2);  // per repaired character, not per layer or byte
}

TEST_CASE("repair: correct text is left alone", "[text]") {
  const char* kTexts[] = {
      // French: "â" inside, at the start, after elision, in compounds, in -âtre, with ’.
      "L’âge d’or du château : la pâte, le gâteau, le bâtiment, un âne têtu et l’âme.",
      "Le théâtre, une couleur bleuâtre, le moyen-âge, un dégât, les dégâts, le mât, l’appât.",
      "Il faut être âpre et âgé pour aimer les pâtes — c’est « grâce » à toi.",
      // Portuguese.
      "A câmara municipal comprou uma lâmpada; o âmbito da pesquisa é semântica e dinâmica.",
      "O oceano Atlântico, a Alcântara, o ângulo e o ânimo do cânone.",
      // Vietnamese.
      "Tâm và cân nặng ở Việt Nam; Xuân đây, bây giờ, dân tộc, thân yêu, câu hỏi.",
      // Romanian.
      "România este o țară frumoasă; câinele mănâncă pâine, când vântul bate în câmp.",
      "Mâine e târziu, râul e adânc, râs și plâns.",
      // German, emoji, CJK, already correct punctuation.
      "Größe, Straße, über, Mädchen, Ärger — „Anführungszeichen“.",
      "Great job 👍😀🇫🇷 see you",
      "日本語のテキスト、中文、한국어.",
      "“Hello,” she said — it’s fine… isn’t it? ‘Yes’ – 1–2.",
      // Names and words with a circumflex inside English text.
      "I visited România and the château last year; the crème brûlée was great.",
      // Code with a lone "Ã" used as a name: no continuation image follows, so no mojibake.
      "int Ã = 0; x = Ã + 1;",
      "",
      "plain ascii\twith tab\nand newline",
  };
  for (const char* t : kTexts) {
    INFO(t);
    RepairCounts c;
    CHECK(RepairText(t, &c) == t);
    CHECK(c.total() == 0);
  }
}

TEST_CASE("repair: lost punctuation next to real words in damaged text", "[text]") {
  // The text shows damage ("Iâm", " â "), but real "â" words keep their letter.
  CHECK(Repair("Iâm at the château â it is lovely") == "I’m at the château — it is lovely");
  CHECK(Repair("Iâm from România, weâre fine") == "I’m from România, we’re fine");
  CHECK(Repair("Iâm at the théâtre â again") == "I’m at the théâtre — again");
  CHECK(Repair("Tâm said âhelloâ to me") == "Tâm said “hello” to me");
  // Without damage elsewhere a word-start "â" before a lowercase non-function word stays.
  CHECK(Repair("an âme of her own") == "an âme of her own");
  // Text that is just the letter: no context, left alone.
  CHECK(Repair("â") == "â");
  // A decade: apostrophe, not an opening quote.
  CHECK(Repair("The â90s were great") == "The ’90s were great");
  // An "â" after a word that runs through an "â" judged real (Turkish "hâlâ") stays.
  CHECK(Repair("hâlâ burada") == "hâlâ burada");
  // Decomposed: the "â" carries a combining mark, so it is a letter; NFC composes it.
  RepairCounts c;
  CHECK(RepairText("câ\u0301m ơn", &c) == "cấm ơn");
  CHECK(c.lossy_punctuation == 0);
}

TEST_CASE("repair: invalid UTF-8 becomes U+FFFD and is counted per byte", "[text]") {
  struct Case {
    std::string in, out;
    int64_t invalid;
  };
  const std::string R = "\xEF\xBF\xBD";
  const Case kCases[] = {
      {"a\xC0\xAF"
       "b",
       "a" + R + R + "b", 2},                        // overlong "/"
      {"\xE0\x80\xAF", R + R + R, 3},                // overlong, 3 bytes
      {"x\xED\xA0\x80y", "x" + R + R + R + "y", 3},  // surrogate D800
      {"x\xE2\x82", "x" + R, 2},                     // truncated at the end
      {"\xE2\x82z", R + "z", 2},                     // truncated before ASCII
      {"\x80\xBF", R + R, 2},                        // lone continuation bytes
      {"\xF5\xF8\xFE\xFF", R + R + R + R, 4},        // never valid
      {"\xF4\x90\x80\x80", R + R + R + R, 4},        // above U+10FFFF
      {"\xF0\x9F\x98", R, 3},                        // truncated emoji
      {"ok \xF0\x9F\x98\x80", "ok \xF0\x9F\x98\x80", 0},
  };
  for (const Case& k : kCases) {
    INFO(k.out);
    RepairCounts c;
    CHECK(RepairText(k.in, &c) == k.out);
    CHECK(c.invalid_utf8 == k.invalid);
  }
}

TEST_CASE("repair: controls are dropped and counted", "[text]") {
  RepairCounts c;
  CHECK(RepairText(std::string("a\0b\x01"
                               "c\td\ne\r\nf\x7F",
                               13),
                   &c) == "abc\td\ne\nf");
  CHECK(c.control_chars == 3);  // NUL, 0x01, DEL; \r is not damage
  c = {};
  CHECK(RepairText("a\u0085b\u009F", &c) == "ab");  // C1 controls not part of mojibake
  CHECK(c.control_chars == 2);
}

TEST_CASE("repair: result is NFC", "[text]") {
  RepairCounts c;
  CHECK(RepairText("cafe\u0301", &c) == "café");
  CHECK(RepairText("A\u030A and \u1100\u1161", &c) == "Å and \uAC00");
  CHECK(c.total() == 0);  // normalisation is not counted as damage
}

TEST_CASE("repair: never crashes, always valid UTF-8 without controls", "[text]") {
  std::mt19937 rng(12345);
  // Bytes biased towards the interesting ones.
  const unsigned char kBytes[] = {0x00, 0x09, 0x0A, 0x0D, 0x20, 0x41, 0x61, 0x7F, 0x80, 0x81,
                                  0x8D, 0x99, 0x9D, 0xA0, 0xA9, 0xBF, 0xC0, 0xC2, 0xC3, 0xC5,
                                  0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  for (int n = 0; n < 3000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k)
      s.push_back(static_cast<char>(rng() % 2 ? kBytes[rng() % sizeof(kBytes)] : rng() % 256));
    RepairCounts c;
    const std::string out = RepairText(s, &c);
    INFO(s);
    REQUIRE(IsValidUtf8(out));
    REQUIRE(!HasDroppedControl(out));
  }
}

TEST_CASE("repair: fast path agrees with the slow path on clean text", "[text]") {
  std::vector<std::string> texts = {"",
                                    "a",
                                    "plain ascii text that is longer than eight bytes\n",
                                    "Größe über Straße",
                                    "日本語 😀",
                                    "cafe\u0301",
                                    "“quoted” – dash… ’",
                                    "Ç’est",
                                    "ÃŠ is odd"};
  std::mt19937 rng(7);
  const char* kPieces[] = {"a", "Z",      " ",      "\n",     "\t", "é",      "ü",       "ß",
                           "“", "”",      "’",      "—",      "😀",  "中",     "e\u0301", "Ã",
                           "Ă", "©",      "€",      "Â",      "ł",  "ș",      "ả",       "ñ",
                           "…", "\u1100", "\u1161", "\u2000", "カ", "\u3099", "\uF900"};
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s += kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))];
    texts.push_back(s);
  }
  for (const std::string& t : texts) {
    INFO(t);
    RepairCounts fast, slow;
    CHECK(RepairText(t, &fast) == threadlens::text_internal::RepairTextSlow(t, &slow));
    CHECK(fast.total() == slow.total());
  }
}

TEST_CASE("repair: NFC-inert code points", "[text]") {
  using threadlens::text_internal::IsNfcInert;
  CHECK(IsNfcInert('a'));
  CHECK(IsNfcInert(U'\u00E9'));  // é (composed)
  CHECK(IsNfcInert(U'\u2019'));  // ’
  CHECK(IsNfcInert(U'\u4E2D'));  // 中
  CHECK(IsNfcInert(U'\U0001F600'));
  CHECK(!IsNfcInert(U'\u0301'));      // combining acute
  CHECK(!IsNfcInert(U'\u2000'));      // en quad: NFC maps it to U+2002
  CHECK(!IsNfcInert(U'\uF900'));      // CJK compatibility ideograph: a singleton
  CHECK(!IsNfcInert(U'\u1161'));      // Hangul vowel jamo: composes with a preceding L jamo
  CHECK(!IsNfcInert(U'\U00030000'));  // beyond the table: not claimed
}

TEST_CASE("repair: U+FFFD placement matches ICU's UTF-8 decoder", "[text]") {
  // ICU replaces each maximal ill-formed subsequence with one U+FFFD, as we promise. Compare on
  // every 1- and 2-byte string and on 3- and 4-byte strings over boundary bytes. Controls are
  // removed from the reference, since RepairText drops them.
  using threadlens::text_internal::DecodeUtf8ForRepair;
  using threadlens::text_internal::EncodeUtf8;
  auto reference = [](const std::string& s) {
    std::string out;
    icu::UnicodeString::fromUTF8(s).toUTF8String(out);
    std::string kept;
    for (size_t i = 0; i < out.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(out[i]);
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) continue;
      kept.push_back(out[i]);
    }
    return kept;
  };
  auto ours = [](const std::string& s) {
    RepairCounts c;
    return EncodeUtf8(DecodeUtf8ForRepair(s, &c));
  };
  for (int a = 0; a < 256; ++a) {
    std::string s1(1, static_cast<char>(a));
    REQUIRE(ours(s1) == reference(s1));
    for (int b = 0; b < 256; ++b) {
      std::string s2 = s1 + static_cast<char>(b);
      REQUIRE(ours(s2) == reference(s2));
    }
  }
  const unsigned char kEdge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
                                 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED,
                                 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
  for (unsigned char a : kEdge)
    for (unsigned char b : kEdge)
      for (unsigned char c : kEdge)
        for (unsigned char d : kEdge) {
          std::string s4 = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                            static_cast<char>(d)};
          REQUIRE(ours(s4) == reference(s4));
          REQUIRE(ours(s4.substr(0, 3)) == reference(s4.substr(0, 3)));
        }
}

TEST_CASE("repair: code page images lie where the lookup tables look", "[text]") {
  // code_pages.cc keeps flags only for U+0000..U+02FF and U+2000..U+21FF.
  using threadlens::text_internal::CodePage;
  using threadlens::text_internal::ImageInCodePage;
  using threadlens::text_internal::LooksLikeContinuationByte;
  using threadlens::text_internal::LooksLikeLeadByte;
  for (CodePage page : {CodePage::kWindows1252, CodePage::kWindows1250}) {
    int defined = 0;
    for (int b = 0x80; b <= 0xFF; ++b) {
      const char32_t cp = ImageInCodePage(page, b);
      if (cp == 0) continue;
      ++defined;
      INFO(b);
      CHECK((cp < 0x300 || (cp >= 0x2000 && cp < 0x2200)));
      if (b <= 0xBF) CHECK(LooksLikeContinuationByte(cp));
      if (b >= 0xC2 && b <= 0xF4) CHECK(LooksLikeLeadByte(cp));
    }
    CHECK(defined >= 123);  // both code pages define all but at most five bytes
  }
  CHECK(!LooksLikeLeadByte('a'));
  CHECK(!LooksLikeContinuationByte(U'\u4E2D'));
}

TEST_CASE("repair: seed's damaged marks are restored to the right kind", "[shared]") {
  const std::string dir = threadlens::testing::SharedDir();
  REQUIRE(!dir.empty());
  const std::string text =
      threadlens::testing::ReadFile(dir + "/seed/unherd-deepseek-comments.txt");
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  // Every "â" in the seed, by line and the words around it ('@' marks the "â"), with the mark
  // it stands for, decided by reading the sentence.
  struct Mark {
    int line;
    const char* context;
    const char* meant;
  };
  const char* apos = "’";
  const char* dash = "—";
  const char* open = "“";
  const char* close = "”";
  const Mark kMarks[] = {
      {1, "models @ such", dash},
      {1, "OpenAI@s o1", apos},
      {1, "o1 @ do", dash},
      {1, "What@s more", apos},
      {3, "DeepSeek@s threat", apos},
      {3, "tokens @ that is", dash},
      {3, "processed @ are", dash},
      {4, "OpenAI@s o1 model", apos},
      {4, "DeepSeek@s development", apos},
      {4, "overinvestment @ that", dash},
      {5, "rivals@ GPU", apos},
      {5, "collapsing @ before", dash},
      {6, "industry @ and possibly", dash},
      {6, "market @ it will", dash},
      {18, "I@ve heard", apos},
      {26, "aren@t truly", apos},
      {26, "best@they", dash},
      {26, "they@re competing", apos},
      {27, "couldn@t say", apos},
      {36, "that @the Uyghur", open},
      {36, "government@, and", close},
      {36, "reports @include", open},
      {36, "practices@.", close},
      {39, "to: @Tell", open},
      {39, "massacre.@ But", close},
      {40, "don@t ask", apos},
      {40, "Jinping@s first", apos},
      {40, "@Grass-Mud", open},
      {40, "Horse@,", close},
      {40, "@Tank Man", open},
      {40, "Man@,", close},
      {40, "@Empty Chair", open},
      {40, "Chair@,", close},
      {40, "doesn@t have", apos},
      {40, "Let@s talk", apos},
      {41, "@Deepseek, could", open},
      {41, "Uighers?@", close},
      {67, "DeepSeek@s development", apos},
      {78, "wasn@t far", apos},
      {79, "to @Sorry", open},
      {79, "that@s beyond", apos},
      {79, "Let@s talk", apos},
      {79, "else.@ is", close},
      {82, "week@s story", apos},
      {84, "China@s black", apos},
      {84, "don@t yet", apos},
  };
  // The table covers every "â" in the file exactly once.
  size_t in_file = 0;
  for (size_t p = text.find("â"); p != std::string::npos; p = text.find("â", p + 1)) ++in_file;
  REQUIRE(in_file == 46);
  REQUIRE(sizeof(kMarks) / sizeof(kMarks[0]) == 46);

  int right = 0;
  for (const Mark& m : kMarks) {
    const std::string& raw = lines.at(static_cast<size_t>(m.line - 1));
    std::string needle = m.context;
    const size_t at = needle.find('@');
    needle.replace(at, 1, "â");
    const size_t found = raw.find(needle);
    INFO("line " << m.line << ": " << m.context);
    REQUIRE(found != std::string::npos);
    REQUIRE(raw.find(needle, found + 1) == std::string::npos);  // the context is unambiguous
    // Which "â" of the line this is, then where it ended up: the repaired line is the raw line
    // with each "â" replaced by one character (the seed's lines have no other damage).
    const size_t byte = found + at;
    int index = 0;
    for (size_t p = raw.find("â"); p < byte; p = raw.find("â", p + 1)) ++index;
    RepairCounts c;
    const std::string repaired = RepairText(raw, &c);
    size_t rp = 0, wp = 0;
    std::string got;
    for (int k = 0; k <= index; ++k) {
      const size_t next = raw.find("â", wp);
      const std::string_view segment = std::string_view(raw).substr(wp, next - wp);
      REQUIRE(std::string_view(repaired).substr(rp, segment.size()) == segment);
      rp += segment.size();
      size_t len = 1;
      while (rp + len < repaired.size() && (repaired[rp + len] & 0xC0) == 0x80) ++len;
      got = repaired.substr(rp, len);
      rp += len;
      wp = next + std::string("â").size();
    }
    CHECK(got == m.meant);
    if (got == m.meant) ++right;
  }
  WARN("seed: " << right << " of 46 damaged marks restored to the right kind");
  CHECK(right >= 44);
}

TEST_CASE("repair: the gold's text_repair expectations hold", "[shared]") {
  // The gold lists (line, found, meant); check each against the repaired line. Read with a
  // minimal scan of the "text_repair" array rather than a JSON library: its entries are one
  // object per line with plain string values and \u escapes.
  const std::string dir = threadlens::testing::SharedDir();
  REQUIRE(!dir.empty());
  const std::string gold = threadlens::testing::ReadFile(dir + "/seed/unherd-deepseek-gold.json");
  const std::string text =
      threadlens::testing::ReadFile(dir + "/seed/unherd-deepseek-comments.txt");
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  auto unescape = [](std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 5 < s.size() && s[i + 1] == 'u') {
        threadlens::text_internal::AppendUtf8(
            static_cast<char32_t>(std::stoul(std::string(s.substr(i + 2, 4)), nullptr, 16)), &out);
        i += 5;
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  };
  auto field = [](std::string_view obj, std::string_view key) {
    const size_t k = obj.find("\"" + std::string(key) + "\":");
    if (k == std::string::npos) return std::string_view();
    size_t v = k + key.size() + 3;
    while (v < obj.size() && obj[v] == ' ') ++v;
    if (obj[v] == '"') return obj.substr(v + 1, obj.find('"', v + 1) - v - 1);
    size_t e = v;
    while (e < obj.size() && obj[e] >= '0' && obj[e] <= '9') ++e;
    return obj.substr(v, e - v);
  };
  const size_t section = gold.find("\"text_repair\"");
  REQUIRE(section != std::string::npos);
  int checked = 0;
  for (size_t b = gold.find('{', section); b != std::string::npos; b = gold.find('{', b + 1)) {
    const size_t e = gold.find('}', b);
    const std::string_view obj = std::string_view(gold).substr(b, e - b);
    const int line = std::stoi(std::string(field(obj, "line")));
    const std::string found = unescape(field(obj, "found"));
    const std::string meant = unescape(field(obj, "meant"));
    INFO("line " << line << ": " << found << " -> " << meant);
    const std::string& raw = lines.at(static_cast<size_t>(line - 1));
    REQUIRE(raw.find(found) != std::string::npos);
    RepairCounts c;
    const std::string repaired = RepairText(raw, &c);
    CHECK(repaired.find(meant) != std::string::npos);
    CHECK(repaired.find(found) == std::string::npos);
    ++checked;
  }
  CHECK(checked == 4);
}
