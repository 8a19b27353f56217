#include "ingest/readers/reddit_reader.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "ingest/readers/json_util.h"
#include "ingest/readers/reddit_fields.h"

namespace threadlens {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace {

// One thing seen in the walk, for error paths and nesting parents.
struct Node {
  int parent;      // node of the enclosing comment; -1 for a Listing's direct child
  int index;       // position in its children array
  int listing;     // top-level Listing it belongs to
  std::string id;  // comment id ("" for non-comments)
  std::string thread;
};

// "[1].data.children[0].data.replies.data.children[2]", with the middle elided when deep.
std::string NodePath(const std::vector<Node>& nodes, int n, bool root_is_array) {
  std::vector<int> chain;
  for (int k = n; k >= 0; k = nodes[static_cast<size_t>(k)].parent) chain.push_back(k);
  const size_t levels = chain.size();
  std::string out;
  for (size_t pos = 0; pos < levels; ++pos) {
    const Node& x = nodes[static_cast<size_t>(chain[levels - 1 - pos])];
    if (levels > 8 && pos >= 3 && pos + 3 < levels) {
      if (pos == 3) out += ".(" + std::to_string(levels - 6) + " more levels)";
      continue;
    }
    if (x.parent < 0) {
      if (root_is_array) out += "[" + std::to_string(x.listing) + "].";
      out += "data.children[" + std::to_string(x.index) + "]";
    } else {
      out += ".data.replies.data.children[" + std::to_string(x.index) + "]";
    }
  }
  return out;
}

// The children array of a Listing object; error names what is wrong.
Status ListingChildren(element e, array* children) {
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS)
    return Status::Error(std::string("is ") + jsonin::TypeName(e.type()) + ", expected a Listing");
  std::string_view kind;
  TL_RETURN_IF_ERROR(jsonin::GetString(o, "kind", &kind));
  if (kind != "Listing")
    return Status::Error("has kind '" + std::string(kind) + "', expected 'Listing'");
  object data;
  bool found = false;
  TL_RETURN_IF_ERROR(jsonin::GetObject(o, "data", &data, &found));
  if (!found) return Status::Error("Listing without 'data'");
  TL_RETURN_IF_ERROR(jsonin::GetArray(data, "children", children, &found).Annotate("data"));
  if (!found) return Status::Error("Listing without 'data.children'");
  return Status::Ok();
}

}  // namespace

