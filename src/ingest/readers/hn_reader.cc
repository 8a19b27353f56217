#include "ingest/readers/hn_reader.h"

#include <algorithm>
#include <unordered_map>

#include "ingest/readers/json_util.h"
#include "text/repair.h"

namespace threadlens {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;
using Item = HnReader::Item;

namespace {

bool IsStory(const Item& it) { return it.type == "story" || it.type == "job" || it.type == "poll"; }

// The fields every shape shares; `hit` selects the Algolia search-hit spellings.
Status ItemFromJson(object o, bool hit, Item* it) {
  TL_RETURN_IF_ERROR(jsonin::GetId(o, hit ? "objectID" : "id", &it->id));
  if (it->id.empty()) TL_RETURN_IF_ERROR(jsonin::GetId(o, "id", &it->id));
  if (it->id.empty()) return Status::Error(hit ? "no 'objectID'" : "no 'id'");
  std::string_view s;
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "type", &s));
  it->type = std::string(s);
  if (it->type.empty() && hit) {
    array tags;
    bool found = false;
    TL_RETURN_IF_ERROR(jsonin::GetArray(o, "_tags", &tags, &found));
    if (found) {
      for (element tag : tags) {
        std::string_view t;
        if (tag.get_string().get(t) != simdjson::SUCCESS) continue;
        if (t == "story" || t == "comment" || t == "poll" || t == "pollopt" || t == "job") {
          it->type = std::string(t);
          break;
        }
      }
    }
  }
  s = {};
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "author", &s));
  if (s.empty()) TL_RETURN_IF_ERROR(jsonin::GetString(o, "by", &s));
  it->author = std::string(s);
  TL_RETURN_IF_ERROR(jsonin::GetTime(o, "created_at_i", &it->created_at));
  if (it->created_at.empty()) TL_RETURN_IF_ERROR(jsonin::GetTime(o, "time", &it->created_at));
  if (it->created_at.empty()) TL_RETURN_IF_ERROR(jsonin::GetTime(o, "created_at", &it->created_at));
  std::string_view text, comment_text, story_text, title, url;
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "text", &text));
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "comment_text", &comment_text));
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "story_text", &story_text));
  if (it->type.empty()) it->type = comment_text.empty() ? "story" : "comment";
  it->text = std::string(!text.empty()                ? text
                         : it->type == "comment"     ? comment_text
                                                     : story_text);
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "title", &title));
  if (title.empty() && it->type == "comment") TL_RETURN_IF_ERROR(jsonin::GetString(o, "story_title", &title));
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "url", &url));
  if (url.empty() && it->type == "comment") TL_RETURN_IF_ERROR(jsonin::GetString(o, "story_url", &url));
  it->title = std::string(title);
  it->url = std::string(url);
  TL_RETURN_IF_ERROR(jsonin::GetInt(o, "points", &it->score));
  if (!it->score) TL_RETURN_IF_ERROR(jsonin::GetInt(o, "score", &it->score));
  TL_RETURN_IF_ERROR(jsonin::GetId(o, "parent_id", &it->parent));
  if (it->parent.empty()) TL_RETURN_IF_ERROR(jsonin::GetId(o, "parent", &it->parent));
  TL_RETURN_IF_ERROR(jsonin::GetId(o, "story_id", &it->story));
  TL_RETURN_IF_ERROR(jsonin::GetBool(o, "deleted", &it->deleted));
  TL_RETURN_IF_ERROR(jsonin::GetBool(o, "dead", &it->dead));
  // Algolia keeps deleted comments with a null author and text.
  if (it->type == "comment" && it->author.empty() && it->text.empty()) it->deleted = true;
  if (it->story.empty() && IsStory(*it)) it->story = it->id;
  return Status::Ok();
}

