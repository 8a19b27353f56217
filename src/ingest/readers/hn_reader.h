// HnReader: Hacker News in the three shapes people save it —
//   - an Algolia item tree (hn.algolia.com/api/v1/items/ID): the item with nested `children`;
//   - Algolia search results ({"hits": [...]}: objectID strings, comment_text, parent_id,
//     story_id, story_title), one thread per story_id;
//   - Firebase items (hacker-news.firebaseio.com/v0/item/ID.json): one item per line, or an
//     array of items; `parent`/`kids`, `deleted`, `dead`; the story of a comment is found by
//     walking its parents.
// Stories (story, job, poll) become thread headers: title, url (the HN item page when the story
// links nowhere), time, and their text (HTML, converted here since the thread body has no HTML
// flag). Comments keep HTML bodies (raw_is_html). A deleted item (Firebase `deleted`, or
// Algolia's null author and text) is a gone comment (dump_reader.h); `dead` is a flag. A comment
// whose parent is its story is top level; one whose parent is missing keeps it (the tree stage
// repairs and records that). Threads come out in order of first appearance.
//
// Everything is held in memory: Firebase items name only their parent, so no thread is complete
// before the end of the input. Documents fail on the first bad record, naming its path
// ("children[0].children[2]", "hits[3]"); item lines follow the bad-record policy.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/readers/dump_reader.h"

namespace threadlens {

class HnReader : public DumpReader {
 public:
  HnReader(Input* in, const ReaderOptions& opts) : DumpReader(in, opts) {}
  bool Next(Thread* thread, Status* status) override;

  struct Item {
    std::string id, parent, story, type, author, created_at, text, title, url;
    std::optional<int64_t> score;
    bool deleted = false, dead = false, parent_is_nesting = false;
    int line = 0;
  };

 private:
  bool ReadAll(Status* status);
  void Assemble();
  bool read_ = false;
  std::vector<Item> items_;
  ThreadSet threads_;
};

// "" when head looks like one of the HN shapes; otherwise why not.
std::string SniffHn(std::string_view path, std::string_view head);

}  // namespace threadlens
