// threadlens_stance_bench: how many comments per second one core classifies.
//
//   threadlens_stance_bench [--rules DIR] [--bytes B] [--passes P] [--limit N] [--block K]
//                           [--check] FILE...
//
// FILEs are JSON lines with a "text" field (tests/stance/*.jsonl), Pushshift NDJSON with a
// "body" field (a dump, or tools/gen_corpus.py's output: typical comments), or plain text, one
// comment per line. Consecutive texts are joined until a comment has at least B bytes (default
// 300: a typical forum comment; --bytes 0 keeps every comment as it is), at most N comments are
// kept (default all).
//
//   threadlens_stance_bench --passes 16 tests/stance/devset.jsonl tests/stance/holdout.jsonl
//   python3 tools/gen_corpus.py --comments 20000 --seed 1 --out /tmp/c.ndjson
//   threadlens_stance_bench --bytes 0 --passes 4 /tmp/c.ndjson      # typical comments The comments are then
// classified P times (default 2) on one thread; each pass reports its rate in thread CPU time
// (what one core delivers, whatever else the machine is doing) and in wall time; --block K
// also prints the rate of every K comments of the first pass. --check times nothing: it classifies
// every comment on the fast path and on the slow reference path (every pattern asked alone) and
// prints the comments where they differ (exit 1 if any) — for a change to the matching code.
//
// The first pass over text the classifier has not seen is slower: RE2 builds the states of its
// DFA as new text needs them and caches them. A corpus much larger than the one measured has
// the rate of later passes once the cache holds the states natural text needs. Not a test: run
// it by hand.
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "rules/rule_source.h"
#include "stance/classify.h"
#include "stance/ruleset.h"

using namespace threadlens;

namespace {

std::vector<std::string> ReadTexts(const char* path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  simdjson::dom::parser parser;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (line[0] == '{') {
      simdjson::dom::element doc;
      std::string_view text;
      if (parser.parse(line).get(doc) == simdjson::SUCCESS &&
          (doc["text"].get_string().get(text) == simdjson::SUCCESS ||
           doc["body"].get_string().get(text) == simdjson::SUCCESS))
        out.emplace_back(text);
    } else {
      out.push_back(line);
    }
  }
  return out;
}

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// One line per result: topic, stance, score and the evidence's rules and spans.
std::string Describe(const stance::RuleSet& rs, const std::vector<StanceResult>& results) {
  std::string out;
  for (const StanceResult& r : results) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s %s %.3f:", rs.topics()[r.topic].name.c_str(),
                  r.stance.c_str(), r.score);
    out += buf;
    for (const Evidence& e : r.evidence)
      out += " " + e.rule_id + "@" + std::to_string(e.start) + "-" + std::to_string(e.end);
    out += "\n";
  }
  return out;
}

int CheckPaths(const stance::RuleSet& rs, const std::vector<std::string>& comments) {
  stance::ClassifyContext fast, reference;
  reference.mode = stance::PatternBank::kReference;
  size_t differ = 0;
  for (size_t i = 0; i < comments.size(); ++i) {
    std::string a = Describe(rs, stance::Classify(rs, comments[i], fast));
    std::string b = Describe(rs, stance::Classify(rs, comments[i], reference));
    if (a == b) continue;
    if (++differ <= 5)
      std::printf("comment %zu differs:\n%s\n-- fast:\n%s-- reference:\n%s\n", i,
                  comments[i].c_str(), a.c_str(), b.c_str());
  }
  std::printf("%zu of %zu comments differ between the fast and the reference path\n", differ,
              comments.size());
  return differ ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string rules_dir;
  size_t min_bytes = 300, limit = 0;
  int passes = 2;
  size_t block = 0;  // --block N: also print the rate of every N comments of pass 1
  bool check = false;
  std::vector<std::string> texts;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rules") && i + 1 < argc) {
      rules_dir = argv[++i];
    } else if (!std::strcmp(argv[i], "--bytes") && i + 1 < argc) {
      min_bytes = static_cast<size_t>(std::atol(argv[++i]));
    } else if (!std::strcmp(argv[i], "--passes") && i + 1 < argc) {
      passes = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--block") && i + 1 < argc) {
      block = static_cast<size_t>(std::atol(argv[++i]));
    } else if (!std::strcmp(argv[i], "--check")) {
      check = true;
    } else if (!std::strcmp(argv[i], "--limit") && i + 1 < argc) {
      limit = static_cast<size_t>(std::atol(argv[++i]));
    } else {
      for (auto& t : ReadTexts(argv[i])) texts.push_back(std::move(t));
    }
  }
  if (texts.empty()) {
    std::fprintf(stderr, "usage: %s [--rules DIR] [--bytes B] [--passes P] [--limit N] FILE...\n",
                 argv[0]);
    return 2;
  }
  auto src = rules::LoadRuleSource(rules_dir);
  if (!src.ok()) return std::fprintf(stderr, "%s\n", src.status().message().c_str()), 1;
  auto rs = stance::RuleSet::Load(*src);
  if (!rs.ok()) return std::fprintf(stderr, "%s\n", rs.status().message().c_str()), 1;

  std::vector<std::string> comments;
  std::string cur;
  for (auto& t : texts) {
    cur += (cur.empty() ? "" : "\n") + t;
    if (cur.size() >= min_bytes) comments.push_back(std::move(cur)), cur.clear();
    if (limit && comments.size() >= limit) break;
  }
  if (!cur.empty() && (!limit || comments.size() < limit)) comments.push_back(cur);
  size_t bytes = 0;
  for (const auto& c : comments) bytes += c.size();
  std::printf("%zu topics, %d patterns; %zu comments, %.0f bytes on average\n",
              (*rs)->topics().size(), (*rs)->bank().size(), comments.size(),
              double(bytes) / double(comments.size()));

  stance::ClassifyContext ctx;
  if (check) return CheckPaths(**rs, comments);
  size_t results = 0;
  for (int p = 1; p <= passes; ++p) {
    double cpu0 = CpuSeconds();
    auto wall0 = std::chrono::steady_clock::now();
    double block0 = cpu0;
    for (size_t i = 0; i < comments.size(); ++i) {
      results += stance::Classify(**rs, comments[i], ctx).size();
      if (p == 1 && block && (i + 1) % block == 0) {
        double now = CpuSeconds();
        std::printf("  pass 1, comments %zu-%zu: %8.0f comments/s per core\n", i + 1 - block, i + 1,
                    static_cast<double>(block) / (now - block0));
        block0 = now;
      }
    }
    double cpu = CpuSeconds() - cpu0;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    double n = static_cast<double>(comments.size());
    std::printf("pass %d: %8.0f comments/s per core (%.1f us/comment CPU, %.1f MB/s); "
                "wall %8.0f comments/s\n",
                p, n / cpu, 1e6 * cpu / n, double(bytes) / cpu / 1e6, n / wall);
  }
  std::printf("(%zu on-topic results)\n", results);
  return 0;
}
