#!/usr/bin/env python3
"""Learn the stance lexicons (rules/topics/NAME.lexicon) from labelled comments, and check by
leave-one-set-out cross-validation that they help on comments they were not learnt from.

usage:
  learn_lexicon.py learn [options] --out DIR SET.jsonl...
      writes DIR/topics/<topic>.lexicon for each of --topics, learnt from the sets given
  learn_lexicon.py cv --bin BIN --rules DIR [options] SET.jsonl...
      for each set: learns from the others, then scores that set with favg.py (rules only, and
      rules + the held-out lexicons); prints the table and the mean F_avg per topic

How the weights are made (deterministic: no randomness, sorted output):
  Tokens: what src/stance/lexicon.cc reads, byte for byte: runs of ASCII letters/digits
  (lower-cased) and non-ASCII characters other than punctuation (U+0080-U+00BF, U+2000-U+207F);
  an apostrophe (' or U+2019) between two word characters is dropped ("don't" -> "dont");
  anything else separates tokens; . ! ? U+2026 and line breaks also end a bigram run.
  Features: each distinct token and bigram of an item's own text ("text", not "parent_text";
  text inside quotation marks and "> " lines is left out, as the engine leaves it out), counted
  once per item (binarised naive Bayes).
  Weights: per topic, a three-class logistic regression over those binary features: pole_a,
  pole_b, and neither (items labelled neutral on the topic or not labelled for it, which are
  mostly comments about the other topics; the class the fallback must not mistake for a side),
  with neither as the reference class. So each term has two weights, and a pole's score
  bias_k + sum of w_k over the distinct terms present is the model's log-odds of that pole
  against neither. Fitted by 10 epochs of AdaGrad (rate 0.1) with L2 0.03 on the weights, over
  the items in a fixed order per epoch (sorted by sha256 of "epoch:id:index"; no random
  generator), so the same sets give the same file byte for byte. Terms in fewer than --min-df
  (3) items are not features; terms with both |weights| < --min-weight (0.25) are not written
  (halves the file and the lookups for the same cross-validated F_avg).
  Earlier tries, kept out: two-class naive Bayes log-odds (pole_a vs pole_b) and three-class
  naive Bayes against neither; both lost F_avg in cross-validation at every threshold, because
  on the broad hype anchor ("AI") most comments the rules leave neutral belong to no side.
  The engine (src/stance/lexicon.cc) adds the weights of the distinct terms of a comment's own
  on-topic words (quoted and reported text left out) to each pole's bias, adds rule_weight x the
  rules' score towards the pole, and takes the side whose total reaches `threshold` (0: the
  pole more likely than neither) - only where the rules left the topic neutral without a cue of
  the commenter's own that they hedged, asked or meant sarcastically (cues that tie, or a point
  conceded before a "but", are left to the lexicon).
  Settings (threshold 0, L2 0.03, min_df 3, min_weight 0.25; topics fraud and labour) were
  chosen by the `cv` mode over the seven sets in tests/stance; rules/README.md has the table.
"""
import argparse, hashlib, json, math, os, re, shutil, subprocess, sys, tempfile

TOPICS = {"hype": ("overhyped", "justified"), "fraud": ("suspicious", "credible"),
          "labour": ("displacement", "adaptation")}
HERE = os.path.dirname(os.path.abspath(__file__))

WORD, APOS, SEP, BREAK = range(4)


def char_kind(b, i):
    """(kind, length) of the UTF-8 character at b[i]; mirrors Classify() in lexicon.cc."""
    c = b[i]
    if c < 0x80:
        ch = chr(c)
        if ch.isascii() and (ch.isalnum()):
            return WORD, 1
        if ch == "'":
            return APOS, 1
        if ch in ".!?\n":
            return BREAK, 1
        return SEP, 1
    n = 4 if c >= 0xF0 else 3 if c >= 0xE0 else 2 if c >= 0xC0 else 1
    n = min(n, len(b) - i)
    if n == 2 and c == 0xC2 and 0x80 <= b[i + 1] <= 0xBF:
        return SEP, 2
    if n == 3 and c == 0xE2 and b[i + 1] in (0x80, 0x81):
        if b[i + 1] == 0x80 and b[i + 2] == 0x99:
            return APOS, 3
        if b[i + 1] == 0x80 and b[i + 2] == 0xA6:
            return BREAK, 3
        return SEP, 3
    return WORD, n


