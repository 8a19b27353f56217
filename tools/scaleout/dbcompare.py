#!/usr/bin/python3
"""Compare two threadlens databases ignoring row ids: are they the same analysis?

Used to check that a sharded, merged run (threadlens_dask.py, the Slurm recipe, `threadlens
merge`) gives exactly what one plain `threadlens ingest` gives. Rows are compared by identity,
never by id:

  source   its sha256 (format, bytes, compression, bad records, shard coverage, repair counts)
  thread   its source's sha256 + ext_id, title, url, created_at, body
  comment  its thread + position (document order); parent and quoted comments by position,
           author by (platform, name, ext_id)
  stance   its comment + topic name;  evidence: its comment + topic name + every column
  topic    its name (question, poles, rules_sha256)

Paths, ingest times and tool versions are not compared (a merged run may see other paths).
Each table is streamed in canonical order on both sides (SQLite sorts; memory stays flat on
large databases) and the first differences are reported.

  /usr/bin/python3 tools/scaleout/dbcompare.py single.db merged.db   # exit 0 equal, 1 differ

As a module: `differences(a, b, limit=10)` returns a list of strings (empty when equal) and
`counts(path)` the row counts per table.
"""
import json
import sqlite3
import sys

# The identity of a thread, as SQL over a `threads t JOIN sources s`.
_THREAD_KEY = ("s.sha256, coalesce(t.ext_id, ''), coalesce(t.title, ''), coalesce(t.url, ''), "
               "coalesce(t.created_at, ''), t.body")
_THREADS = ("FROM comments c JOIN threads t ON t.id = c.thread_id "
            "JOIN sources s ON s.id = t.source_id")

# table -> SELECT producing comparable rows; every query is ordered by all its columns.
QUERIES = {
    "sources": "SELECT sha256, format, bytes, coalesce(compression, ''), skipped, "
               "coalesce(shards, ''), coalesce(repairs, '') FROM sources",
    "topics": "SELECT name, question, pole_a, pole_b, rules_sha256 FROM topics",
    "threads": "SELECT " + _THREAD_KEY + ", coalesce(t.platform, ''), coalesce(t.raw, ''), "
               "coalesce(t.notes, '') FROM threads t JOIN sources s ON s.id = t.source_id",
    "comments": "SELECT " + _THREAD_KEY + ", c.position, c.ext_id, p.position, c.depth, c.path, "
                "a.platform, a.name, a.ext_id, c.created_at, c.score, c.body, c.raw, "
                "c.line_start, c.line_end, c.parent_method, c.parent_confidence, "
                "c.created_approx, c.flags " + _THREADS +
                " LEFT JOIN comments p ON p.id = c.parent_id"
                " LEFT JOIN authors a ON a.id = c.author_id",
    "quotes": "SELECT " + _THREAD_KEY + ", c.position, qc.position, q.start, q.\"end\", "
              "q.similarity, q.of_article FROM quotes q JOIN comments c ON c.id = q.comment_id "
              "JOIN threads t ON t.id = c.thread_id JOIN sources s ON s.id = t.source_id "
              "LEFT JOIN comments qc ON qc.id = q.quoted_comment_id",
    "stances": "SELECT " + _THREAD_KEY + ", c.position, tp.name, x.stance, x.score, "
               "x.confidence FROM stances x JOIN comments c ON c.id = x.comment_id "
               "JOIN threads t ON t.id = c.thread_id JOIN sources s ON s.id = t.source_id "
               "JOIN topics tp ON tp.id = x.topic_id",
    "evidence": "SELECT " + _THREAD_KEY + ", c.position, tp.name, e.rule_id, e.pole, e.weight, "
                "e.start, e.\"end\", e.snippet, e.flags FROM evidence e "
                "JOIN comments c ON c.id = e.comment_id JOIN threads t ON t.id = c.thread_id "
                "JOIN sources s ON s.id = t.source_id JOIN topics tp ON tp.id = e.topic_id",
}


def _open(path):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    con.execute("PRAGMA temp_store = FILE")  # big sorts spill to disk, not memory
    return con


def _rows(con, table):
    sql = QUERIES[table]
    ncols = len(con.execute(sql + " LIMIT 0").description)
    order = ", ".join(str(i + 1) for i in range(ncols))
    for row in con.execute(sql + " ORDER BY " + order):
        if table == "sources" and row[6]:
            # Repair counts are a JSON object; key order is not meaningful.
            row = row[:6] + (json.dumps(json.loads(row[6]), sort_keys=True),)
        yield row


def _short(row, width=160):
    text = repr(row)
    return text if len(text) <= width else text[:width] + "…"


def counts(path):
    con = _open(path)
    try:
        return {t: con.execute("SELECT count(*) FROM (%s)" % q).fetchone()[0]
                for t, q in QUERIES.items()}
    finally:
        con.close()


def differences(a_path, b_path, limit=10):
    """Differences between the databases, at most `limit` per table; [] when equal."""
    out = []
    a, b = _open(a_path), _open(b_path)
    try:
        for table in QUERIES:
            ia, ib = _rows(a, table), _rows(b, table)
            ra, rb = next(ia, None), next(ib, None)
            n = 0
            while (ra is not None or rb is not None) and n < limit:
                if ra == rb:
                    ra, rb = next(ia, None), next(ib, None)
                    continue
                # Both streams are sorted the same way: the smaller row is missing on the other side.
                # (None sorts after everything; mixed types compare via their repr.)
                if rb is None or (ra is not None and _lt(ra, rb)):
                    out.append("%s: only in %s: %s" % (table, a_path, _short(ra)))
                    ra = next(ia, None)
                else:
                    out.append("%s: only in %s: %s" % (table, b_path, _short(rb)))
                    rb = next(ib, None)
                n += 1
    finally:
        a.close()
        b.close()
    return out


def _lt(x, y):
    # SQLite's ORDER BY puts NULL first, then numbers, then text; mirror that for the walk.
    def key(v):
        if v is None:
            return (0, 0, "")
        if isinstance(v, (int, float)):
            return (1, v, "")
        if isinstance(v, bytes):
            return (3, 0, v.hex())
        return (2, 0, v)
    return tuple(map(key, x)) < tuple(map(key, y))


def main(argv):
    if len(argv) != 3:
        print("usage: dbcompare.py A.db B.db", file=sys.stderr)
        return 2
    diffs = differences(argv[1], argv[2])
    if diffs:
        for d in diffs:
            print(d)
        return 1
    c = counts(argv[1])
    print("equal: " + ", ".join("%d %s" % (n, t) for t, n in c.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
