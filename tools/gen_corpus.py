#!/usr/bin/env python3
"""Deterministic Pushshift-style Reddit comment corpus, for tests and benchmarks.

Writes NDJSON comment rows (RC_ shape: id, parent_id and link_id fullnames, author, body,
created_utc, score, ...) in time order, the way the monthly archives are: comments of one thread
are spread over the file. Optionally adds submission rows (RS_ shape) and compresses the output
(.gz via zlib, .zst via the zstd tool; --zstd-long uses a 2^31 window as the archives do).

Threads have heavy-tailed sizes (1 to --max-thread, default 500) and reply chains up to
--max-depth levels (default 30). Bodies have curly quotes, links, "&gt;" quotes of the parent
(Reddit's HTML escaping, as in the archives), some mojibake ("donâ€™t"), some multi-paragraph
text; some comments are [deleted] or [removed]; created_utc is mostly an integer, sometimes a
float or a string. Same --seed, same bytes (Python's random.Random is stable across versions
for these calls).

It can also write one thread as a plain-text page (--text: title and post text, then the
comment bodies depth first, one paragraph each, blank line between; deleted comments only where
they have replies, as "[deleted]") with a gold/1 annotation of it (--gold) for tree-inference
tests.

  tools/gen_corpus.py --comments 200000 --seed 7 --out /tmp/rc.ndjson
  tools/gen_corpus.py --comments 5000 --seed 1 --submissions --out /tmp/rc.zst --zstd-long
  tools/gen_corpus.py --comments 300 --seed 3 --out /dev/null --text page.txt --gold page.gold.json
  tools/gen_corpus.py --comments 100000 --one-thread --out /dev/null --text page.txt
"""
import argparse
import gzip
import json
import os
import random
import subprocess
import sys

WORDS = (
    "the model people data jobs market price bubble hype compute chips training cost claim "
    "paper benchmark open source company investors stock work team code users think really "
    "never always maybe because actually point argument evidence numbers report months years "
    "cheap expensive fast slow better worse new old real fake huge small growth risk future "
    "engineers managers startup valuation revenue profit loss energy power cloud server"
).split()
OPENERS = ["I think", "Honestly,", "Not sure", "This is", "Nobody", "You're right,",
           "Wrong.", "Source?", "Exactly.", "Lol", "In my experience", "The problem is",
           "Agreed,", "Counterpoint:", "Well,"]
DOMAINS = ["example.com", "news.example.org", "arxiv.org/abs/2401.0", "en.wikipedia.org/wiki/",
           "github.com/example/"]
SUBREDDITS = ["technology", "MachineLearning", "stocks", "Futurology", "programming"]
AUTHORS = ["user%d" % k for k in range(3000)]


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def sentence(rng):
    n = rng.randint(4, 16)
    words = [rng.choice(WORDS) for _ in range(n)]
    s = rng.choice(OPENERS) + " " + " ".join(words)
    r = rng.random()
    if r < 0.15:
        s += " \u2014 " + " ".join(rng.choice(WORDS) for _ in range(3))
    elif r < 0.30:
        s = s.replace(" ", " \u201c", 1) + "\u201d"
    if rng.random() < 0.25:
        s += ", don\u2019t you think"
    return s + rng.choice([".", ".", ".", "?", "!"])


def make_body(rng, parent_body):
    paras = []
    if parent_body and rng.random() < 0.10:
        frag = parent_body.split("\n")[0][:80]
        paras.append("&gt; " + frag)
    for _ in range(1 if rng.random() < 0.9 else rng.randint(2, 3)):
        paras.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
    r = rng.random()
    if r < 0.06:
        paras[-1] += " https://%s%d" % (rng.choice(DOMAINS), rng.randint(1, 99999))
    elif r < 0.10:
        paras[-1] += " [source](https://%s%d)" % (rng.choice(DOMAINS), rng.randint(1, 99999))
    if rng.random() < 0.04:
        paras[-1] += " Q&amp;A"
    body = "\n\n".join(paras)
    if rng.random() < 0.03:  # UTF-8 read as Windows-1252 somewhere upstream
        body = body.replace("\u2019", "\u00e2\u20ac\u2122").replace("\u2014", "\u00e2\u20ac\u201d")
    return body


def thread_sizes(rng, total, max_size):
    sizes = []
    left = total
    while left > 0:
        size = min(max_size, left, max(1, int(rng.paretovariate(1.1) * 4)))
        sizes.append(size)
        left -= size
    return sizes


