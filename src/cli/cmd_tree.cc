// threadlens tree: the reply tree in the terminal. One line per comment, indented by depth, in
// tree order (comments.path sorts that way), so printing is a single ordered scan: no recursion,
// any depth. Read-only.
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <string>

#include "cli/commands.h"
#include "store/store.h"

namespace threadlens::cli {
namespace {

// Indentation per level, and the deepest level drawn as indentation (deeper ones show "·N").
constexpr int kIndentColumns = 2;
constexpr int kMaxDrawnDepth = 30;

int TerminalWidth() {
  struct winsize w;
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20)
    return w.ws_col;
  return 100;
}

// First bytes of `s` on one line, cut at a UTF-8 character boundary.
std::string Clip(std::string_view s, size_t bytes) {
  std::string out;
  for (char c : s) out.push_back(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
  if (out.size() <= bytes) return out;
  size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "…";
}

}  // namespace

int RunTreeCommand(const TreeOptions& o) {
  store::Store st;
  Status s = store::Store::Open(o.db, store::Db::kReadOnly, &st);
  if (!s.ok()) {
    std::cerr << "error: " << s.message() << '\n';
    return 1;
  }
  const int width = o.width > 0 ? o.width : TerminalWidth();

  // Stance marks: + for pole_a, - for pole_b, 0 for neutral.
  std::map<int64_t, std::string> marks;
  {
    store::Stmt q;
    s = st.db().Prepare(
        "SELECT s.comment_id, t.name, CASE WHEN s.stance = t.pole_a THEN '+' WHEN s.stance = "
        "t.pole_b THEN '-' ELSE '0' END FROM stances s JOIN topics t ON t.id = s.topic_id "
        "ORDER BY s.comment_id, t.name",
        &q);
    if (s.ok()) {
      while (q.Step(&s)) {
        std::string& m = marks[q.Int(0)];
        m += (m.empty() ? "[" : " ") + std::string(q.Text(1)) + ":" + std::string(q.Text(2));
      }
    }
    if (!s.ok()) {
      std::cerr << "error: " << s.message() << '\n';
      return 1;
    }
  }

  store::Stmt threads;
  std::string tsql = "SELECT id, coalesce(title, ''), coalesce(body, ''), "
                     "(SELECT count(*) FROM comments c WHERE c.thread_id = threads.id) FROM threads";
  if (o.thread != 0) tsql += " WHERE id = ?1";
  tsql += " ORDER BY id";
  s = st.db().Prepare(tsql, &threads);
  if (!s.ok()) {
    std::cerr << "error: " << s.message() << '\n';
    return 1;
  }
  if (o.thread != 0) threads.Bind(1, o.thread);
  store::Stmt comments;
  s = st.db().Prepare(
      "SELECT c.id, c.position, c.depth, coalesce(a.name, ''), c.body, c.parent_method, "
      "c.parent_confidence, c.line_start FROM comments c LEFT JOIN authors a ON a.id = c.author_id "
      "WHERE c.thread_id = ?1 ORDER BY c.path",
      &comments);
  if (!s.ok()) {
    std::cerr << "error: " << s.message() << '\n';
    return 1;
  }
  int shown = 0;
  while (threads.Step(&s)) {
    ++shown;
    int64_t tid = threads.Int(0);
    std::string title(threads.Text(1));
    if (title.empty()) title = std::string(threads.Text(2));
    std::cout << "thread " << tid << " (" << threads.Int(3) << " comments): "
              << Clip(title.empty() ? "(no article text)" : title, static_cast<size_t>(std::max(20, width - 30)))
              << '\n';
    comments.Reset();
    comments.Bind(1, tid);
    while (comments.Step(&s)) {
      int depth = static_cast<int>(comments.Int(2));
      std::string line(static_cast<size_t>(std::min(depth, kMaxDrawnDepth) * kIndentColumns), ' ');
      line += depth > kMaxDrawnDepth ? "·" + std::to_string(depth) + " " : "";
      line += "#" + std::to_string(comments.Int(1));
      std::string author(comments.Text(3));
      if (!author.empty()) line += " " + author;
      std::string how(comments.Text(5));
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.2f", comments.Double(6));
      std::string tail = "  (" + how + (how == "none" ? "" : std::string(" ") + conf) + ")";
      if (!comments.IsNull(7)) tail += " L" + std::to_string(comments.Int(7));
      auto m = marks.find(comments.Int(0));
      if (m != marks.end()) tail += " " + m->second + "]";
      int room = width - static_cast<int>(line.size()) - static_cast<int>(tail.size()) - 2;
      line += ": " + Clip(comments.Text(4), static_cast<size_t>(std::max(room, 12)));
      std::cout << line << tail << '\n';
    }
    if (!s.ok()) break;
  }
  if (!s.ok()) {
    std::cerr << "error: " << s.message() << '\n';
    return 1;
  }
  if (shown == 0) {
    std::cerr << "error: " << o.db << ": no thread" << (o.thread ? " with id " + std::to_string(o.thread) : "")
              << '\n';
    return 1;
  }
  return 0;
}

}  // namespace threadlens::cli