// Adds one JSON value (a search response, an item tree, an item, or an array of those) to
// *items. `where` prefixes record paths ("" or "[3]").
Status AddValue(element v, const std::string& where, int line, std::vector<Item>* items) {
  struct Frame {
    element e;
    std::string parent;  // id of the enclosing item ("" at the top)
    std::string story;   // story of the enclosing item
    int path;            // index into paths
  };
  struct PathNode {
    int parent;
    std::string step;
  };
  std::vector<PathNode> paths;
  auto path_of = [&](int p) {
    std::vector<const std::string*> steps;
    for (int k = p; k >= 0; k = paths[static_cast<size_t>(k)].parent)
      steps.push_back(&paths[static_cast<size_t>(k)].step);
    std::string out = where;
    for (size_t k = steps.size(); k-- > 0;) {
      if (steps.size() > 8 && k + 3 < steps.size() && k >= 3) {
        if (k + 4 == steps.size()) out += ".(" + std::to_string(steps.size() - 6) + " more levels)";
        continue;
      }
      out += *steps[k];
    }
    return out.empty() ? std::string("the top-level value") : out;
  };
  std::vector<Frame> stack;
  object top;
  array list;
  if (v.get_array().get(list) == simdjson::SUCCESS) {
    size_t k = 0;
    for (element e : list) {
      paths.push_back({-1, "[" + std::to_string(k++) + "]"});
      stack.push_back({e, "", "", static_cast<int>(paths.size() - 1)});
    }
    std::reverse(stack.begin(), stack.end());
  } else if (v.get_object().get(top) == simdjson::SUCCESS) {
    array hits;
    bool found = false;
    TL_RETURN_IF_ERROR(jsonin::GetArray(top, "hits", &hits, &found));
    if (found) {
      size_t k = 0;
      for (element h : hits) {
        std::string at = where + "hits[" + std::to_string(k++) + "]";
        object ho;
        if (h.get_object().get(ho) != simdjson::SUCCESS)
          return Status::Error(at + ": is " + jsonin::TypeName(h.type()) + ", expected a hit");
        Item it;
        Status st = ItemFromJson(ho, true, &it);
        if (!st.ok()) return st.Annotate(at + (it.id.empty() ? "" : " (" + it.id + ")"));
        it.line = line;
        items->push_back(std::move(it));
      }
      return Status::Ok();
    }
    paths.push_back({-1, ""});
    stack.push_back({v, "", "", 0});
  } else {
    return Status::Error((where.empty() ? "the top-level value" : where) + ": is " +
                         jsonin::TypeName(v.type()) + ", expected an HN item or search result");
  }
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    object o;
    if (f.e.get_object().get(o) != simdjson::SUCCESS)
      return Status::Error(path_of(f.path) + ": is " + jsonin::TypeName(f.e.type()) +
                           ", expected an item object");
    Item it;
    Status st = ItemFromJson(o, false, &it);
    if (!st.ok()) return st.Annotate(path_of(f.path) + (it.id.empty() ? "" : " (" + it.id + ")"));
    if (!f.parent.empty()) {  // nesting is the reply structure
      it.parent = f.parent;
      it.parent_is_nesting = true;
      if (it.story.empty()) it.story = f.story;
    }
    it.line = line;
    array kids;
    bool found = false;
    st = jsonin::GetArray(o, "children", &kids, &found);
    if (!st.ok()) return st.Annotate(path_of(f.path) + " (" + it.id + ")");
    if (found) {
      size_t first = stack.size(), k = 0;
      for (element kid : kids) {
        paths.push_back({f.path, ".children[" + std::to_string(k++) + "]"});
        stack.push_back({kid, it.id, it.story, static_cast<int>(paths.size() - 1)});
      }
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
    }
    items->push_back(std::move(it));
  }
  return Status::Ok();
}

}  // namespace