def build(args):
    rng = random.Random(args.seed)
    t0 = 1475280000  # 2016-10-01T00:00:00Z
    threads = []
    next_comment = 28_000_000_000 + rng.randint(0, 10**6)
    sizes = [args.comments] if args.one_thread else thread_sizes(rng, args.comments, args.max_thread)
    for k, size in enumerate(sizes):
        tid = base36(2_000_000_000 + k * 37 + rng.randint(0, 36))
        start = t0 + rng.randint(0, 30 * 86400)
        sub = rng.choice(SUBREDDITS)
        comments = []  # dicts: id, parent (index or -1), depth, time, author, body, state
        for i in range(size):
            r = rng.random()
            if i == 0 or r < 0.30:
                parent = -1
            elif r < 0.75:
                parent = i - 1  # continue the latest exchange: builds deep chains
            else:
                parent = rng.randrange(i)
            if parent >= 0 and comments[parent]["depth"] + 1 >= args.max_depth:
                parent = -1
            depth = comments[parent]["depth"] + 1 if parent >= 0 else 0
            base_time = comments[parent]["time"] if parent >= 0 else start
            time = base_time + 1 + int(rng.expovariate(1 / 1800))
            cid = base36(next_comment)
            next_comment += rng.randint(1, 50)
            state = "ok"
            r = rng.random()
            if r < 0.03:
                state = "deleted"
            elif r < 0.04:
                state = "removed"
            body = make_body(rng, comments[parent]["body"] if parent >= 0 else None)
            comments.append({"id": cid, "parent": parent, "depth": depth, "time": time,
                             "author": rng.choice(AUTHORS), "body": body, "state": state,
                             "score": int(rng.paretovariate(1.5)) - (1 if rng.random() < 0.1 else 0)})
        threads.append({"id": tid, "sub": sub, "start": start, "comments": comments,
                        "title": sentence(rng).rstrip(".?!"),
                        "selftext": make_body(rng, None) if rng.random() < 0.5 else "",
                        "has_rs": args.submissions and rng.random() >= args.missing_submissions,
                        "time_style": rng.random()})
    return threads


def created(t, rng):
    r = rng.random()
    if r < 0.05:
        return '"%d"' % t
    if r < 0.10:
        return "%d.0" % t
    return "%d" % t


def rc_line(th, c, rng):
    parent = ("t1_" + th["comments"][c["parent"]]["id"]) if c["parent"] >= 0 else "t3_" + th["id"]
    author, body = c["author"], c["body"]
    if c["state"] == "deleted":
        author, body = "[deleted]", "[deleted]"
    elif c["state"] == "removed":
        author, body = "[deleted]", "[removed]"
    d = json.dumps
    return ('{"all_awardings":[],"archived":false,"associated_award":null,"author":%s,'
            '"author_flair_background_color":null,"author_flair_css_class":null,'
            '"author_flair_text":null,"author_fullname":%s,"author_patreon_flair":false,'
            '"body":%s,"can_gild":true,"collapsed":false,"controversiality":%d,'
            '"created_utc":%s,"distinguished":null,"edited":false,"gilded":0,"id":"%s",'
            '"is_submitter":false,"link_id":"t3_%s","locked":false,"no_follow":true,'
            '"parent_id":"%s","permalink":"/r/%s/comments/%s/_/%s/","retrieved_on":%d,'
            '"score":%d,"send_replies":true,"stickied":false,"subreddit":"%s",'
            '"subreddit_id":"t5_2qh16","total_awards_received":0}'
            % (d(author, ensure_ascii=False),
               "null" if author == "[deleted]" else '"t2_%s"' % base36(10**8 + int(author[4:]) * 7919),
               d(body, ensure_ascii=False), 1 if c["score"] < 0 else 0,
               created(c["time"], rng), c["id"], th["id"], parent, th["sub"], th["id"], c["id"],
               c["time"] + 86400 * 40, c["score"], th["sub"]))


def rs_line(th, rng):
    d = json.dumps
    url = "https://www.reddit.com/r/%s/comments/%s/" % (th["sub"], th["id"])
    return ('{"author":"%s","created_utc":%s,"domain":"self.%s","id":"%s","is_self":true,'
            '"num_comments":%d,"permalink":"/r/%s/comments/%s/","score":%d,"selftext":%s,'
            '"subreddit":"%s","title":%s,"url":"%s"}'
            % (rng.choice(AUTHORS), created(th["start"], rng), th["sub"], th["id"],
               len(th["comments"]), th["sub"], th["id"], rng.randint(1, 5000),
               d(th["selftext"], ensure_ascii=False), th["sub"],
               d(th["title"], ensure_ascii=False), url))


