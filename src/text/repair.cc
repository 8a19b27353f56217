#include "text/repair.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace threadlens {
namespace {

// Appends the UTF-8 of U+FFFD.
void AppendReplacement(std::string* out) { out->append("\xEF\xBF\xBD"); }

// Copies valid UTF-8, replacing each maximal invalid subsequence with U+FFFD and dropping
// control characters other than \t and \n. Linear.
std::string SanitiseUtf8(std::string_view in, RepairCounts* counts) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  const size_t n = in.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
        if (c != '\r') ++counts->control_chars;
        ++i;
        continue;
      }
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0, min = 0;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    bool ok = len > 0 && i + static_cast<size_t>(len) <= n;
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(in[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      AppendReplacement(&out);
      ++counts->invalid_utf8;
      ++i;
      // Skip continuation bytes that belonged to the broken sequence.
      while (i < n && (static_cast<unsigned char>(in[i]) & 0xC0) == 0x80) ++i;
      continue;
    }
    if (cp >= 0x80 && cp <= 0x9F) {  // C1 controls
      ++counts->control_chars;
      i += static_cast<size_t>(len);
      continue;
    }
    out.append(in.substr(i, static_cast<size_t>(len)));
    i += static_cast<size_t>(len);
  }
  return out;
}

std::string Nfc(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return s;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  if (nfc->isNormalized(u, err) && U_SUCCESS(err)) return s;
  err = U_ZERO_ERROR;
  icu::UnicodeString norm = nfc->normalize(u, err);
  if (U_FAILURE(err)) return s;
  std::string out;
  norm.toUTF8String(out);
  return out;
}

}  // namespace

std::string RepairText(std::string_view raw, RepairCounts* counts) {
  return Nfc(SanitiseUtf8(raw, counts));
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      size_t e = html.find('>', i);
      if (e == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, e - i - 1);
      if (tag.rfind("br", 0) == 0 || tag.rfind("/p", 0) == 0 || tag.rfind("p", 0) == 0)
        if (!out.empty() && out.back() != '\n') out.push_back('\n');
      i = e + 1;
      continue;
    }
    if (c == '&') {
      size_t e = html.find(';', i);
      if (e != std::string_view::npos && e - i <= 8) {
        std::string_view ent = html.substr(i + 1, e - i - 1);
        const char* rep = nullptr;
        if (ent == "amp") rep = "&";
        else if (ent == "lt") rep = "<";
        else if (ent == "gt") rep = ">";
        else if (ent == "quot") rep = "\"";
        else if (ent == "#39" || ent == "#x27" || ent == "apos") rep = "'";
        else if (ent == "nbsp") rep = " ";
        if (rep) {
          out.append(rep);
          i = e + 1;
          continue;
        }
      }
    }
    out.push_back(c);
    ++i;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace threadlens
