#!/usr/bin/python3
"""End-to-end: tools/scaleout/threadlens_dask.py on a real Dask cluster gives one ingest's result.

Starts a scheduler and two worker processes (dask-scheduler / dask-worker, loopback TCP), runs
the driver with 3 shards (shard databases come back as bytes through Dask, as between machines
without a shared filesystem) while a wrapper around the threadlens binary makes the first attempt
of shard 0 fail and holds the first attempt of shard 1 until the test kills that task's worker
process (SIGKILL). The merged database must still equal a single-process ingest of the same
input, row by row, ignoring ids (tools/scaleout/dbcompare.py). Then the driver's own local
cluster (workers write the shards straight into --work-dir) with --split files on a dozen
plain-text dumps, 3 shards: equal again, and nothing left in the work directory.

  /usr/bin/python3 tests/scaleout/dask_test.py --threadlens build/bin/threadlens

Exit 0 pass, 1 fail, 77 skipped (python3-distributed not installed).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE, "tools", "scaleout"))
PY = "/usr/bin/python3"
DRIVER = os.path.join(SOURCE, "tools", "scaleout", "threadlens_dask.py")

# Wraps the real binary. Per shard, records each attempt; the first attempt of FAIL_SHARD exits 3,
# the first attempt of HOLD_SHARD writes its worker's pid and waits (until the worker is killed).
WRAPPER = r'''#!/usr/bin/python3
import os, sys, time
REAL, STATE, FAIL_SHARD, HOLD_SHARD = %r, %r, %r, %r
args = sys.argv[1:]
shard = args[args.index("--shard") + 1] if "--shard" in args else ""
k = shard.split("/")[0]
attempt = len([f for f in os.listdir(STATE) if f.startswith("attempt-%%s-" %% k)])
open(os.path.join(STATE, "attempt-%%s-%%d" %% (k, attempt)), "w").close()
if k == FAIL_SHARD and attempt == 0:
    sys.stderr.write("injected failure\n")
    sys.exit(3)
if k == HOLD_SHARD and attempt == 0:
    parent = os.getppid()
    with open(os.path.join(STATE, "held.tmp"), "w") as f:
        f.write(str(parent))
    os.replace(os.path.join(STATE, "held.tmp"), os.path.join(STATE, "held"))
    deadline = time.time() + 120
    while os.getppid() == parent and time.time() < deadline:
        time.sleep(0.1)
    sys.exit(9)  # the worker is gone: nobody waits for this attempt any more
os.execv(REAL, [REAL] + args)
'''


def log(msg):
    print("dask_test: " + msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_corpus(tmp, threadlens):
    """(format, input paths): a generated Pushshift file when this build reads them, else text."""
    gen = os.path.join(SOURCE, "tools", "gen_corpus.py")
    if os.path.exists(gen):
        path = os.path.join(tmp, "rc.ndjson")
        subprocess.run([PY, gen, "--comments", "3000", "--seed", "5", "--out", path], check=True,
                       stdout=subprocess.DEVNULL)
        probe = subprocess.run([threadlens, "ingest", "--quiet", "--format", "pushshift", "--db",
                                os.path.join(tmp, "probe.db"), path],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if probe.returncode == 0:
            return "pushshift", [path]
        log("no pushshift ingest in this build (%s); using text dumps" %
            probe.stderr.decode(errors="replace").strip()[:120])
    return "text", make_text_corpus(tmp)


def make_text_corpus(tmp):
    with open(os.path.join(SOURCE, "fixtures", "sample", "call-centre-comments.txt"),
              encoding="utf-8") as f:
        lines = f.read().splitlines()
    paths = []
    for i in range(12):  # one thread per file, each a different subset of the sample
        text = ["Thread %d: %s" % (i, lines[0])]
        text += [l for n, l in enumerate(lines[1:], 1) if n < 6 or (n + i) % 5 != 0]
        p = os.path.join(tmp, "thread%02d.txt" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")
        paths.append(p)
    return paths


class Cluster:
    """dask-scheduler and dask-worker processes, each in its own process group."""

    def __init__(self, tmp, workers):
        self.port = free_port()
        self.address = "tcp://127.0.0.1:%d" % self.port
        self.procs = []
        self.logs = []
        self._start(["dask-scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                     "--no-dashboard"], os.path.join(tmp, "scheduler.log"))
        for w in range(workers):
            self._start(["dask-worker", self.address, "--nthreads", "1", "--nworkers", "1",
                         "--host", "127.0.0.1", "--no-dashboard", "--name", "w%d" % w,
                         "--local-directory", os.path.join(tmp, "w%d" % w)],
                        os.path.join(tmp, "worker%d.log" % w))

    def _start(self, cmd, logfile):
        out = open(logfile, "w")
        self.logs.append(logfile)
        self.procs.append(subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                           start_new_session=True))

    def wait_for_workers(self, n, timeout=60):
        from distributed import Client
        with Client(self.address, timeout="%ds" % timeout) as c:
            c.wait_for_workers(n, timeout=timeout)

    def close(self):
        for p in reversed(self.procs):  # workers first, then the scheduler
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        deadline = time.time() + 10
        for p in self.procs:
            try:
                p.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def check_equal(single, merged):
    import dbcompare
    diffs = dbcompare.differences(single, merged)
    counts = dbcompare.counts(merged)
    if diffs:
        log("FAIL: %s differs from the single ingest:\n  %s" % (merged, "\n  ".join(diffs)))
        return False
    if counts["comments"] == 0:
        log("FAIL: %s has no comments" % merged)
        return False
    log("equal to the single ingest: %s" % json.dumps(counts))
    return True


def run_faulty_cluster_case(tmp, threadlens, fmt, inputs, single):
    state = os.path.join(tmp, "wrapper-state")
    os.makedirs(state)
    wrapper = os.path.join(tmp, "threadlens-wrapper")
    with open(wrapper, "w") as f:
        f.write(WRAPPER % (threadlens, state, "0", "1"))
    os.chmod(wrapper, 0o755)
    merged = os.path.join(tmp, "cluster.db")

    cluster = Cluster(tmp, workers=2)
    try:
        cluster.wait_for_workers(2)
        log("cluster up at %s" % cluster.address)
        driver = subprocess.Popen(
            [PY, DRIVER, "--scheduler", cluster.address, "--shards", "3", "--retries", "2",
             "--threadlens", wrapper, "--merge-threadlens", threadlens, "--format", fmt,
             "--out", merged] + inputs,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        held = os.path.join(state, "held")
        deadline = time.time() + 60
        while not os.path.exists(held) and time.time() < deadline and driver.poll() is None:
            time.sleep(0.1)
        if not os.path.exists(held):
            out, err = driver.communicate(timeout=30)
            log("FAIL: shard 1 never started (driver: %s)" % err.decode(errors="replace"))
            return False
        with open(held) as f:
            worker_pid = int(f.read())
        log("killing worker process %d while it runs shard 1" % worker_pid)
        os.kill(worker_pid, signal.SIGKILL)
        try:
            out, err = driver.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            driver.kill()
            out, err = driver.communicate()
            log("FAIL: driver did not finish:\n" + err.decode(errors="replace"))
            return False
        err = err.decode(errors="replace")
        sys.stderr.write(err)
        if driver.returncode != 0:
            log("FAIL: driver exited %d" % driver.returncode)
            return False
    finally:
        cluster.close()

    attempts = sorted(os.listdir(state))
    ok = True
    for want in ("attempt-0-1", "attempt-1-1"):  # shard 0 retried, shard 1 run again elsewhere
        if want not in attempts:
            log("FAIL: expected %s among wrapper attempts %s" % (want, attempts))
            ok = False
    if "shard 1/3 done" not in err or "merged 3 databases" not in err:
        log("FAIL: the driver's progress does not report every shard and the merge")
        ok = False
    return check_equal(single, merged) and ok


def run_local_cluster_case(tmp, threadlens):
    inputs = make_text_corpus(tmp)
    single = os.path.join(tmp, "single-text.db")
    subprocess.run([threadlens, "ingest", "--quiet", "--format", "text", "--db", single] + inputs,
                   check=True, stderr=subprocess.DEVNULL)
    merged = os.path.join(tmp, "local.db")
    work = os.path.join(tmp, "work")
    proc = subprocess.run([PY, DRIVER, "--shards", "3", "--split", "files", "--workers", "2",
                           "--threadlens", threadlens, "--format", "text", "--work-dir", work,
                           "--out", merged] + inputs,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    sys.stderr.write(proc.stderr.decode(errors="replace"))
    if proc.returncode != 0:
        log("FAIL: driver with a local cluster exited %d" % proc.returncode)
        return False
    if os.listdir(work):  # shards written in place, renamed when complete, removed when merged
        log("FAIL: files left in --work-dir: %s" % os.listdir(work))
        return False
    return check_equal(single, merged)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threadlens", required=True)
    args = p.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        log("skipped: python3-distributed is not installed")
        return 77
    threadlens = os.path.abspath(args.threadlens)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="threadlens-dask-test-") as tmp:
        fmt, inputs = make_corpus(tmp, threadlens)
        single = os.path.join(tmp, "single.db")
        subprocess.run([threadlens, "ingest", "--quiet", "--format", fmt, "--db", single] + inputs,
                       check=True, stderr=subprocess.DEVNULL)
        log("corpus: %s, %d input(s)" % (fmt, len(inputs)))
        ok = run_faulty_cluster_case(tmp, threadlens, fmt, inputs, single)
        ok = run_local_cluster_case(tmp, threadlens) and ok
    log("%s in %.1fs" % ("passed" if ok else "FAILED", time.time() - started))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
