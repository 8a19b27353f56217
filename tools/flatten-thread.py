#!/usr/bin/env python3
"""Flatten a structured comment tree into a bare text dump plus a gold/1 annotation.

usage: flatten-thread.py INPUT OUT_PREFIX [--sep blank|newline] [--paragraphs keep|join]
       flatten-thread.py --synthetic SEED OUT_PREFIX [--shape reddit|twitter|hn|legacy]
                         [--comments N] [--sep ...]

Writes OUT_PREFIX.txt (the article, then every comment body in depth-first order: bodies only,
no authors, dates or nesting) and OUT_PREFIX.gold.json (gold/1: article lines, each comment's
line range and parent, every edge 'high' because the structure is known).

INPUT is a Reddit comments listing (`/comments/<id>.json`: [post listing, comment listing]),
a Hacker News Algolia item (`/api/v1/items/<id>`: nested `children`), YouTube Data API
commentThreads (one JSON object per line), or a plain tree: {"title", "article", "comments":
[{"id", "parent" (null for the post), "body"}, ...]} in the page's (depth-first) order. --sep blank separates comments with a blank line,
newline with a line break only. --paragraphs keep writes a multi-paragraph body on several lines
(blank-separated within the comment only with --sep newline), join puts it on one line.
--synthetic makes a random thread; SEED fixes it. --shape reddit, twitter or hn (tools/
synth_thread.py) gives the platform's tree shape and comments assembled from templates of real
reply moves (answers, agreement and rebuttal openers, quotes of the parent, 'you', reactions,
@mention prefixes on Twitter, subtopic drift), with the platform's typical size unless
--comments says otherwise; legacy (the default) is the older random-word generator.

Used by tests/thread/generalisation_test.cc at test time; nothing it writes is committed.
"""
import json, os, random, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def reddit_tree(doc):
    post = doc[0]["data"]["children"][0]["data"]
    article = (post.get("title") or "").strip()
    if post.get("selftext", "").strip():
        article = post["selftext"].strip()
    out = []  # (id, parent_id or None, body)

    def walk(listing, parent):
        stack = [(c, parent) for c in reversed(listing["data"]["children"])]
        while stack:
            node, par = stack.pop()
            if node.get("kind") != "t1":
                continue
            d = node["data"]
            out.append((d["id"], par, d.get("body", "")))
            reps = d.get("replies")
            if reps:
                stack.extend((c, d["id"]) for c in reversed(reps["data"]["children"]))
    walk(doc[1], None)
    return article, out


def html_text(s):
    s = re.sub(r"<p>|<br\s*/?>", "\n\n", s or "")
    s = re.sub(r"<[^>]+>", "", s)
    for a, b in (("&gt;", ">"), ("&lt;", "<"), ("&quot;", '"'), ("&#x27;", "'"), ("&#39;", "'"), ("&amp;", "&")):
        s = s.replace(a, b)
    return s.strip()


def hn_tree(doc):
    article = (doc.get("title") or html_text(doc.get("text")) or "").strip()
    out = []
    stack = [(c, None) for c in reversed(doc.get("children", []))]
    while stack:
        node, par = stack.pop()
        out.append((str(node["id"]), par, html_text(node.get("text"))))
        stack.extend((c, str(node["id"])) for c in reversed(node.get("children", [])))
    return article, out


def plain_tree(doc):
    """{"title", "article", "comments": [{"id", "parent" (null: the post), "body"}]} in page order."""
    article = (doc.get("article") or "").strip() or (doc.get("title") or "").strip()
    seen, out = set(), []
    for c in doc["comments"]:
        if c.get("parent") is not None and c["parent"] not in seen:
            raise SystemExit(f"comment {c['id']}: parent {c['parent']} is not an earlier comment")
        seen.add(c["id"])
        out.append((c["id"], c.get("parent"), c["body"]))
    return article, out


def youtube_tree(lines):
    out = []
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        top = t["snippet"]["topLevelComment"]
        out.append((top["id"], None, top["snippet"].get("textOriginal", "")))
        for r in reversed((t.get("replies") or {}).get("comments", [])):
            out.append((r["id"], None if False else top["id"], r["snippet"].get("textOriginal", "")))
    return "(video)", out


WORDS = ("model market chip price cost energy team labour job wage tax data code school bank loan "
         "rent house train city farm river phone screen camera game film book music law court vote "
         "party union strike factory robot engine battery solar wind coal oil gas policy budget").split()


