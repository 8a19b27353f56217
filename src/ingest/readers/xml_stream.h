// XmlStream: expat fed chunk by chunk from an Input, with the safety settings every XML dump
// reader needs, and element text captured on request.
//
//   class MyHandler : public XmlHandler { ... };
//   MyHandler h;
//   XmlStream xml(in, &h);
//   Status st;
//   while (xml.Pump(&st)) { /* h may have finished records */ }
//   if (!st.ok()) return st;   // "dump.xml:12:7: XML error: mismatched tag"
//
// Names arrive split into namespace URI and local name ("http://wordpress.org/export/1.2/",
// "comment"); attributes likewise. A handler asks for an element's text with CaptureText() in
// OnStart and reads text() in the matching OnEnd (text of nested elements is included, like DOM
// textContent). A handler stops the parse with Fail(status).
//
// Safety: expat 2.5's billion-laughs protection is set explicitly (amplification at most
// kXmlMaxAmplification once kXmlAmplificationThreshold bytes have been expanded); external
// entities and DTD subsets are never loaded (an external subset is ignored, a reference to an
// external entity is an error); a captured text longer than kXmlMaxTextBytes is an error. UTF-8,
// UTF-16, ISO-8859-1 and US-ASCII are read by expat itself; windows-1252 is mapped here. Memory:
// one chunk (kXmlChunkBytes) plus the captured text plus expat's element stack; nothing here
// recurses on input depth (expat keeps its open-element stack on the heap).
//
// Not thread-safe; one reader owns it.
#pragma once

// Debian's libexpat is built with XML_DTD (DTD support, and with it the billion-laughs protection
// API); expat.h declares that API only when told so. Linking fails if the library lacks it.
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/input.h"

namespace threadlens {

// Bytes read from the Input per Pump: big enough that expat's per-call overhead vanishes, small
// enough that a reader's queue of finished records stays small.
inline constexpr size_t kXmlChunkBytes = 64 * 1024;
// The longest single element text a reader may capture (a post body, a comment): far above any
// real comment, low enough that a hostile dump cannot make us hold gigabytes in one string.
inline constexpr size_t kXmlMaxTextBytes = size_t{64} << 20;
// Billion-laughs limits (expat's own defaults, written down so that they stay on).
inline constexpr float kXmlMaxAmplification = 100.0f;
inline constexpr unsigned long long kXmlAmplificationThreshold = 8ull << 20;

struct XmlName {
  std::string_view ns;     // namespace URI; empty when the name has none
  std::string_view local;  // local part ("comment", "id")
};

class XmlStream;

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // attrs: expat's null-terminated {name, value, name, value, ..., nullptr}; split names with
  // XmlStream::SplitName.
  virtual void OnStart(XmlStream* xml, const XmlName& name, const char** attrs) = 0;
  virtual void OnEnd(XmlStream* xml, const XmlName& name) = 0;
};

class XmlStream {
 public:
  // REQUIRES: in and handler outlive this object.
  XmlStream(Input* in, XmlHandler* handler);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Parses the next chunk. Returns true while there is more to read; false at the end of the
  // document or on error (*status then names the input, line and column).
  bool Pump(Status* status);

  // --- For handlers, during callbacks ---------------------------------------------------------
  // Starts capturing the text of the element whose OnStart is running. One capture at a time: a
  // nested CaptureText replaces the outer one.
  void CaptureText();
  // The captured text; valid in the matching OnEnd.
  const std::string& text() const { return text_; }
  // Current element depth (the root element is 1), line and column of the current event.
  int depth() const { return depth_; }
  int64_t line() const;
  int64_t column() const;
  // Stops parsing; Pump returns false with this status.
  void Fail(Status status);
  const std::string& input_name() const { return in_->name(); }

  // Splits an expat name ("uri\x01local" or "local").
  static XmlName SplitName(const char* name);
  // Value of the attribute with this local name in any namespace, or nullptr.
  static const char* Attr(const char** attrs, std::string_view local);

 private:
  static void StartThunk(void* self, const XML_Char* name, const XML_Char** attrs);
  static void EndThunk(void* self, const XML_Char* name);
  static void TextThunk(void* self, const XML_Char* s, int len);

  Input* in_;
  XmlHandler* handler_;
  XML_Parser parser_ = nullptr;
  std::string text_;
  int depth_ = 0;
  int capture_depth_ = 0;  // depth of the element being captured; 0 = not capturing
  bool done_ = false;
  Status failure_;
};

}  // namespace threadlens
