// Eval: scores a stored thread against a hand annotation in the gold/1 format
// (DESIGN.md section 6; the seed's ../shared/seed/unherd-deepseek-gold.json is the reference).
//
//   auto gold = eval::LoadGold("unherd-deepseek-gold.json");   // errors name file and field
//   auto report = eval::Evaluate(&store.db(), /*thread_id=*/0, *gold);
//   std::cout << eval::FormatText(*report);
//
// Figures, computed exactly as ../shared/tools/score-against-gold.py does so the two agree:
//  * segmentation: a predicted comment starting at the first line of a gold comment is a hit;
//    predicted starts outside the annotated comment region are not counted. Precision, recall,
//    F1 of boundaries.
//  * parents: on gold edges of confidence high or medium, the predicted parent's first line
//    equals the gold parent's (or both are the article). The two naive baselines — everything
//    top level; each comment replying to the one before it — on the same edges.
//  * links by method: per parent_method, how many of those edges are right and the mean
//    parent_confidence the store gave them; over all judged edges, the mean confidence and the
//    Brier score (mean squared gap between confidence and 1 if right, 0 if wrong): how far the
//    confidences can be taken at their word.
//  * stance: per topic, SemEval-2016 F_avg (mean F1 of the two poles; neutral and off-topic
//    count as none). The predicted stance of a gold comment is that of the stored comment whose
//    lines cover the gold comment's first line.
//  * text repair: for each gold text_repair item, whether the stored text covering that line
//    holds the repaired form ("meant") and no longer the damaged one ("found").
// Thread id 0 scores every comment in the store (as the Python scorer does without --thread).
// Reads only; linear in comments plus gold items (stance lookups use a sorted range index).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace threadlens::eval {

struct GoldComment {
  std::string id;
  int line_start = 0, line_end = 0;
  std::string parent;  // a gold comment id, or "" for the article
  std::string edge = "high";
  std::map<std::string, std::string> stance;  // topic -> pole or "neutral"
};

struct GoldRepair {
  int line = 0;
  std::string found, meant;
};

struct Gold {
  std::string path;
  std::vector<GoldComment> comments;  // document order
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> topics;  // name, poles
  std::vector<GoldRepair> repairs;
};

// Parses a gold/1 file. Errors name the file and what is wrong ("comments[3].lines: ...").
Result<Gold> LoadGold(const std::string& path);
// The same on text already in memory; `path` is only used in messages (fuzz/gold_fuzz.cc).
Result<Gold> ParseGold(const std::string& path, std::string_view text);

struct Figures {
  int gold_comments = 0, pred_comments = 0;
  double seg_precision = 0, seg_recall = 0, seg_f1 = 0;
  int judged_edges = 0, parents_right = 0;
  std::optional<double> parent_acc, baseline_top, baseline_prev, baseline_best;
  struct Method {
    int edges = 0, right = 0;
    double confidence = 0;  // sum; mean = confidence / edges
  };
  int found_edges = 0;  // judged edges whose comment the store holds
  std::map<std::string, Method> by_method;  // those edges by method
  std::optional<double> mean_confidence, brier;
  std::vector<std::pair<std::string, double>> stance_favg;  // topic -> F_avg
  int repairs_total = 0, repairs_fixed = 0;
};

Result<Figures> Evaluate(store::Db* db, int64_t thread_id, const Gold& gold);

std::string FormatText(const Figures& f);
std::string FormatJson(const Figures& f);

}  // namespace threadlens::eval
