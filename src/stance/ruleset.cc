#include "stance/ruleset.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "rules/rule_file.h"
#include "stance/word_list.h"

namespace threadlens::stance {
namespace {

// --- Topic defaults (a topic file's header may override them) ------------------------------------
// One plain cue (weight 1) is enough to take a side; a hedged or quoted-and-weakened one is not.
constexpr double kDefaultThreshold = 0.75;
// "DeepSeek says it cost $6M. That's a lie." — the pronoun carries the topic one sentence on.
constexpr int kDefaultAnchorReach = 1;
// A sentence that piles up cues still says one thing: cap what it adds so long rants don't
// saturate and a comment's score counts the sentences that argue, not the adjectives.
constexpr double kDefaultSentenceCap = 2.5;

struct MarkerDefaults {
  MarkerKind kind;
  const char* name;
  double factor;      // multiplies cue weight
  double confidence;  // multiplies result confidence
  Reach reach;
  int scope;          // words, for Reach::kWords
};

// Defaults per marker kind; each section in rules/shared may override factor/confidence/scope.
constexpr MarkerDefaults kMarkers[] = {
    // "not a bubble" leans the other way, but less firmly than "here to stay" does.
    {MarkerKind::kNegator, "negator", -0.7, 0.85, Reach::kWords, 3},
    // "might be a bubble": a lean, not a claim.
    {MarkerKind::kHedge, "hedge", 0.6, 0.8, Reach::kWords, 5},
    {MarkerKind::kBooster, "booster", 1.4, 1.0, Reach::kWords, 3},
    // What comes before "but" is conceded, not argued.
    {MarkerKind::kContrast, "contrast", 0.4, 0.9, Reach::kShiftAfter, 0},
    // A bare "Exactly." adopts the parent's view, with less certainty than saying it.
    {MarkerKind::kAgree, "agree", 0.6, 0.6, Reach::kSentence, 0},
    {MarkerKind::kDisagree, "disagree", -0.6, 0.6, Reach::kSentence, 0},
    // Reported views are not the commenter's: no weight unless rebutted or endorsed.
    {MarkerKind::kReported, "reported", 0.0, 1.0, Reach::kClause, 0},
    // "… but they're wrong" states the commenter's view as plainly as saying it.
    {MarkerKind::kRebuttal, "rebuttal", -1.0, 0.8, Reach::kSentence, 0},
    {MarkerKind::kEndorse, "endorse", 1.0, 0.85, Reach::kSentence, 0},
    {MarkerKind::kSarcasm, "sarcasm", 1.0, 0.6, Reach::kSentence, 0},
    // "Is AI a bubble?" asks; it does not claim.
    {MarkerKind::kQuestion, "question", 0.45, 0.8, Reach::kSentence, 0},
};

const MarkerDefaults* FindMarker(std::string_view name) {
  for (const auto& m : kMarkers)
    if (name == m.name) return &m;
  return nullptr;
}

bool ParseDouble(const std::string& s, double* out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  auto r = std::from_chars(b, e, *out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(*out);
}

bool ParseInt(const std::string& s, int* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

bool IsLexiconFile(const std::string& path) {
  return path.size() > 8 && path.compare(path.size() - 8, 8, ".lexicon") == 0;
}

}  // namespace

const char* MarkerKindName(MarkerKind k) { return kMarkers[static_cast<int>(k)].name; }

// Builds a RuleSet file by file; every error names file:line and the rule.
class RuleSetLoader {
 public:
  explicit RuleSetLoader(RuleSet* rs) : rs_(rs) {}

  Status Topic(const rules::SourceFile& f) {
    auto parsed = rules::ParseRuleFile(f.location, f.text);
    if (!parsed.ok()) return parsed.status();
    stance::Topic t;
    t.where = f.location;
    t.threshold = kDefaultThreshold;
    t.anchor_reach = kDefaultAnchorReach;
    t.sentence_cap = kDefaultSentenceCap;
    for (const rules::Entry& e : parsed->header) {
      std::string where = e.Where() + ": ";
      if (e.key == "topic") t.name = e.value;
      else if (e.key == "question") t.question = e.value;
      else if (e.key == "pole_a") t.pole_a = e.value;
      else if (e.key == "pole_b") t.pole_b = e.value;
      else if (e.key == "about") continue;
      else if (e.key == "threshold") {
        if (!ParseDouble(e.value, &t.threshold) || t.threshold <= 0 || t.threshold > 100)
          return Status::Error(where + "threshold must be a number > 0, got " + Quoted(e.value));
      } else if (e.key == "anchor_reach") {
        if (!ParseInt(e.value, &t.anchor_reach) || t.anchor_reach < 0 || t.anchor_reach > 10)
          return Status::Error(where + "anchor_reach must be 0..10 sentences, got " +
                               Quoted(e.value));
      } else if (e.key == "sentence_cap") {
        if (!ParseDouble(e.value, &t.sentence_cap) || t.sentence_cap <= 0)
          return Status::Error(where + "sentence_cap must be a number > 0, got " +
                               Quoted(e.value));
      } else {
        return Status::Error(where + "unknown header key " + Quoted(e.key) +
                             " (expected topic, question, pole_a, pole_b, threshold, "
                             "anchor_reach, sentence_cap, about)");
      }
    }
    std::string at1 = f.location + ":1: ";
    if (t.name.empty() || t.pole_a.empty() || t.pole_b.empty())
      return Status::Error(at1 + "a topic file needs 'topic:', 'pole_a:' and 'pole_b:'");
    if (t.pole_a == t.pole_b || t.pole_a == "neutral" || t.pole_b == "neutral")
      return Status::Error(at1 + "pole_a and pole_b must differ and not be 'neutral'");
    for (const auto& other : rs_->topics_)
      if (other.name == t.name)
        return Status::Error(at1 + "topic " + Quoted(t.name) + " is already defined in " +
                             other.where);
    int ti = static_cast<int>(rs_->topics_.size());
    std::set<std::string> ids;
    size_t first_needy = 0;  // 1 + index of the first rule with "needs: context", or 0
    for (const rules::Section& s : parsed->sections) {
      Rule r;
      r.where = s.Where();
      r.topic = ti;
      if (s.kind == "anchor") {
        r.kind = Rule::Kind::kAnchor;
        r.id = "anchor." + s.name;
      } else if (s.kind == "cue") {
        r.kind = Rule::Kind::kCue;
        r.id = s.name;
        size_t dot = s.name.find('.');
        std::string pole = s.name.substr(0, dot);
        if (dot == std::string::npos || dot + 1 == s.name.size())
          return Status::Error(r.where + ": rule " + Quoted(s.name) +
                               ": a cue is named <pole>.<name>, e.g. [cue " + t.pole_a +
                               ".bubble]");
        if (pole == t.pole_a) r.pole = +1;
        else if (pole == t.pole_b) r.pole = -1;
        else
          return Status::Error(r.where + ": rule " + Quoted(s.name) + ": unknown pole " +
                               Quoted(pole) + " (this topic's poles are " + t.pole_a + " and " +
                               t.pole_b + ")");
      } else if (s.kind == "context") {
        r.kind = Rule::Kind::kContext;
        r.id = "context." + s.name;
      } else {
        return Status::Error(r.where + ": unknown section kind " + Quoted(s.kind) +
                             " in a topic file (expected anchor, cue or context)");
      }
      if (s.name.empty())
        return Status::Error(r.where + ": a " + s.kind + " section needs a name");
      if (!ids.insert(r.id).second)
        return Status::Error(r.where + ": rule " + Quoted(r.id) + " is defined twice in " +
                             f.location);
      TL_RETURN_IF_ERROR(Entries(s, &r));
      if (r.needs_context && !first_needy) first_needy = rs_->rules_.size() + 1;
      std::vector<int>& list = r.kind == Rule::Kind::kAnchor    ? t.anchors
                               : r.kind == Rule::Kind::kContext ? t.contexts
                                                                : t.cues;
      list.push_back(static_cast<int>(rs_->rules_.size()));
      rs_->rules_.push_back(std::move(r));
    }
    if (t.anchors.empty() && t.cues.empty())
      return Status::Error(at1 + "topic " + Quoted(t.name) + " has no [anchor] or [cue] section");
    if (first_needy && t.contexts.empty()) {
      const Rule& r = rs_->rules_[first_needy - 1];
      return Status::Error(r.where + ": rule " + Quoted(r.id) + ": 'needs: context' but topic " +
                           Quoted(t.name) + " has no [context] section");
    }
    rs_->topics_.push_back(std::move(t));
    return Status::Ok();
  }

  // topics/NAME.lexicon: learnt weights for the topic its `topic:` line names.
  Status AttachLexicon(const rules::SourceFile& f) {
    auto lex = std::make_shared<stance::Lexicon>();
    TL_RETURN_IF_ERROR(stance::Lexicon::Parse(f.location, f.text, lex.get()));
    int t = rs_->FindTopic(lex->topic());
    if (t < 0)
      return Status::Error(f.location + ": lexicon for unknown topic '" + lex->topic() + "'");
    stance::Topic& topic = rs_->topics_[t];
    if (topic.lexicon)
      return Status::Error(f.location + ": topic '" + topic.name + "' already has a lexicon (" +
                           topic.lexicon->where() + ")");
    topic.lexicon = std::move(lex);
    return Status::Ok();
  }

  Status Shared(const rules::SourceFile& f) {
    auto parsed = rules::ParseRuleFile(f.location, f.text);
    if (!parsed.ok()) return parsed.status();
    for (const rules::Entry& e : parsed->header)
      if (e.key != "about")
        return Status::Error(e.Where() + ": unknown header key " + Quoted(e.key) +
                             " in a shared file (only 'about:')");
    for (const rules::Section& s : parsed->sections) {
      const MarkerDefaults* d = FindMarker(s.kind);
      if (!d) {
        std::string kinds;
        for (const auto& m : kMarkers) kinds += std::string(kinds.empty() ? "" : ", ") + m.name;
        return Status::Error(s.Where() + ": unknown section kind " + Quoted(s.kind) +
                             " in a shared file (expected one of: " + kinds + ")");
      }
      Rule r;
      r.kind = Rule::Kind::kMarker;
      r.marker = d->kind;
      r.id = std::string(d->name) + "." + s.name;
      r.where = s.Where();
      r.factor = d->factor;
      r.confidence = d->confidence;
      r.reach = d->reach;
      r.scope = d->scope;
      if (s.name.empty())
        return Status::Error(r.where + ": a " + s.kind + " section needs a name");
      if (!shared_ids_.insert(r.id).second)
        return Status::Error(r.where + ": rule " + Quoted(r.id) + " is defined twice");
      TL_RETURN_IF_ERROR(Entries(s, &r));
      rs_->markers_[static_cast<int>(r.marker)].push_back(static_cast<int>(rs_->rules_.size()));
      rs_->rules_.push_back(std::move(r));
    }
    return Status::Ok();
  }

 private:
  // Reads a section's entries into *r (patterns go to the bank).
  Status Entries(const rules::Section& s, Rule* r) {
    int index = static_cast<int>(rs_->rules_.size());
    auto fail = [&](const rules::Entry& e, const std::string& what) {
      return Status::Error(e.Where() + ": rule " + Quoted(r->id) + ": " + what);
    };
    bool is_cue = r->kind == Rule::Kind::kCue, is_marker = r->kind == Rule::Kind::kMarker;
    bool can_need = is_cue || r->kind == Rule::Kind::kAnchor;
    for (const rules::Entry& e : s.entries) {
      if (e.key == "re" || e.key == "words" || (is_cue && e.key == "unless")) {
        std::string pattern;
        if (e.key == "re" || e.key == "unless") {
          pattern = e.value;
        } else {
          std::vector<std::string> items = rules::SplitList(e.value);
          if (items.empty()) return fail(e, "'words:' lists nothing");
          // Items are split at commas: "2,048" would become "2" and "048", and "2" then
          // matches every 2 in every comment.
          static const RE2 kThousands(R"(\d,\d{3}\b)");
          if (RE2::PartialMatch(e.value, kThousands))
            return fail(e, "'words:' holds a number with a thousands comma, which would split "
                           "into items: write it in 're:'");
          pattern = WordListPattern(items);
        }
        if (pattern.empty()) return fail(e, "empty pattern");
        std::string error;
        int p = rs_->bank_.Add(pattern, index, &error);
        if (p < 0) return fail(e, error);
        bool veto = e.key == "unless";
        (veto ? r->unless : r->patterns).push_back(p);
        rs_->unless_.resize(p + 1, 0);
        rs_->unless_[p] = veto;
      } else if (e.key == "example+" || e.key == "example-") {
        if (e.value.empty()) return fail(e, "empty example");
        r->examples.push_back({e.value, e.Where(), e.key == "example+"});
      } else if (e.key == "why") {
        continue;
      } else if (is_cue && e.key == "weight") {
        if (!ParseDouble(e.value, &r->weight) || r->weight <= 0 || r->weight > 10)
          return fail(e, "weight must be a number in (0, 10], got " + Quoted(e.value));
      } else if (is_cue && e.key == "anchor") {
        if (e.value != "yes" && e.value != "no") return fail(e, "anchor must be yes or no");
        r->anchors_itself = e.value == "yes";
      } else if (can_need && e.key == "needs") {
        if (e.value != "context") return fail(e, "needs must be 'context', got " + Quoted(e.value));
        r->needs_context = true;
      } else if (is_marker && e.key == "factor") {
        if (!ParseDouble(e.value, &r->factor) || r->factor < -5 || r->factor > 5)
          return fail(e, "factor must be a number in [-5, 5], got " + Quoted(e.value));
      } else if (is_marker && e.key == "confidence") {
        if (!ParseDouble(e.value, &r->confidence) || r->confidence < 0 || r->confidence > 1)
          return fail(e, "confidence must be a number in [0, 1], got " + Quoted(e.value));
      } else if (is_marker && e.key == "scope") {
        TL_RETURN_IF_ERROR(Scope(e, r, fail));
      } else {
        std::string keys = "re, words, example+, example-, why";
        if (is_cue) keys += ", weight, anchor, unless";
        if (can_need) keys += ", needs";
        if (is_marker) keys += ", factor, confidence, scope";
        return fail(e, "unknown key " + Quoted(e.key) + " (expected " + keys + ")");
      }
    }
    if (r->patterns.empty())
      return Status::Error(s.Where() + ": rule " + Quoted(r->id) + " has no 're:' or 'words:'");
    return Status::Ok();
  }

  template <typename Fail>
  Status Scope(const rules::Entry& e, Rule* r, Fail fail) {
    const std::string& v = e.value;
    switch (r->marker) {
      case MarkerKind::kNegator:
      case MarkerKind::kHedge:
      case MarkerKind::kBooster:
        if (v == "sentence" || v == "comment") {
          r->reach = v == "sentence" ? Reach::kSentence : Reach::kComment;
          return Status::Ok();
        }
        if (!ParseInt(v, &r->scope) || r->scope < 0 || r->scope > 20)
          return fail(e, "scope must be 0..20 words, 'sentence' or 'comment', got " + Quoted(v));
        return Status::Ok();
      case MarkerKind::kContrast:
        if (v == "after") r->reach = Reach::kShiftAfter;
        else if (v == "concessive") r->reach = Reach::kConcessive;
        else return fail(e, "a contrast's scope is 'after' (but) or 'concessive' (although)");
        return Status::Ok();
      case MarkerKind::kReported:
        if (v == "clause") r->reach = Reach::kClause;
        else if (v == "sentence") r->reach = Reach::kSentence;
        else return fail(e, "reported speech's scope is 'clause' or 'sentence'");
        return Status::Ok();
      case MarkerKind::kSarcasm:
      case MarkerKind::kQuestion:
        if (v == "sentence") r->reach = Reach::kSentence;
        else if (v == "after") r->reach = Reach::kAfter;
        else return fail(e, "scope is 'sentence' or 'after'");
        return Status::Ok();
      default:
        return fail(e, std::string("a ") + MarkerKindName(r->marker) + " has no scope");
    }
  }

  RuleSet* rs_;
  std::set<std::string> shared_ids_;
};

Result<std::shared_ptr<const RuleSet>> RuleSet::Load(const rules::RuleSource& src) {
  auto rs = std::make_shared<RuleSet>();
  rs->sha256_ = src.sha256;
  rs->origin_ = src.origin;
  RuleSetLoader loader(rs.get());
  for (const rules::SourceFile* f : src.Under("shared/")) TL_RETURN_IF_ERROR(loader.Shared(*f));
  std::vector<const rules::SourceFile*> lexicons;
  for (const rules::SourceFile* f : src.Under("topics/")) {
    if (IsLexiconFile(f->path)) lexicons.push_back(f);
    else TL_RETURN_IF_ERROR(loader.Topic(*f));
  }
  for (const rules::SourceFile* f : lexicons) TL_RETURN_IF_ERROR(loader.AttachLexicon(*f));
  std::string error;
  if (!rs->bank_.Compile(&error)) return Status::Error(src.origin + ": " + error);
  return std::shared_ptr<const RuleSet>(std::move(rs));
}

int RuleSet::FindTopic(std::string_view name) const {
  for (size_t i = 0; i < topics_.size(); ++i)
    if (topics_[i].name == name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> RuleSet::MissingExamples() const {
  std::vector<std::string> out;
  for (const Rule& r : rules_) {
    bool pos = false, neg = false;
    for (const auto& ex : r.examples) (ex.positive ? pos : neg) = true;
    if (!pos) out.push_back(r.where + ": rule '" + r.id + "': no example+ (text it must match)");
    if (!neg) out.push_back(r.where + ": rule '" + r.id + "': no example- (text it must not match)");
  }
  return out;
}

}  // namespace threadlens::stance