def write_ndjson(args, threads):
    rng = random.Random(args.seed ^ 0x5EED)
    events = []  # (time, order, kind, thread index, comment index)
    order = 0
    for k, th in enumerate(threads):
        if th["has_rs"]:
            events.append((th["start"], order, k, -1))
            order += 1
        for i, c in enumerate(th["comments"]):
            events.append((c["time"], order, k, i))
            order += 1
    events.sort()
    out = args.out
    proc = None
    if out.endswith(".zst"):
        cmd = ["zstd", "-q", "-f", "-3", "-o", out]
        if args.zstd_long:
            cmd.insert(1, "--long=31")
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        f = proc.stdin
    elif out.endswith(".gz"):
        f = gzip.GzipFile(out, "wb", compresslevel=6, mtime=0)
    else:
        f = open(out, "wb")
    buf = []
    for _, _, k, i in events:
        th = threads[k]
        buf.append(rs_line(th, rng) if i < 0 else rc_line(th, th["comments"][i], rng))
        if len(buf) >= 4096:
            f.write(("\n".join(buf) + "\n").encode("utf-8"))
            buf = []
    if buf:
        f.write(("\n".join(buf) + "\n").encode("utf-8"))
    f.close()
    if proc and proc.wait() != 0:
        sys.exit("gen_corpus: zstd failed")


def unescape(s):
    return s.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")


def write_page(args, threads):
    """One thread as a plain-text page plus its gold/1 annotation."""
    if args.text_thread is not None:
        th = threads[args.text_thread]
    else:
        th = max(threads, key=lambda t: len(t["comments"]))
    cs = th["comments"]
    kids = [[] for _ in cs]
    tops = []
    for i, c in enumerate(cs):
        (kids[c["parent"]] if c["parent"] >= 0 else tops).append(i)
    # Deleted comments stay on the page only when something below them survives.
    alive = [c["state"] == "ok" for c in cs]
    for i in range(len(cs) - 1, -1, -1):  # children come after parents
        if alive[i] and cs[i]["parent"] >= 0:
            alive[cs[i]["parent"]] = True
    lines = [th["title"]]
    for para in th["selftext"].split("\n\n") if th["selftext"] else []:
        lines += ["", unescape(para).replace("\n", " ")]
    article_end = len(lines)
    gold = []
    stack = list(reversed(tops))
    while stack:
        i = stack.pop()
        if not alive[i]:
            continue
        c = cs[i]
        text = "[deleted]" if c["state"] != "ok" else unescape(c["body"]).replace("\n\n", " ").replace("\n", " ")
        lines += ["", text]
        parent = c["parent"]
        gold.append({"id": c["id"], "lines": [len(lines), len(lines)], "segment": "high",
                     "parent": cs[parent]["id"] if parent >= 0 else "article", "edge": "high",
                     "stance": {}})
        stack.extend(reversed(kids[i]))
    with open(args.text, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    if args.gold:
        doc = {
            "format": "gold/1",
            "source": os.path.basename(args.text),
            "about": "Generated by tools/gen_corpus.py --seed %d: thread %s, %d comments as a "
                     "plain-text page, depth first, one comment per paragraph. Parents are the "
                     "generator's own, so every edge is high confidence; no stance labels."
                     % (args.seed, th["id"], len(gold)),
            "article": {"lines": [1, article_end]},
            "boilerplate": [],
            "comments": gold,
        }
        with open(args.gold, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--comments", type=int, required=True, help="number of comment rows")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="NDJSON output; .gz or .zst compresses")
    p.add_argument("--submissions", action="store_true", help="add RS_ submission rows")
    p.add_argument("--missing-submissions", type=float, default=0.1,
                   help="share of threads whose submission row is left out (with --submissions)")
    p.add_argument("--max-thread", type=int, default=500)
    p.add_argument("--max-depth", type=int, default=30)
    p.add_argument("--one-thread", action="store_true",
                   help="all --comments in one thread (a --text page of exactly that size)")
    p.add_argument("--zstd-long", action="store_true", help="zstd --long=31 (2^31 window)")
    p.add_argument("--text", help="also write one thread as a plain-text page")
    p.add_argument("--gold", help="gold/1 annotation of the --text page")
    p.add_argument("--text-thread", type=int, help="which thread (index); default the largest")
    args = p.parse_args()
    if args.comments < 1:
        sys.exit("gen_corpus: --comments must be at least 1")
    threads = build(args)
    write_ndjson(args, threads)
    if args.text:
        write_page(args, threads)


if __name__ == "__main__":
    main()