def tokens(text):
    """[(token, joins_previous)] of text, as the engine reads them."""
    b = text.encode("utf-8") if isinstance(text, str) else text
    out, cur, have_prev, broken, joins = [], None, False, False, False
    i = 0
    while i < len(b):
        k, n = char_kind(b, i)
        if k == APOS and cur is not None and i + n < len(b) and char_kind(b, i + n)[0] == WORD:
            i += n
            continue
        if k == WORD:
            if cur is None:
                cur = bytearray()
                joins = have_prev and not broken
            cur += bytes(x + 32 if 65 <= x <= 90 else x for x in b[i:i + n])
        else:
            if cur is not None:
                out.append((bytes(cur).decode("utf-8", "replace"), joins))
                cur, have_prev, broken = None, True, False
            if k == BREAK:
                broken = True
        i += n
    if cur is not None:
        out.append((bytes(cur).decode("utf-8", "replace"), joins))
    return out


QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|^>.*$", re.M)


def features(text):
    """Distinct unigrams and bigrams of an item's own words."""
    text = QUOTED.sub("\n", text)
    toks = tokens(text)
    f = set()
    for j, (t, joins) in enumerate(toks):
        f.add(t)
        if joins and j > 0:
            f.add(toks[j - 1][0] + " " + t)
    return f


def load(paths):
    items = []
    for p in paths:
        for line in open(p, encoding="utf-8"):
            if line.strip():
                items.append(json.loads(line))
    return items


def learn(items, topic, a):
    """Three-class logistic regression (pole_a, pole_b, neither) over binary term features,
    neither as the reference class: returns ({term: (weight_a, weight_b)}, (bias_a, bias_b),
    item counts per class)."""
    pa, pb = TOPICS[topic]
    df = {}
    feats = [(d["id"], features(d["text"]), d["gold"].get(topic)) for d in items]
    for _, f, _ in feats:
        for t in f:
            df[t] = df.get(t, 0) + 1
    X, Y, n = [], [], [0, 0, 0]
    for ident, f, g in feats:
        y = 0 if g == pa else 1 if g == pb else 2
        X.append((ident, sorted(t for t in f if df[t] >= a.min_df)))
        Y.append(y)
        n[y] += 1
    W, acc = {}, {}
    bias, bacc = [0.0, 0.0], [1e-8, 1e-8]
    for epoch in range(a.epochs):
        # A fixed, epoch-dependent order (no random generator): items sorted by a hash of
        # epoch and id.
        order = sorted(range(len(X)), key=lambda i: hashlib.sha256(
            f"{epoch}:{X[i][0]}:{i}".encode()).hexdigest())
        for i in order:
            x, y = X[i][1], Y[i]
            s = [bias[0], bias[1]]
            for t in x:
                w = W.get(t)
                if w:
                    s[0] += w[0]
                    s[1] += w[1]
            m = max(s[0], s[1], 0.0)
            e = [math.exp(s[0] - m), math.exp(s[1] - m), math.exp(-m)]
            z = sum(e)
            g = [e[0] / z - (y == 0), e[1] / z - (y == 1)]
            for k in range(2):  # AdaGrad steps; L2 on the weights, not the biases
                bacc[k] += g[k] * g[k]
                bias[k] -= a.rate * g[k] / math.sqrt(bacc[k])
            for t in x:
                w = W.setdefault(t, [0.0, 0.0])
                h = acc.setdefault(t, [1e-8, 1e-8])
                for k in range(2):
                    gk = g[k] + a.l2 * w[k]
                    h[k] += gk * gk
                    w[k] -= a.rate * gk / math.sqrt(h[k])
    weights = {}
    for t, (wa, wb) in W.items():
        wa, wb = round(wa, 3), round(wb, 3)
        if max(abs(wa), abs(wb)) >= a.min_weight:
            weights[t] = (wa, wb)
    return weights, (round(bias[0], 3), round(bias[1], 3)), n


