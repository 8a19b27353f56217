#!/usr/bin/env bash
# threadlens developer entry point: the two README commands (and CI) run through here.
#
#   bash tools/dev.sh demo   install what is missing, build, ingest the bundled sample, print its summary
#   bash tools/dev.sh test   install what is missing, build (warnings as errors), run the whole test suite
#   bash tools/dev.sh deps   only install the Debian packages
#   bash tools/dev.sh asan   build the whole suite with ASan + UBSan (preset asan) and run it
#   bash tools/dev.sh fuzz [SECONDS] [TARGET...]
#                            build the libFuzzer targets with clang (preset fuzz) and run each
#                            for SECONDS (default 60), niced; crashes and hangs are written to
#                            fixtures/fuzz/TARGET/ (commit them: ctest replays that folder)
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
    # The ASan + UBSan suite (`asan` below) is not part of this command yet: it has not been run
    # to completion cleanly on the shared 2-core machine, so its cost in CI is not known
    # (fuzz/README.md "Sanitizers"). Run it by hand before a release.
    ;;
  asan)
    # The whole suite under AddressSanitizer + UBSan (CMakePresets.json "asan"). Separate from
    # `test` because it roughly triples build and test time (see fuzz/README.md).
    install_missing "${packages[@]}" "${test_packages[@]}"
    build "$here/build-asan" -DTHREADLENS_WERROR=ON -DTHREADLENS_SANITIZE=ON
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
      UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
      ctest --test-dir "$here/build-asan" -j "$jobs" --output-on-failure --timeout 1800
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
        -print_final_stats=1 \
        -artifact_prefix="$here/fixtures/fuzz/$t/" >"$here/build-fuzz/fuzz_$t.log" 2>&1 || found=1
      tail -n 12 "$here/build-fuzz/fuzz_$t.log" >&2
    done
    [ "$found" -eq 0 ] || echo "findings: see build-fuzz/fuzz_*.log and fixtures/fuzz/*/" >&2
    exit "$found"
    ;;
  *)
    echo "usage: bash tools/dev.sh demo|test|deps|asan|fuzz [SECONDS] [TARGET...]" >&2
    exit 2
    ;;
esac
