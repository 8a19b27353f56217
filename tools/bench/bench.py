#!/usr/bin/env python3
"""Ingest benchmark: threadlens against the bare parse+INSERT floor, side by side.

    python3 tools/bench/bench.py [--build build] [--sizes 20000,200000] [--runs 3]
                                 [--text-sizes 10000,100000] [--workdir DIR] [--no-sqlite-utils]

Generates deterministic Pushshift-style corpora (tools/gen_corpus.py), then for each size runs,
in turn and `--runs` times: the floor (tools/bench/floor.cc: simdjson + one prepared INSERT in one
transaction), the floor with an FTS5 index, `threadlens ingest --format pushshift`, and — when
Debian's sqlite-utils is installed — `sqlite-utils insert --nl` (loading only). Prints medians of
wall time, comments/s, MB/s, peak RSS, and the ratio to the floor computed pair by pair (runs are
interleaved so machine drift hits both sides alike). Then the scaling figures: time(200k)/time(20k)
for ingest, and the same for plain-text dumps (tree inference included) at --text-sizes (0 or
empty: none).
Not a test: nothing here asserts; it prints what it measured.
"""
import argparse, os, shutil, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, peak RSS in MiB of the child)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: command failed: {' '.join(cmd)}\n{err}")
    return wall, ru.ru_maxrss / 1024.0


def gen(n, out, fmt):
    """Pushshift NDJSON with n comments, or (fmt "text") one n-comment thread as a text page
    (its deleted comments without replies left out, as a page shows it)."""
    if not os.path.exists(out):
        g = [sys.executable, os.path.join(ROOT, "tools", "gen_corpus.py"), "--comments", str(n),
             "--seed", "1"]
        if fmt == "text":
            g += ["--one-thread", "--out", os.devnull, "--text", out]
        else:
            g += ["--out", out]
        subprocess.check_call(g)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--sizes", default="20000,200000")
    ap.add_argument("--text-sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--workdir", default="/tmp/threadlens-bench")
    ap.add_argument("--no-sqlite-utils", action="store_true")
    a = ap.parse_args()
    tl = os.path.join(a.build, "bin", "threadlens")
    floor = os.path.join(a.build, "bin", "threadlens_floor")
    for b in (tl, floor):
        if not os.access(b, os.X_OK):
            sys.exit(f"bench: {b} not built (cmake --build {a.build})")
    su = None if a.no_sqlite_utils else shutil.which("sqlite-utils")
    os.makedirs(a.workdir, exist_ok=True)
    db = os.path.join(a.workdir, "out.db")

    def fresh():
        for suffix in ("", "-journal", "-wal"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)

    cmds = {
        "floor": lambda f: [floor, db, f],
        "floor+fts": lambda f: [floor, "--fts", db, f],
        "threadlens": lambda f: [tl, "ingest", "--quiet", "--jobs", str(a.jobs), "--format",
                                 "pushshift", "--db", db, f],
    }
    if su:
        cmds["sqlite-utils"] = lambda f: [su, "insert", db, "comments", f, "--nl"]

    results = {}
    print(f"{'size':>8} {'command':<13} {'wall s':>8} {'comments/s':>11} {'MB/s':>7} "
          f"{'÷ floor':>8} {'peak MiB':>9}")
    for n in [int(x) for x in a.sizes.split(",")]:
        f = gen(n, os.path.join(a.workdir, f"ps-{n}.ndjson"), "pushshift")
        mb = os.path.getsize(f) / 1e6
        walls = {k: [] for k in cmds}
        rss = {k: [] for k in cmds}
        for _ in range(a.runs):
            for name, mk in cmds.items():
                fresh()
                w, r = run(mk(f))
                walls[name].append(w)
                rss[name].append(r)
        for name in cmds:
            w = statistics.median(walls[name])
            ratio = statistics.median(x / y for x, y in zip(walls[name], walls["floor"]))
            results[(n, name)] = w
            print(f"{n:>8} {name:<13} {w:>8.2f} {n / w:>11,.0f} {mb / w:>7.1f} {ratio:>8.2f} "
                  f"{max(rss[name]):>9.1f}")
    sizes = [int(x) for x in a.sizes.split(",")]
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        print(f"scaling: threadlens {hi} vs {lo}: "
              f"{results[(hi, 'threadlens')] / results[(lo, 'threadlens')]:.2f}x time for "
              f"{hi / lo:.0f}x comments")

    tsizes = [int(x) for x in a.text_sizes.split(",") if x and int(x) > 0]  # "" or 0: none
    tw = {}
    for n in tsizes:
        f = gen(n, os.path.join(a.workdir, f"page-{n}.txt"), "text")
        ws, rs = [], []
        for _ in range(a.runs):
            fresh()
            w, r = run([tl, "ingest", "--quiet", "--jobs", str(a.jobs), "--format", "text",
                        "--db", db, f])
            ws.append(w)
            rs.append(r)
        tw[n] = statistics.median(ws)
        print(f"{n:>8} {'text page':<13} {tw[n]:>8.2f} {n / tw[n]:>11,.0f} "
              f"{os.path.getsize(f) / 1e6 / tw[n]:>7.1f} {'':>8} {max(rs):>9.1f}")
    if len(tsizes) >= 2:
        lo, hi = tsizes[0], tsizes[-1]
        print(f"scaling: text page {hi} vs {lo}: {tw[hi] / tw[lo]:.2f}x time for "
              f"{hi / lo:.0f}x comments")


if __name__ == "__main__":
    main()