def synthetic(seed, n):
    """A random thread shaped like real ones: replies go preferentially to comments that already
    have replies (a few comments draw most answers), depth at most 9, listed depth-first."""
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "da", "pe", "gor", "lin", "mar", "tes"]
    vocab = ["".join(rng.choice(syll) for _ in range(rng.randint(2, 3))) for _ in range(1500)]
    fill = "the a of to and in is that it for on with as was but not they this".split()
    topics = [rng.sample(vocab, 12) for _ in range(60)]

    def sentence(ws):
        n = rng.randint(6, 30)
        words = [rng.choice(ws) if rng.random() < 0.35 else
                 rng.choice(fill) if rng.random() < 0.5 else rng.choice(vocab) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    article = " ".join(sentence(rng.choice(topics)) for _ in range(6))
    parent = [None] * n
    kids = [[] for _ in range(n)]
    depth = [0] * n
    weight = []  # (node, weight) for preferential attachment
    for i in range(n):
        if i == 0 or rng.random() < 0.3:
            parent[i] = None
        else:
            cands = [j for j in range(max(0, i - 60), i) if depth[j] < 9]
            ws = [(len(kids[j]) + 0.5) ** 1.3 for j in cands]
            j = rng.choices(cands, ws)[0] if cands else None
            parent[i] = j
            if j is not None:
                kids[j].append(i)
                depth[i] = depth[j] + 1
    order = []
    stack = [i for i in range(n) if parent[i] is None][::-1]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(kids[v][::-1])
    words, text = {}, {}
    out = []
    for v in order:
        p = parent[v]
        ws = list(words[p]) if p is not None and rng.random() < 0.6 else rng.choice(topics)
        body = sentence(ws)
        if p is not None:
            cue = rng.random()
            if cue < 0.15:
                body = rng.choice(["I agree, ", "Not really. ", "Exactly. ", "Fair point, but "]) + body
            elif cue < 0.3:
                body = "Your point about " + words[p][0] + " is wrong. " + body
            elif cue < 0.38:
                body = '"' + text[p].split(".")[0] + '." ' + body
            elif cue < 0.5 and text[p].endswith("?"):
                body = "Yes, " + body
        if rng.random() < 0.15:
            body += " Why would anyone pay for that?"
        words[v], text[v] = ws, body
        out.append((f"s{v}", None if p is None else f"s{p}", body))
    return article, out


def write(article, comments, prefix, sep, paragraphs, source):
    lines = []

    def add_block(text):
        paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text.strip()) if p.strip()] or ["[empty]"]
        if paragraphs == "join":
            paras = [" ".join(paras)]
        first = len(lines) + 1
        for j, p in enumerate(paras):
            if j and sep == "newline" and paragraphs == "keep" and False:
                lines.append("")
            lines.append(p)
        return first, len(lines)

    a0, a1 = add_block(article)
    gold = {"format": "gold/1", "source": source.split("/")[-1] + " (flattened)",
            "about": "Flattened by tools/flatten-thread.py: bodies only, depth-first; parents from the structured source.",
            "article": {"lines": [a0, a1]}, "boilerplate": [], "topics": {}, "comments": []}
    for cid, par, body in comments:
        if sep == "blank":
            lines.append("")
        s, e = add_block(body)
        gold["comments"].append({"id": cid, "lines": [s, e], "segment": "high",
                                 "parent": par if par else "article", "edge": "high", "stance": {}})
    open(prefix + ".txt", "w").write("\n".join(lines) + "\n")
    json.dump(gold, open(prefix + ".gold.json", "w"), indent=1)


def main(argv):
    sep = argv[argv.index("--sep") + 1] if "--sep" in argv else "blank"
    paragraphs = argv[argv.index("--paragraphs") + 1] if "--paragraphs" in argv else "keep"
    n = int(argv[argv.index("--comments") + 1]) if "--comments" in argv else None
    shape = argv[argv.index("--shape") + 1] if "--shape" in argv else "legacy"
    pos = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] not in ("--sep", "--paragraphs", "--comments", "--shape"))]
    if "--synthetic" in argv:
        if shape == "legacy":
            article, comments = synthetic(int(pos[0]), n or 200)
        else:
            import synth_thread
            if shape not in synth_thread.SHAPES:
                print(f"--shape {shape}: expected reddit, twitter, hn or legacy", file=sys.stderr)
                return 2
            article, comments = synth_thread.generate(int(pos[0]), n, shape)
        write(article, comments, pos[1], sep, paragraphs, f"synthetic-{shape}-{pos[0]}")
        return 0
    src, prefix = pos[0], pos[1]
    text = open(src, encoding="utf-8").read()
    if src.endswith(".jsonl"):
        article, comments = youtube_tree(text.splitlines())
    else:
        doc = json.loads(text)
        if isinstance(doc, list):
            article, comments = reddit_tree(doc)
        elif "children" in doc:
            article, comments = hn_tree(doc)
        elif isinstance(doc.get("comments"), list):
            article, comments = plain_tree(doc)
        else:
            print(f"{src}: not a Reddit listing, HN item, YouTube commentThreads or plain tree file",
                  file=sys.stderr)
            return 1
    write(article, comments, prefix, sep, paragraphs, src)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
