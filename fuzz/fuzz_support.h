// What the fuzz targets share: the ingest stages built once from the built-in rules, and the
// structural checks every finished thread must pass whatever bytes it came from.
//
// A fuzz target is a parser run on arbitrary bytes (fuzz/README.md). A finding is a crash, a
// sanitizer report, a hang, or a failed Require() below: an invariant the rest of threadlens
// relies on (the store writes parent ids by index, the tree printer walks depths) that hostile
// input must never break. Bad input itself is not a finding: it must come back as a Status.
//
// Not a test helper: it aborts (the fuzzer's signal for "found something"), which is exactly
// what library code must never do on input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/pipeline.h"

namespace threadlens::fuzz {

// Aborts with `what` when `ok` is false.
inline void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// The stages `threadlens ingest` runs (StagePipeline::Build), built from the built-in rules so a
// run does not depend on the machine's rules directory. Immutable; built on first use.
const std::vector<std::unique_ptr<Stage>>& IngestStages();

// Runs IngestStages() on *thread (stopping at the first error, as ingest does) and, when they
// all succeed, checks the result: every parent index is in range and not the comment itself,
// depths follow parents (a forest: no cycle survives), quotes and evidence spans lie inside the
// bodies they point into, stances name a comment of the thread. Returns false when a stage
// returned an error (an allowed answer to bad input; nothing is checked then).
bool RunStagesAndCheck(Thread* thread);

// Writes the thread into a scratch in-memory store inside a transaction that is rolled back:
// SQL with hostile text and every REQUIRES of SourceWriter::WriteThread.
void StoreAndDiscard(const Thread& thread);

}  // namespace threadlens::fuzz
