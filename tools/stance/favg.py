#!/usr/bin/env python3
"""Stance F_avg through `threadlens classify --jsonl`, the SemEval-2016 Task 6 way.

usage:
  favg.py --bin BIN [--rules DIR] [--errors] labelled.jsonl...
      each line {"id", "text", "parent_text"?, "gold": {topic: stance}} (tests/stance/*.jsonl)
  favg.py --bin BIN [--rules DIR] [--errors] --seed COMMENTS.txt GOLD.json
      builds the items from a gold/1 annotation: each gold comment's lines joined, with its
      parent's text as parent_text

Per topic: F_avg = mean of F1 over the two poles; neutral and absent count as none.
Beside it, "offtopic": per topic, among the items whose gold has no label for the topic (not even
"neutral"), the share the engine leaves absent (no result at all); null when there are none.
F_avg cannot see a false "on topic" (neutral and absent are both "none"); this figure does.
With --confidence-cut C, "sides_right_by_confidence": per topic, of the sides (pole_a or pole_b)
given with confidence >= C and < C, how many are the labelled side ("right/given").
"""
import argparse, json, subprocess, sys

POLES = {}

def items_from_seed(comments_path, gold_path):
    gold = json.load(open(gold_path))
    lines = open(comments_path, encoding="utf-8", errors="replace").read().split("\n")
    for t, spec in gold["topics"].items():
        POLES[t] = spec["poles"]
    text = {c["id"]: "\n".join(lines[c["lines"][0] - 1:c["lines"][1]]) for c in gold["comments"]}
    out = []
    for c in gold["comments"]:
        d = {"id": c["id"], "text": text[c["id"]], "gold": c.get("stance", {})}
        p = c.get("parent")
        if p and p != "article":
            d["parent_text"] = text[p]
        out.append(d)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rules")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--seed", nargs=2)
    ap.add_argument("--confidence-cut", type=float,
                    help="also print, per topic, how often a side given with confidence at or "
                         "above the cut (and below it) is the labelled side")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    items = []
    if a.seed:
        items = items_from_seed(*a.seed)
    for f in a.files:
        items += [json.loads(l) for l in open(f, encoding="utf-8") if l.strip()]
    if not POLES:
        POLES.update({"hype": ["overhyped", "justified"], "fraud": ["suspicious", "credible"],
                      "labour": ["displacement", "adaptation"]})
    inp = "".join(json.dumps({k: v for k, v in d.items() if k != "gold"}) + "\n" for d in items)
    cmd = [a.bin, "classify", "--jsonl"] + (["--rules", a.rules] if a.rules else [])
    r = subprocess.run(cmd, input=inp.encode(), capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode())
        sys.exit(1)
    pred, conf = {}, {}
    for l in r.stdout.decode().splitlines():
        o = json.loads(l)
        pred[o["id"]] = {t: v["stance"] for t, v in o["stances"].items()}
        conf[o["id"]] = {t: v["confidence"] for t, v in o["stances"].items()}
    res, off = {}, {}
    for t, poles in POLES.items():
        f1s = []
        for pole in poles:
            tp = fp = fn = 0
            for d in items:
                g = d["gold"].get(t) == pole
                p = pred.get(d["id"], {}).get(t) == pole
                tp += g and p; fp += p and not g; fn += g and not p
            P = tp / (tp + fp) if tp + fp else 0.0
            R = tp / (tp + fn) if tp + fn else 0.0
            f1s.append(0.0 if P + R == 0 else 2 * P * R / (P + R))
        res[t] = round(sum(f1s) / 2, 3)
        unlabelled = [d for d in items if t not in d["gold"]]
        absent = sum(t not in pred.get(d["id"], {}) for d in unlabelled)
        off[t] = round(absent / len(unlabelled), 3) if unlabelled else None
        if a.errors:
            for d in items:
                g = d["gold"].get(t); p = pred.get(d["id"], {}).get(t)
                gn = g if g in poles else None; pn = p if p in poles else None
                if gn != pn:
                    print(f"  {t:7} {d['id']:5} gold={g} pred={p}: {d['text'][:150]!r}")
            for d in items:
                if t not in d["gold"] and t in pred.get(d["id"], {}):
                    p = pred[d["id"]][t]
                    print(f"  {t:7} {d['id']:5} gold=- pred={p} (off topic): {d['text'][:150]!r}")
    res["offtopic"] = off
    if a.confidence_cut is not None:
        # Sides only (neutral and absent are no claim): right / given, above and below the cut.
        cut = {}
        for t, poles in POLES.items():
            n = {"above": [0, 0], "below": [0, 0]}
            for d in items:
                p = pred.get(d["id"], {}).get(t)
                if p not in poles:
                    continue
                k = "above" if conf[d["id"]][t] >= a.confidence_cut else "below"
                n[k][0] += d["gold"].get(t) == p
                n[k][1] += 1
            cut[t] = {k: f"{r}/{g}" for k, (r, g) in n.items()}
        res["sides_right_by_confidence"] = {"cut": a.confidence_cut, **cut}
    print(json.dumps(res))

main()
