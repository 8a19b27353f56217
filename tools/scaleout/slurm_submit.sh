#!/bin/bash
# Queue a sharded threadlens ingest on Slurm: an array of N shard tasks (threadlens.sbatch) and
# a merge job that starts only when all of them succeeded (merge.sbatch, afterok dependency).
#
#   tools/scaleout/slurm_submit.sh N SHARD_DIR OUT.db INPUT... [-- SBATCH_OPTION...]
#
#   THREADLENS=/opt/threadlens/bin/threadlens THREADLENS_ARGS="--format pushshift" \
#     tools/scaleout/slurm_submit.sh 16 /scratch/$USER/tl-shards all.db /data/RC_2024-*.zst \
#     -- --partition=short --time=01:00:00
#
# SHARD_DIR, OUT.db, the inputs and the binary must be visible from every node at the same
# paths. Options after "--" go to both sbatch calls. Prints the two job ids.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -lt 4 ]; then
  echo "usage: slurm_submit.sh N SHARD_DIR OUT.db INPUT... [-- SBATCH_OPTION...]" >&2
  exit 2
fi
n=$1 shard_dir=$2 out=$3
shift 3
inputs=() opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$(realpath -m "$1")"); shift; done
[ $# -gt 0 ] && shift
opts=("$@")
case $n in '' | *[!0-9]* | 0) echo "slurm_submit.sh: N must be a positive number" >&2; exit 2 ;; esac
if [ ${#inputs[@]} -eq 0 ]; then echo "slurm_submit.sh: no inputs" >&2; exit 2; fi
shard_dir=$(realpath -m "$shard_dir")
out=$(realpath -m "$out")
mkdir -p "$shard_dir"

array=$(sbatch --parsable --array="0-$((n - 1))" --export="ALL,THREADLENS_SHARDS=$n" \
  "${opts[@]}" "$here/threadlens.sbatch" "$shard_dir" "${inputs[@]}")
array=${array%%;*}  # "jobid;cluster" on multi-cluster sites
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  "${opts[@]}" "$here/merge.sbatch" "$out" "$shard_dir" "$n")
merge=${merge%%;*}
echo "shards: job $array (array 0-$((n - 1))), merge: job $merge -> $out"