Status RedditReader::ReadAll() {
  jsonin::JsonRecords records(in_, jsonin::JsonRecords::kDocument);
  element root;
  std::string bad;
  Status st;
  if (!records.Next(&root, &bad, &st))
    return st.ok() ? Status::Error(in_->name() + ": no JSON value") : st;
  const std::string& file = in_->name();
  const bool root_is_array = root.is_array();
  std::vector<element> listings;
  if (root_is_array) {
    array top = root.get_array().value_unsafe();
    for (element e : top) listings.push_back(e);
  } else {
    listings.push_back(root);
  }

  struct Frame {
    element thing;
    int node;
  };
  std::vector<Frame> stack;
  std::vector<Node> nodes;
  std::string current_post;  // the last t3 seen: the thread of comments without link_id
  array children;
  for (size_t li = 0; li < listings.size(); ++li) {
    std::string where = root_is_array ? "[" + std::to_string(li) + "]" : "the top-level value";
    Status ls = ListingChildren(listings[li], &children);
    if (!ls.ok()) return Status::Error(file + ": " + where + " " + ls.message());
    // Push this Listing's children (reversed, so they pop in order), then drain depth first.
    auto push_children = [&](array kids, int parent) {
      size_t first = stack.size();
      int index = 0;
      for (element kid : kids) {
        const Node* p = parent >= 0 ? &nodes[static_cast<size_t>(parent)] : nullptr;
        nodes.push_back({parent, index++, static_cast<int>(li), "", p ? p->thread : ""});
        stack.push_back({kid, static_cast<int>(nodes.size() - 1)});
      }
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
    };
    push_children(children, -1);
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      auto fail = [&](const std::string& what) {
        const Node& n = nodes[static_cast<size_t>(f.node)];
        std::string id = n.id.empty() ? "" : " (" + n.id + ")";
        return Status::Error(file + ": " + NodePath(nodes, f.node, root_is_array) + id + ": " +
                             what);
      };
      object thing, data;
      if (f.thing.get_object().get(thing) != simdjson::SUCCESS)
        return fail(std::string("is ") + jsonin::TypeName(f.thing.type()) +
                    ", expected a {kind, data} object");
      std::string_view kind;
      bool found = false;
      Status fs = jsonin::GetString(thing, "kind", &kind);
      if (fs.ok()) fs = jsonin::GetObject(thing, "data", &data, &found);
      if (!fs.ok()) return fail(fs.message());
      if (!found) return fail("no 'data'");
      Node& node = nodes[static_cast<size_t>(f.node)];
      if (node.thread.empty()) node.thread = current_post;

      if (kind == "t3") {
        Thread header;
        Status ps = RedditPostFromJson(data, &header);
        if (!ps.ok()) return fail(ps.message());
        Thread* t = threads_.Get(header.ext_id, "reddit");
        t->title = std::move(header.title);
        t->url = std::move(header.url);
        t->created_at = std::move(header.created_at);
        t->body_raw = std::move(header.body_raw);
        for (auto& n : header.notes) t->notes.push_back(std::move(n));
        current_post = header.ext_id;
      } else if (kind == "more") {
        std::optional<int64_t> count;
        std::string_view parent;
        array ids;
        Status ms = jsonin::GetInt(data, "count", &count);
        if (ms.ok()) ms = jsonin::GetString(data, "parent_id", &parent);
        if (ms.ok()) ms = jsonin::GetArray(data, "children", &ids, &found);
        if (!ms.ok()) return fail(ms.message());
        size_t listed = found ? ids.size() : 0;
        std::string under = parent.substr(0, 3) == "t3_" ? "the post"
                                                          : StripFullname(parent);
        std::string note;
        if (count.value_or(0) == 0 && listed == 0) {
          note = "more: \"continue this thread\" below " + under +
                 ": deeper replies not in dump";
        } else {
          const int64_t n = std::max<int64_t>(count.value_or(0), static_cast<int64_t>(listed));
          note = "more: " + std::to_string(n) + (n == 1 ? " reply" : " replies") + " under " +
                 under + " not in dump";
        }
        threads_.Get(node.thread, "reddit")->notes.push_back(std::move(note));
      } else if (kind == "t1") {
        Comment c;
        std::string link;
        bool has_parent = false;
        std::string_view peek_id;
        if (jsonin::GetString(data, "id", &peek_id).ok()) node.id = std::string(peek_id);
        Status cs = RedditCommentFromJson(data, &c, &link, &has_parent);
        if (!cs.ok()) return fail(cs.message());
        node.id = c.ext_id;
        if (!has_parent && node.parent >= 0) c.parent_ext_id = nodes[static_cast<size_t>(node.parent)].id;
        if (!link.empty()) node.thread = link;
        const int self = f.node;
        // replies: a Listing, or "" / null / absent when there are none.
        element replies;
        if (data["replies"].get(replies) == simdjson::SUCCESS && !replies.is_null()) {
          if (replies.is_string()) {
            if (!replies.get_string().value_unsafe().empty())
              return fail("'replies' is a non-empty string, expected a Listing or \"\"");
          } else {
            array kids;
            Status rs = ListingChildren(replies, &kids);
            if (!rs.ok()) return fail("'replies' " + rs.message());
            threads_.Get(node.thread, "reddit")->comments.push_back(std::move(c));
            push_children(kids, self);
            continue;
          }
        }
        threads_.Get(node.thread, "reddit")->comments.push_back(std::move(c));
      } else {
        return fail("unexpected kind '" + std::string(kind) + "' (expected t1, t3 or more)");
      }
    }
  }
  return Status::Ok();
}

bool RedditReader::Next(Thread* thread, Status* status) {
  if (!read_) {
    read_ = true;
    *status = ReadAll();
    if (!status->ok()) return false;
  }
  while (threads_.Pop(thread)) {
    if (thread->comments.empty()) continue;  // a post listing without its comments
    FinishThread(thread);
    return true;
  }
  return false;
}

std::string SniffReddit(std::string_view, std::string_view head) {
  char c = jsonin::FirstNonSpace(head);
  if (c != '[' && c != '{') return "not JSON (starts with neither '[' nor '{')";
  if (!jsonin::HasKeyValue(head, "kind", "Listing")) return "no \"kind\": \"Listing\"";
  if (!jsonin::HasKeyValue(head, "kind", "t1") && !jsonin::HasKeyValue(head, "kind", "t3"))
    return "a Listing without t1 comments or t3 posts";
  return "";
}

}  // namespace threadlens
