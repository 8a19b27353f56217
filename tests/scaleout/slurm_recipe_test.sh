#!/bin/bash
# The Slurm recipe (tools/scaleout/*.sbatch, slurm_submit.sh) without a Slurm cluster: the
# scripts parse; each array task run by hand with the variables Slurm sets writes its shard;
# the merge step refuses while a shard is missing, then merges the shards into a database equal
# to one plain ingest (tools/scaleout/dbcompare.py); slurm_submit.sh, with a stand-in `sbatch`
# that records its arguments, queues the array and an afterok merge on it.
#
#   bash tests/scaleout/slurm_recipe_test.sh build/bin/threadlens
set -euo pipefail
bin=$(realpath "${1:?usage: slurm_recipe_test.sh THREADLENS_BINARY}")
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools=$src/tools/scaleout
tmp=$(mktemp -d "${TMPDIR:-/tmp}/threadlens-slurm-test-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "slurm_recipe_test: FAIL: $*" >&2; exit 1; }

for f in threadlens.sbatch merge.sbatch slurm_submit.sh; do
  bash -n "$tools/$f" || fail "$f does not parse"
done

# A corpus: plain-text dumps, one thread per file (a different slice of the sample each).
sample=$src/fixtures/sample/call-centre-comments.txt
inputs=()
for i in 0 1 2 3 4 5 6 7 8 9; do
  f=$tmp/thread$i.txt
  { echo "Thread $i: $(head -n 1 "$sample")"; sed -n '2,5p' "$sample"
    tail -n +6 "$sample" | awk -v i="$i" 'NR % 5 != i % 5'; } > "$f"
  inputs+=("$f")
done
"$bin" ingest --quiet --format text --db "$tmp/single.db" "${inputs[@]}" 2>/dev/null

n=3
export THREADLENS=$bin THREADLENS_ARGS="--format text"
for ((k = 0; k < n; k++)); do
  SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=$n SLURM_JOB_ID=$((100 + k)) \
    bash "$tools/threadlens.sbatch" "$tmp/shards" "${inputs[@]}" > "$tmp/task$k.log" 2>&1 ||
    fail "array task $k: $(cat "$tmp/task$k.log")"
done
# Re-running one task (as after a node failure) with N given explicitly: harmless.
THREADLENS_SHARDS=$n SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=1 SLURM_JOB_ID=200 \
  bash "$tools/threadlens.sbatch" "$tmp/shards" "${inputs[@]}" > /dev/null 2>&1 ||
  fail "re-running task 1 with THREADLENS_SHARDS"
[ "$(find "$tmp/shards" -name '*.tmp' | wc -l)" -eq 0 ] || fail "temporary files left behind"
# Without N a task outside the array's count is refused.
if SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=1 bash "$tools/threadlens.sbatch" \
  "$tmp/other" "${inputs[@]}" 2>/dev/null; then fail "task 2 of 1 was accepted"; fi

# The merge refuses while a shard is missing, naming it; then merges all of them.
mv "$tmp/shards/shard-2-of-$n.db" "$tmp/held.db"
if bash "$tools/merge.sbatch" "$tmp/merged.db" "$tmp/shards" $n 2> "$tmp/merge.err"; then
  fail "merge ran with a shard missing"
fi
grep -q "shard(s) 2 of 3 missing" "$tmp/merge.err" || fail "merge error: $(cat "$tmp/merge.err")"
[ ! -e "$tmp/merged.db" ] || fail "merge wrote its output with a shard missing"
mv "$tmp/held.db" "$tmp/shards/shard-2-of-$n.db"
bash "$tools/merge.sbatch" "$tmp/merged.db" "$tmp/shards" $n 2> "$tmp/merge.err" ||
  fail "merge: $(cat "$tmp/merge.err")"
/usr/bin/python3 "$tools/dbcompare.py" "$tmp/single.db" "$tmp/merged.db" ||
  fail "merged database differs from the single ingest"
[ "$(find "$tmp/shards" -name 'shard-*' | wc -l)" -eq 0 ] || fail "shard databases not removed"

# slurm_submit.sh with a stand-in sbatch: an array of N, then a merge after it.
mkdir "$tmp/fakebin"
cat > "$tmp/fakebin/sbatch" <<'FAKE'
#!/bin/bash
echo "$*" >> "$SBATCH_LOG"
n=$(wc -l < "$SBATCH_LOG")
echo "$((4000 + n));cluster1"
FAKE
chmod +x "$tmp/fakebin/sbatch"
PATH="$tmp/fakebin:$PATH" SBATCH_LOG=$tmp/sbatch.log \
  bash "$tools/slurm_submit.sh" 4 "$tmp/s" "$tmp/all.db" "${inputs[0]}" "${inputs[1]}" \
  -- --partition=short > "$tmp/submit.out" || fail "slurm_submit.sh failed"
first=$(sed -n 1p "$tmp/sbatch.log") second=$(sed -n 2p "$tmp/sbatch.log")
[[ $first == *"--array=0-3 "*"THREADLENS_SHARDS=4"*"--partition=short"*"threadlens.sbatch $tmp/s ${inputs[0]} ${inputs[1]}" ]] ||
  fail "array submission: $first"
[[ $second == *"--dependency=afterok:4001 "*"--partition=short"*"merge.sbatch $tmp/all.db $tmp/s 4" ]] ||
  fail "merge submission: $second"
grep -q "shards: job 4001 (array 0-3), merge: job 4002" "$tmp/submit.out" ||
  fail "submit output: $(cat "$tmp/submit.out")"
echo "slurm_recipe_test: passed"
