#!/usr/bin/env bash
# threadlens developer entry point: the two README commands (and CI) run through here.
#
#   bash tools/dev.sh demo   install what is missing, build, ingest the bundled sample, print its summary
#   bash tools/dev.sh test   install what is missing, build (warnings as errors), run the whole test suite,
#                            then build and run it again under ASan + UBSan (THREADLENS_SKIP_ASAN=1: not)
#   bash tools/dev.sh deps   only install the Debian packages
#   bash tools/dev.sh asan   only the ASan + UBSan half of `test` (preset asan)
#   bash tools/dev.sh fuzz [SECONDS] [TARGET...]
#                            build the libFuzzer targets with clang (preset fuzz) and run each
#                            for SECONDS (default 60), niced; crashes and hangs are written to
#                            fixtures/fuzz/TARGET/ (commit them: ctest replays that folder)
#   bash tools/dev.sh fuzz-keep TARGET...  add the inputs a fuzz run found new coverage with
#                            (minimised, the smallest 150 KB) to fixtures/fuzz/TARGET/
#
# Run as root on Debian 12 (or with sudo available). Packages are installed only when missing, so
# a second run does not touch apt at all.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

# Build and test dependencies, all from Debian 12's archive (README "Dependencies" says why each).
packages=(
  g++ cmake make pkg-config python3
  libicu-dev libre2-dev libsqlite3-dev sqlite3 libcli11-dev catch2
  libsimdjson-dev libzstd-dev zstd zlib1g-dev libssl-dev libexpat1-dev libgumbo-dev libxml2-utils
  libmimalloc-dev
)
test_packages=(chromium python3-distributed)
fuzz_packages=(clang libclang-rt-14-dev)  # libFuzzer and the sanitizer runtimes for clang 14

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$here" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

asan_suite() {  # the whole suite under AddressSanitizer + UBSan (CMakePresets.json "asan")
  build "$here/build-asan" -DTHREADLENS_WERROR=ON -DTHREADLENS_SANITIZE=ON
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    ctest --test-dir "$here/build-asan" -j "$jobs" --output-on-failure --timeout 1800
}

case "${1:-}" in
  deps)
    install_missing "${packages[@]}"
    ;;
  demo)
    install_missing "${packages[@]}"
    build "$here/build" -DTHREADLENS_TESTS=OFF
    db="$here/build/sample.db"
    rm -f "$db"
    "$here/build/bin/threadlens" ingest --db "$db" "$here/fixtures/sample/call-centre-comments.txt"
    "$here/build/bin/threadlens" summary --db "$db" --format md
    echo
    echo "Stored in $db — try: build/bin/threadlens query --db $db \"SELECT * FROM stance_counts\""
    ;;
  test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    build "$here/build-test" -DTHREADLENS_WERROR=ON
    ctest --test-dir "$here/build-test" -j "$jobs" --output-on-failure
    # Then the same suite under ASan + UBSan: it found a dangling string_view in the store and an
    # out-of-bounds read in a test that the plain suite passed. It roughly triples the command's
    # time (31 minutes in all from a clean clone on 2 cores; CI's limit is 90);
    # THREADLENS_SKIP_ASAN=1 skips it for a quick local run.
    [ "${THREADLENS_SKIP_ASAN:-0}" = 1 ] || asan_suite
    ;;
  asan)
    # Only the ASan + UBSan suite (the second half of `test`).
    install_missing "${packages[@]}" "${test_packages[@]}"
    asan_suite
    ;;
  fuzz)
    install_missing "${packages[@]}" "${fuzz_packages[@]}"
    seconds=${2:-60}
    shift $(( $# >= 2 ? 2 : $# ))
    targets=("$@")
    build "$here/build-fuzz" -DCMAKE_CXX_COMPILER=clang++ \
      -DTHREADLENS_FUZZ=ON -DTHREADLENS_SANITIZE=ON -DTHREADLENS_TESTS=OFF
    if [ ${#targets[@]} -eq 0 ]; then
      for f in "$here"/build-fuzz/bin/fuzz_*; do targets+=("${f##*/fuzz_}"); done
    fi
    found=0
    for t in "${targets[@]}"; do
      corpus="$here/build-fuzz/corpus/$t"  # grows as the fuzzer learns; not committed
      mkdir -p "$corpus" "$here/fixtures/fuzz/$t"
      echo "== fuzz_$t for ${seconds}s" >&2
      # Seeds and kept findings come from fixtures/fuzz/TARGET (read only); new findings land
      # there too (-artifact_prefix). -timeout: an input taking 10 s is a hang.
      # FUZZ_TIMEOUT: raise it on a loaded machine, where the first input (which loads the
      # built-in rules under ASan) can take over 10 s of wall time without being a hang.
      # The project's own fixtures (every format, the sample, gold files, the rule files) are
      # seeds for every target, read where they are rather than copied.
      nice -n 15 "$here/build-fuzz/bin/fuzz_$t" "$corpus" "$here/fixtures/fuzz/$t" \
        "$here/fixtures/formats" "$here/fixtures/sample" "$here/fixtures/text" \
        "$here/fixtures/gold" "$here/rules/topics" "$here/rules/shared" "$here/rules/page" \
        -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
        -report_slow_units="${FUZZ_TIMEOUT:-10}" -print_final_stats=1 \
        -artifact_prefix="$here/fixtures/fuzz/$t/" >"$here/build-fuzz/fuzz_$t.log" 2>&1 || found=1
      tail -n 12 "$here/build-fuzz/fuzz_$t.log" >&2
    done
    [ "$found" -eq 0 ] || echo "findings: see build-fuzz/fuzz_*.log and fixtures/fuzz/*/" >&2
    exit "$found"
    ;;
  fuzz-keep)
    # After `fuzz`: keep what a run learnt, small. The grown corpus is minimised against what
    # fixtures/fuzz/TARGET already holds (libFuzzer -merge=1 keeps only inputs that add
    # coverage), and the smallest of those, up to 150 KB a target, are added there as
    # corpus-<sha1> for ctest to replay.
    shift
    for t in "$@"; do
      kept="$here/fixtures/fuzz/$t" new=$(mktemp -d)
      cp -p "$kept"/* "$new"/ 2>/dev/null || true
      before=$(ls "$new" | wc -l)
      "$here/build-fuzz/bin/fuzz_$t" -merge=1 -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
        "$new" "$here/build-fuzz/corpus/$t" >"$here/build-fuzz/fuzz_$t.merge.log" 2>&1
      budget=$((150 * 1024)) added=0
      while read -r size f; do
        [ $((budget - size)) -ge 0 ] || break
        cmp -s "$f" "$kept/$(basename "$f")" 2>/dev/null && continue  # already kept
        cp "$f" "$kept/corpus-$(sha1sum "$f" | cut -c1-40)"
        budget=$((budget - size)) added=$((added + 1))
      done < <(find "$new" -type f -printf '%s %p\n' | sort -n)
      echo "fuzz_$t: $((($(ls "$new" | wc -l)) - before)) inputs add coverage; kept the $added smallest" >&2
      rm -rf "$new"
    done
    ;;
  *)
    echo "usage: bash tools/dev.sh demo|test|deps|asan|fuzz [SECONDS] [TARGET...]|fuzz-keep TARGET..." >&2
    exit 2
    ;;
esac