def write(out_dir, topic, weights, bias, n, sources, a):
    pa, pb = TOPICS[topic]
    path = os.path.join(out_dir, "topics", topic + ".lexicon")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # the options that differ from their defaults, so the command below rebuilds this very file
    opts = "".join(f" --{k.replace('_', '-')} {v}" for k, v, d in (
        ("l2", a.l2, 0.03), ("epochs", a.epochs, 10), ("rate", a.rate, 0.1),
        ("min_df", a.min_df, 3), ("min_weight", a.min_weight, 0.25),
        ("threshold", a.threshold, 0.0), ("margin", a.margin, 0.0),
        ("length_power", a.length_power, 0.0), ("rule_weight", a.rule_weight, 1.0),
        ("max_rule_score", a.max_rule_score, None)) if v != d)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {topic}.lexicon: learnt word and bigram weights, the fallback for comments the\n"
                f"# rules find on topic but leave neutral (rules/README.md, 'Lexical fallback').\n"
                f"# Written by tools/stance/learn_lexicon.py (regenerate rather than edit by hand):\n"
                f"#   python3 tools/stance/learn_lexicon.py learn --out rules --topics {topic}{opts} \\\n"
                f"#     {' '.join(os.path.relpath(s) for s in sources)}\n"
                f"# Each line: term, its weight for {pa}, its weight for {pb}. The weights are a\n"
                f"# three-class logistic regression over the terms present in a comment, classes\n"
                f"# {pa} ({n[0]} items), {pb} ({n[1]}) and neither ({n[2]}: neutral, or about\n"
                f"# another topic), neither the reference: a pole's score is its bias plus the\n"
                f"# weights of the distinct terms present, the log-odds of that pole against\n"
                f"# neither. L2 {a.l2}, {a.epochs} AdaGrad epochs at rate {a.rate}, terms in at\n"
                f"# least {a.min_df} items; terms with both |weights| < {a.min_weight} dropped.\n")
        f.write(f"topic: {topic}\n")
        f.write(f"method: logistic regression, {pa} / {pb} / neither, l2 {a.l2}, epochs {a.epochs}, "
                f"rate {a.rate}, min_df {a.min_df}, min_weight {a.min_weight}\n")
        f.write(f"trained_on: {' '.join(os.path.basename(s) for s in sources)}\n")
        f.write(f"bias_a: {bias[0]}\n")
        f.write(f"bias_b: {bias[1]}\n")
        f.write(f"threshold: {a.threshold}\n")
        f.write(f"margin: {a.margin}\n")
        f.write(f"length_power: {a.length_power}\n")
        f.write(f"rule_weight: {a.rule_weight}\n")
        if a.max_rule_score is not None:
            f.write(f"max_rule_score: {a.max_rule_score}\n")
        f.write("\n")
        for t in sorted(weights, key=lambda t: (-max(abs(weights[t][0]), abs(weights[t][1])), t)):
            wa, wb = weights[t]
            f.write(f"{t} {wa:.3f} {wb:.3f}\n")
    return path


def favg(binary, rules, path):
    r = subprocess.run([sys.executable, os.path.join(HERE, "favg.py"), "--bin", binary,
                        "--rules", rules, path], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def rules_copy(src, dst):
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.lexicon"))


def cv(a):
    sets = a.sets
    tmp = tempfile.mkdtemp(prefix="lexcv-")
    try:
        base = os.path.join(tmp, "base")
        rules_copy(a.rules, base)
        rows, sums_r, sums_l = [], {t: 0.0 for t in TOPICS}, {t: 0.0 for t in TOPICS}
        for held in sets:
            train = [s for s in sets if s != held]
            items = load(train)
            d = os.path.join(tmp, "fold-" + os.path.basename(held))
            rules_copy(a.rules, d)
            for t in a.topics:
                w, bias, n = learn(items, t, a)
                write(d, t, w, bias, n, train, a)
            r0 = favg(a.bin, base, held)
            r1 = favg(a.bin, d, held)
            rows.append((os.path.basename(held), r0, r1))
            for t in TOPICS:
                sums_r[t] += r0[t]
                sums_l[t] += r1[t]
        print(f"{'held out':16}" + "".join(f"{t:>16}" for t in TOPICS))
        for name, r0, r1 in rows:
            print(f"{name:16}" + "".join(f"{r0[t]:>7.3f} -> {r1[t]:.3f}" for t in TOPICS))
        n = len(sets)
        print(f"{'mean':16}" + "".join(f"{sums_r[t]/n:>7.3f} -> {sums_l[t]/n:.3f}" for t in TOPICS))
        print(json.dumps({"rules": {t: round(sums_r[t] / n, 4) for t in TOPICS},
                          "lexicon": {t: round(sums_l[t] / n, 4) for t in TOPICS}}))
    finally:
        shutil.rmtree(tmp)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["learn", "cv"])
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--bin")
    ap.add_argument("--rules")
    ap.add_argument("--l2", type=float, default=0.03)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--min-weight", type=float, default=0.25)
    ap.add_argument("--threshold", type=float, default=0.0)
    ap.add_argument("--margin", type=float, default=0.0)
    ap.add_argument("--length-power", type=float, default=0.0)
    ap.add_argument("--rule-weight", type=float, default=1.0)
    ap.add_argument("--max-rule-score", type=float, default=None)
    ap.add_argument("--topics", default="hype,fraud,labour",
                    help="topics to learn a lexicon for (default all three; rules/README.md "
                         "says how each was checked)")
    a = ap.parse_args()
    a.topics = [t for t in a.topics.split(",") if t]
    for t in a.topics:
        if t not in TOPICS:
            ap.error(f"unknown topic {t!r} (known: {', '.join(TOPICS)})")
    if a.mode == "learn":
        if not a.out:
            ap.error("learn needs --out")
        items = load(a.sets)
        for t in a.topics:
            w, bias, n = learn(items, t, a)
            print(write(a.out, t, w, bias, n, a.sets, a), len(w), "terms")
    else:
        if not (a.bin and a.rules):
            ap.error("cv needs --bin and --rules")
        cv(a)


main()
