#!/usr/bin/python3
"""Run one threadlens ingest as N shards on a Dask cluster, then merge: same result as one run.

Each of the N tasks runs, on whichever worker Dask picks,

    threadlens ingest --quiet --shard K/N --db <worker-local file> INPUT...

(every task reads all the inputs and keeps the threads whose stable hash falls in shard K), and
hands back the shard database; this program then runs `threadlens merge OUT.db shard...` on the
machine it runs on. With many input files (a month of Pushshift per file, say), --split files
gives each task whole files instead (largest first, to the least loaded task): no input is read
twice, and the result is again exactly one ingest's, since threads never span two sources. Dask does the scheduling: a task that fails is retried (--retries), and a task
whose worker dies is started again elsewhere. A task never leaves a half-written shard: the
database is written under a unique temporary name and renamed when complete, so a re-run of the
same shard (retry, lost worker) just replaces it with identical content.

How shard databases come back (choose with --shared-dir):
  default         the task returns the file's bytes through Dask; nothing needs to be shared
                  between machines but the inputs. Fine while a shard is up to a few GB.
                  (With the local cluster, workers write straight into --work-dir instead.)
  --shared-dir D  the task renames its result into D (a filesystem every worker and this
                  machine see: NFS, Lustre, ...) and returns only the path. For big shards.

Each worker needs: the threadlens binary (--threadlens, same path on every worker), the input
files at the same paths (shared filesystem, or the same copies everywhere), python3-distributed.
Start workers with one thread each (`dask-worker --nthreads 1`): a shard ingest already uses
the machine's cores (threadlens --jobs).

  # one machine: a local cluster of 2 worker processes
  tools/scaleout/threadlens_dask.py --shards 4 --workers 2 --out all.db RC_2024-01.zst
  # a cluster: dask-scheduler on HOST, `dask-worker tcp://HOST:8786 --nthreads 1` on each machine
  tools/scaleout/threadlens_dask.py --scheduler tcp://HOST:8786 --shards 16 \\
      --threadlens /opt/threadlens/bin/threadlens --shared-dir /shared/tl-shards \\
      --out all.db /shared/dumps/RC_2024-*.zst

Progress goes to stderr, one line per finished shard. Exit status: 0 merged; 1 a shard failed
after its retries or the merge failed (the message says which and why); 2 usage error.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid


def _die_with_parent():
    """In the ingest child: be killed when the worker dies (Linux), instead of running on
    as an orphan whose result nobody collects while Dask reruns the shard elsewhere."""
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def ingest_shard(k, n, threadlens, inputs, extra_args, shared_dir, whole_files=False):
    """Runs on a worker: ingest shard k of n. Idempotent; raises on failure (Dask retries).

    whole_files: `inputs` are this task's own files, ingested whole (no --shard).

    Returns a dict: shard, host, seconds, and either "bytes" (the database) or "path".
    """
    start = time.time()
    name = "shard-%d-of-%d.db" % (k, n)
    # Written under a name no other attempt uses, renamed only when complete.
    if shared_dir:
        target_dir = shared_dir
    else:  # inside the worker's own space, which Dask clears even if this worker is killed
        try:
            from distributed import get_worker
            parent = get_worker().local_directory
        except (ImportError, ValueError, AttributeError):
            parent = None
        target_dir = tempfile.mkdtemp(prefix="threadlens-shard-", dir=parent)
    tmp = os.path.join(target_dir, ".%s.%s.tmp" % (name, uuid.uuid4().hex))
    try:
        cmd = [threadlens, "ingest", "--quiet", "--db", tmp]
        if not whole_files:
            cmd += ["--shard", "%d/%d" % (k, n)]
        cmd += list(extra_args) + list(inputs)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              preexec_fn=_die_with_parent)
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError("shard %d/%d on %s: threadlens exited %d: %s" % (
                k, n, socket.gethostname(), proc.returncode, " | ".join(err[-5:])))
        import sqlite3  # here, so that the function pickles without module state
        con = sqlite3.connect("file:%s?mode=ro" % tmp, uri=True)
        threads, comments = con.execute(
            "SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM comments)").fetchone()
        con.close()
        result = {"shard": k, "host": socket.gethostname(), "seconds": time.time() - start,
                  "threads": threads, "comments": comments}
        if shared_dir:
            final = os.path.join(shared_dir, name)
            os.replace(tmp, final)
            result["path"] = final
        else:
            with open(tmp, "rb") as f:
                result["bytes"] = f.read()
        return result
    finally:
        for p in (tmp, tmp + "-journal"):
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass
        if not shared_dir:
            shutil.rmtree(target_dir, ignore_errors=True)


def split_files(paths, n):
    """n lists of paths, balanced by size: largest first, each to the least loaded list."""
    def size(p):
        try:
            return os.path.getsize(p)
        except OSError:
            return 0  # seen only by the workers: count it as small
    bins = [[] for _ in range(n)]
    load = [0] * n
    for p in sorted(paths, key=lambda q: (-size(q), q)):
        i = load.index(min(load))
        bins[i].append(p)
        load[i] += size(p)
    return bins


def log(msg):
    print("threadlens-dask: " + msg, file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Ingest INPUTs as N shards on a Dask cluster and merge them into OUT.",
        epilog="See the module docstring (head of this file) for multi-machine use.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="dumps to ingest (paths as the "
                   "workers see them)")
    p.add_argument("--out", required=True, help="database to write (merged into if it exists)")
    p.add_argument("--shards", type=int, required=True, metavar="N", help="number of shard tasks")
    p.add_argument("--split", choices=("threads", "files"), default="threads",
                   help="threads (default): every task reads every input and keeps its share of "
                   "threads; files: each task ingests whole files (needs at least N inputs; no "
                   "input is read twice)")
    p.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler, e.g. tcp://HOST:8786; "
                   "default: start a local cluster")
    p.add_argument("--workers", type=int, default=2, help="local cluster: worker processes "
                   "(default 2)")
    p.add_argument("--threadlens", default=shutil.which("threadlens") or "threadlens",
                   help="threadlens binary on the workers (default: threadlens on PATH)")
    p.add_argument("--merge-threadlens", help="threadlens binary here, for the merge "
                   "(default: --threadlens)")
    p.add_argument("--shared-dir", help="directory every worker and this machine share: shard "
                   "databases go there instead of travelling through Dask")
    p.add_argument("--work-dir", help="where shard databases are collected here (default: a "
                   "temporary directory, removed afterwards)")
    p.add_argument("--keep-shards", action="store_true", help="keep the shard databases")
    p.add_argument("--retries", type=int, default=2, help="retries per failed shard task "
                   "(default 2)")
    p.add_argument("--format", help="threadlens ingest --format")
    p.add_argument("--rules", help="threadlens ingest --rules (a path the workers see)")
    p.add_argument("--jobs", type=int, help="threadlens ingest --jobs per task")
    args = p.parse_args(argv)
    if args.shards < 1:
        p.error("--shards must be at least 1")
    if args.workers < 1:
        p.error("--workers must be at least 1")
    if args.split == "files" and len(args.inputs) < args.shards:
        p.error("--split files needs at least as many inputs as --shards (%d < %d)" % (
            len(args.inputs), args.shards))
    return args


def main(argv):
    args = parse_args(argv)
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        log("error: python3 cannot import dask.distributed (Debian: apt-get install "
            "python3-distributed)")
        return 1
    merge_bin = args.merge_threadlens or args.threadlens
    if not (os.path.isfile(merge_bin) and os.access(merge_bin, os.X_OK)) and \
            not shutil.which(merge_bin):
        log("error: %s: no threadlens binary here for the merge (--merge-threadlens)" % merge_bin)
        return 1
    extra = []
    if args.format:
        extra += ["--format", args.format]
    if args.rules:
        extra += ["--rules", args.rules]
    if args.jobs:
        extra += ["--jobs", str(args.jobs)]
    if args.shared_dir:
        args.shared_dir = os.path.abspath(args.shared_dir)
        os.makedirs(args.shared_dir, exist_ok=True)
    work_dir = os.path.abspath(args.work_dir or tempfile.mkdtemp(prefix="threadlens-dask-"))
    os.makedirs(work_dir, exist_ok=True)
    shared_dir = args.shared_dir
    if not args.scheduler and not shared_dir:
        shared_dir = work_dir  # local workers see this machine's files: no bytes to ship

    cluster = None
    started = time.time()
    try:
        if args.scheduler:
            client = Client(args.scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
        with client:
            nworkers = len(client.scheduler_info()["workers"])
            log("%d shards on %s (%d workers%s)" % (
                args.shards, args.scheduler or "a local cluster", nworkers,
                "; tasks wait until one connects" if nworkers == 0 else ""))
            run = uuid.uuid4().hex[:8]  # task keys unique per run, stable per shard within it
            futures = {}
            by_file = split_files(args.inputs, args.shards) if args.split == "files" else None
            for k in range(args.shards):
                inputs = by_file[k] if by_file else args.inputs
                f = client.submit(ingest_shard, k, args.shards, args.threadlens, inputs,
                                  extra, shared_dir, by_file is not None,
                                  key="threadlens-%s-shard-%d" % (run, k),
                                  retries=args.retries, pure=False)
                futures[f] = k
            shard_paths, failures = {}, []
            for f in as_completed(list(futures)):
                k = futures[f]
                if f.status != "finished":
                    exc = f.exception()
                    failures.append("shard %d/%d failed after %d retries: %s" % (
                        k, args.shards, args.retries, exc))
                    log(failures[-1])
                    continue
                r = f.result()
                f.release()  # the bytes are ours now; let the worker forget them
                if "bytes" in r:
                    path = os.path.join(work_dir, "shard-%d-of-%d.db" % (k, args.shards))
                    tmp = path + ".tmp"
                    with open(tmp, "wb") as out:
                        out.write(r["bytes"])
                    os.replace(tmp, path)
                else:
                    path = r["path"]
                shard_paths[k] = path
                log("shard %d/%d done on %s in %.1fs: %d threads, %d comments (%d of %d "
                    "shards)" % (k, args.shards, r["host"], r["seconds"], r["threads"],
                                 r["comments"], len(shard_paths), args.shards))
        if failures:
            log("error: %d of %d shards failed; nothing merged" % (len(failures), args.shards))
            return 1
        ordered = [shard_paths[k] for k in range(args.shards)]
        t = time.time()
        proc = subprocess.run([merge_bin, "merge", args.out] + ordered,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        msg = proc.stderr.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            log("error: merge failed (exit %d): %s" % (proc.returncode, msg))
            return 1
        log("%s (merge %.1fs, total %.1fs)" % (msg.splitlines()[-1] if msg else "merged",
                                               time.time() - t, time.time() - started))
        if args.keep_shards:
            log("shard databases kept: " + " ".join(ordered))
        else:
            for p in ordered:
                os.unlink(p)
        return 0
    finally:
        if cluster is not None:
            cluster.close()
        if not args.work_dir and not args.keep_shards:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