bool HnReader::ReadAll(Status* status) {
  jsonin::JsonRecords records(in_, jsonin::JsonRecords::kAuto);
  element value;
  std::string bad;
  while (records.Next(&value, &bad, status)) {
    const bool lines = records.mode() == jsonin::JsonRecords::kLines;
    if (!bad.empty()) {
      if (!BadRecord(records.Where(), bad, status)) return false;
      continue;
    }
    size_t before = items_.size();
    Status st = AddValue(value, "", lines ? static_cast<int>(records.line()) : 0, &items_);
    if (st.ok()) continue;
    items_.resize(before);  // nothing of a bad record is kept
    if (!lines) {
      *status = st.Annotate(in_->name());
      return false;
    }
    if (!BadRecord(records.Where(), st.message(), status)) return false;
  }
  return status->ok();
}

void HnReader::Assemble() {
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < items_.size(); ++i) by_id.emplace(items_[i].id, i);
  // Firebase items name only their parent: walk up to the story (memoised; cycles stop).
  std::vector<size_t> walk;
  for (size_t i = 0; i < items_.size(); ++i) {
    if (!items_[i].story.empty()) continue;
    walk.clear();
    size_t j = i;
    std::string story;
    while (true) {
      if (!items_[j].story.empty()) {
        story = items_[j].story;
        break;
      }
      walk.push_back(j);
      auto it = by_id.find(items_[j].parent);
      if (items_[j].parent.empty() || it == by_id.end() || walk.size() > items_.size()) {
        story = items_[j].parent.empty() ? items_[j].id : items_[j].parent;
        break;
      }
      j = it->second;
    }
    for (size_t k : walk) items_[k].story = story;
  }
  for (Item& it : items_) {
    if (it.type == "pollopt") continue;  // poll options are not discussion
    Thread* t = threads_.Get(it.story, "hn");
    if (IsStory(it)) {
      t->title = it.title;
      t->url = it.url;
      t->created_at = it.created_at;
      if (!it.text.empty()) t->body_raw = HtmlToText(it.text);
      continue;
    }
    if (t->title.empty()) t->title = it.title;  // story_title of a search hit
    if (t->url.empty()) t->url = it.url;
    Comment c;
    c.ext_id = it.id;
    c.parent_ext_id = it.parent;
    c.author = it.author;
    c.created_at = it.created_at;
    c.score = it.score;
    c.line_start = c.line_end = it.line;
    if (it.deleted) {
      c.flags.push_back("deleted");
      c.author.clear();
    } else {
      c.raw = it.text;
      c.raw_is_html = true;
    }
    if (it.dead) c.flags.push_back("dead");
    t->comments.push_back(std::move(c));
  }
  items_.clear();
  items_.shrink_to_fit();
}

bool HnReader::Next(Thread* thread, Status* status) {
  if (!read_) {
    read_ = true;
    if (!ReadAll(status)) return false;
    Assemble();
  }
  while (threads_.Pop(thread)) {
    if (thread->comments.empty()) continue;
    if (thread->url.empty()) thread->url = "https://news.ycombinator.com/item?id=" + thread->ext_id;
    FinishThread(thread);
    return true;
  }
  return false;
}

std::string SniffHn(std::string_view, std::string_view head) {
  char c = jsonin::FirstNonSpace(head);
  if (c != '[' && c != '{') return "not JSON (starts with neither '[' nor '{')";
  if (jsonin::HasKey(head, "objectID") && jsonin::HasKey(head, "hits"))
    return "";  // Algolia search results
  if (jsonin::HasKey(head, "story_id") &&
      (jsonin::HasKey(head, "children") || jsonin::HasKey(head, "created_at_i")))
    return "";  // Algolia item tree
  if (jsonin::HasKey(head, "by") && jsonin::HasKey(head, "time") &&
      (jsonin::HasKey(head, "parent") || jsonin::HasKey(head, "kids")) &&
      (jsonin::HasKeyValue(head, "type", "comment") || jsonin::HasKeyValue(head, "type", "story")))
    return "";  // Firebase items
  return "no Algolia (objectID+hits, story_id+children) or Firebase (by, time, parent/kids) keys";
}

}  // namespace threadlens
