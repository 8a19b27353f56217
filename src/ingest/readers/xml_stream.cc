#include "ingest/readers/xml_stream.h"

#include <cstring>

namespace threadlens {
namespace {

// Separates namespace URI and local name in the names expat reports. U+0001 cannot occur in an
// XML 1.0 document, not even as a character reference, so it cannot be part of either.
constexpr XML_Char kNsSep = '\x01';

bool EqualsIgnoreCase(const char* a, const char* b) {
  for (; *a && *b; ++a, ++b)
    if ((*a | 0x20) != (*b | 0x20)) return false;
  return *a == *b;
}

// windows-1252 is what old WordPress exports and hand-edited files sometimes declare; expat does
// not know it. Bytes 0x80..0x9F map to these code points (U+FFFD for the five unassigned ones).
int XMLCALL UnknownEncoding(void*, const XML_Char* name, XML_Encoding* info) {
  static const int kHigh[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  if (!EqualsIgnoreCase(name, "windows-1252") && !EqualsIgnoreCase(name, "cp1252") &&
      !EqualsIgnoreCase(name, "x-cp1252"))
    return XML_STATUS_ERROR;
  for (int b = 0; b < 256; ++b) info->map[b] = b >= 0x80 && b < 0xA0 ? kHigh[b - 0x80] : b;
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}

int XMLCALL RefuseExternalEntity(XML_Parser, const XML_Char*, const XML_Char*, const XML_Char*,
                                 const XML_Char*) {
  return XML_STATUS_ERROR;  // expat reports XML_ERROR_EXTERNAL_ENTITY_HANDLING with the position
}

}  // namespace

XmlStream::XmlStream(Input* in, XmlHandler* handler) : in_(in), handler_(handler) {
  parser_ = XML_ParserCreateNS(nullptr, kNsSep);
  if (!parser_) return;  // Pump reports it
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &XmlStream::StartThunk, &XmlStream::EndThunk);
  XML_SetCharacterDataHandler(parser_, &XmlStream::TextThunk);
  XML_SetUnknownEncodingHandler(parser_, &UnknownEncoding, nullptr);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetExternalEntityRefHandler(parser_, &RefuseExternalEntity);
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(parser_, kXmlMaxAmplification);
  XML_SetBillionLaughsAttackProtectionActivationThreshold(parser_, kXmlAmplificationThreshold);
}

XmlStream::~XmlStream() {
  if (parser_) XML_ParserFree(parser_);
}

bool XmlStream::Pump(Status* status) {
  if (done_) return false;
  if (!parser_) {
    done_ = true;
    *status = Status::Error(in_->name() + ": cannot create an XML parser (out of memory)");
    return false;
  }
  void* buf = XML_GetBuffer(parser_, static_cast<int>(kXmlChunkBytes));
  if (!buf) {
    done_ = true;
    *status = Status::Error(in_->name() + ": XML parser out of memory");
    return false;
  }
  Status read_status;
  size_t n = in_->Read(static_cast<char*>(buf), kXmlChunkBytes, &read_status);
  if (!read_status.ok()) {
    done_ = true;
    *status = read_status;
    return false;
  }
  const bool last = n == 0;
  if (XML_ParseBuffer(parser_, static_cast<int>(n), last) != XML_STATUS_OK) {
    done_ = true;
    if (!failure_.ok()) {
      *status = failure_;
    } else {
      *status = Status::Error(in_->name() + ":" + std::to_string(line()) + ":" +
                              std::to_string(column()) +
                              ": XML error: " + XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    return false;
  }
  if (last) done_ = true;
  return !last;
}

void XmlStream::CaptureText() {
  capture_depth_ = depth_;
  text_.clear();
}

int64_t XmlStream::line() const {
  return parser_ ? static_cast<int64_t>(XML_GetCurrentLineNumber(parser_)) : 0;
}

int64_t XmlStream::column() const {
  return parser_ ? static_cast<int64_t>(XML_GetCurrentColumnNumber(parser_)) + 1 : 0;
}

void XmlStream::Fail(Status status) {
  if (!failure_.ok()) return;  // keep the first
  failure_ = std::move(status);
  XML_StopParser(parser_, XML_FALSE);
}

XmlName XmlStream::SplitName(const char* name) {
  const char* sep = std::strchr(name, kNsSep);
  if (!sep) return {std::string_view(), std::string_view(name)};
  return {std::string_view(name, static_cast<size_t>(sep - name)), std::string_view(sep + 1)};
}

const char* XmlStream::Attr(const char** attrs, std::string_view local) {
  for (const char** a = attrs; a && a[0]; a += 2)
    if (SplitName(a[0]).local == local) return a[1];
  return nullptr;
}

void XmlStream::StartThunk(void* p, const XML_Char* name, const XML_Char** attrs) {
  auto* self = static_cast<XmlStream*>(p);
  ++self->depth_;
  if (!self->failure_.ok()) return;
  self->handler_->OnStart(self, SplitName(name), attrs);
}

void XmlStream::EndThunk(void* p, const XML_Char* name) {
  auto* self = static_cast<XmlStream*>(p);
  if (self->failure_.ok()) self->handler_->OnEnd(self, SplitName(name));
  if (self->depth_ == self->capture_depth_) {
    self->capture_depth_ = 0;
    // A huge text is not kept around for the rest of the file.
    if (self->text_.capacity() > kXmlChunkBytes) std::string().swap(self->text_);
    self->text_.clear();
  }
  --self->depth_;
}

void XmlStream::TextThunk(void* p, const XML_Char* s, int len) {
  auto* self = static_cast<XmlStream*>(p);
  if (self->capture_depth_ == 0 || len <= 0) return;
  if (self->text_.size() + static_cast<size_t>(len) > kXmlMaxTextBytes) {
    self->Fail(Status::Error(self->in_->name() + ":" + std::to_string(self->line()) +
                             ": an element's text is longer than " +
                             std::to_string(kXmlMaxTextBytes >> 20) + " MiB"));
    return;
  }
  self->text_.append(s, static_cast<size_t>(len));
}

}  // namespace threadlens
