#!/usr/bin/env bash
# threadlens developer entry point: the two README commands (and CI) run through here.
#
#   bash tools/dev.sh demo   install what is missing, build, ingest the bundled sample, print its summary
#   bash tools/dev.sh test   install what is missing, build (warnings as errors), run the whole test suite
#   bash tools/dev.sh deps   only install the Debian packages
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
  libsimdjson-dev libzstd-dev zstd zlib1g-dev libexpat1-dev libgumbo-dev libxml2-utils
)
test_packages=(chromium python3-distributed)

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
    ;;
  *)
    echo "usage: bash tools/dev.sh demo|test|deps" >&2
    exit 2
    ;;
esac
