"""Synthetic comment threads in the shapes of real platforms, for tools/flatten-thread.py.

generate(seed, n, shape) -> (article, [(id, parent_id or None, body)]) in depth-first order.

Shapes (how many comments answer the post, how deep the talk goes, how long comments are):
  reddit   200-400 comments, about a fifth top level, subthreads up to depth 9 with
           back-and-forth arguments, short to medium comments, '>' quotes now and then.
  twitter  a root post and its reply tree: a third of replies answer the root, conversations
           go deep; every reply opens with the @names of the conversation (Twitter's reply
           prefix: the person answered first, then the others, never the writer), sometimes
           trimmed to the one person answered; an author continuing their own thread writes
           none.
  hn       flat: over half top level, shallow subthreads, long multi-paragraph comments,
           '>' quotes of the parent more often.

Bodies are built from small pieces (subjects, verb phrases, clauses) so that no two comments
share a run of five words by chance, around a comment's own focus words: a reply echoes one of
its parent's focus words about half the time and brings new ones, so a subthread drifts. On top
of that come the moves people make when they reply: answering a question, agreement and
disagreement openers, quoting a phrase of the parent, talking to the parent's writer ('you',
'your point'), short reactions ('Source?', 'lol'), questions back. Many replies carry no cue at
all; top-level comments sometimes open like replies ('Yeah, ...'), use an impersonal 'you' or
ask everyone a question, so cues are evidence, not labels. All words and templates are invented
here; no real text is used. Deterministic for a given seed.
"""
import random

TOPICS = {
    "transit": ("The city will double bus fares next spring to pay for the new tram depot",
                "fares tram depot council budget commuters route timetable drivers shortage "
                "overtime rota union strike wages parking congestion lanes emissions cycling "
                "helmets winter pensioners passes discount students concession contract overspend "
                "audit tender consultants suburbs villages frequency ticket platform signals "
                "carriages stops shelter diesel electric battery subsidy ridership revenue "
                "inspectors barriers app contactless night weekend airport"),
    "phone": ("Review: the new flagship phone has a better camera but the battery is worse",
              "camera battery screen price charger charging drain watts lens zoom sensor photos "
              "contract upgrade resale carrier software updates bloatware settings launcher "
              "repair glass screws warranty parts headphone jack dongle bluetooth earbuds audio "
              "case bezel notch fingerprint unlock modem signal storage cloud backup stylus "
              "haptics speakers processor thermals benchmark gaming refresh brightness"),
    "remote": ("Firms are ordering staff back to the office four days a week",
               "office remote staff managers commute hybrid productivity train petrol season "
               "trust metrics surveillance meetings calendar rent landlords leases buildings "
               "downtown vacancy childcare school pickup nursery juniors mentoring graduates "
               "onboarding culture salary relocation desks headsets webcam broadband kitchen "
               "lunch canteen parking badge slack email deadlines promotion layoffs contracts "
               "freelancers timezone overtime burnout wellbeing"),
    "football": ("Match report: late penalty decides the derby after a tense second half",
                 "penalty referee derby goal keeper manager season fans var handball offside "
                 "replay save gloves reflexes tactics substitution formation pressing bench "
                 "transfer window signing striker fee injury hamstring physio fitness squad "
                 "tickets stadium chants travel crossbar corner freekick midfield defence "
                 "captain academy youngster loan wages owner board relegation table points"),
    "language": ("A new release of the language adds pattern matching and a faster compiler",
                 "release compiler syntax library version feature developers pattern matching "
                 "switch exhaustive speed builds cache incremental packages dependencies "
                 "registry lockfile errors types inference generics compatibility migration "
                 "deprecation tooling editor formatter linter debugger macros closures "
                 "allocator garbage threads async runtime bindings benchmarks documentation "
                 "tutorials community maintainers sponsors"),
    "housing": ("Plans for four hundred homes on the old airfield approved despite objections",
                "homes airfield council developers objections estate village school doctors "
                "surgery infrastructure affordable rent prices mortgage deposit buyers roads "
                "junction lorries construction flood drainage river fields wildlife meadow "
                "profits viability levy design density flats gardens bungalows planners "
                "inspector appeal residents petition landowner greenbelt hedgerows sewage "
                "pylons broadband bus shop pub"),
}

GENERAL = ("people time year money problem way point story place work week idea part system "
           "number rule plan question reason world group level change result market deal job "
           "risk trend data test cost case news issue chance family friend neighbour town "
           "country government company price quality service evidence experience history "
           "future decade month weekend morning evening summer winter").split()

NAMES = ("ann bob cara dev eli fay gus hana ivo jo kai lena milo nia oto pia quin rafa sol tam "
         "uma vik wren xan yara zed ash bea cole dina ezra finn gia hugo iris jude kit lux "
         "maya ned opal pax rue sage theo una vera wes").split()

# ---- Sentence pieces. {x}, {y}: focus words; {g}: a general word; {n}: a number. -----------

DET = ["the", "our", "their", "that", "any", "every", "this", "my", "most", "a cheaper",
       "the new", "the old", "no", "some", "one"]
VERB = ["costs more than", "depends on", "replaced", "ruined", "beats", "outlasts", "pays for",
        "hurts", "needs", "ignores", "follows", "matters more than", "broke", "fixed", "doubled",
        "killed", "helps", "slows", "feeds", "drives", "undercuts", "blocks", "explains",
        "copies", "delays", "funds", "wrecks", "mirrors"]
COPULA = ["is", "was", "looks", "seems", "felt", "stays", "got", "became", "is still",
          "was always", "is getting", "sounds", "remains"]
CONJ = ["because", "unless", "and", "so", "while", "since", "but", "although", "when", "until",
        "whereas", "as long as"]
ADJ = ["broken", "fine", "expensive", "useless", "outdated", "overpriced", "solid", "slow",
       "decent", "awful", "rare", "messy", "great", "fragile", "cheap", "ignored", "late",
       "popular", "risky", "pointless", "overdue", "crowded", "louder", "simpler"]
HEDGE = ["I think ", "Honestly, ", "Frankly ", "Personally ", "Tbh ", "In my experience ",
         "Imo ", "I reckon ", "I suspect ", "To be fair, "]
TOP_QUESTION = ["Does anyone know if the {x} {vp}?", "Is anyone else worried about the {x}?",
                "Has anyone here tried the {x}?", "What happens to the {x} now?",
                "Why is nobody talking about the {x}?", "Can someone explain the {x} part?",
                "Am I the only one who thinks the {x} {vp}?"]
ASK_PERSON = ["Did you look at the {x} though?", "Do you have a source on the {x}?",
              "What do you mean by {x}?", "Have you tried a different {x}?",
              "Would you say the same about the {x}?", "How would that work with the {x}?",
              "Are you sure about the {x}?"]
ANSWER_YES = ["Yes, ", "Yep, ", "Yes. ", "Sure, ", "Yes and no. ", "Definitely. "]
ANSWER_NO = ["No, ", "Nope, ", "Not really, ", "No. ", "Not as far as I know. ", "Doubt it. "]
AGREE = ["Agreed.", "Exactly.", "This.", "So much this.", "Yeah, ", "True, ", "Good point.",
         "+1", "Same here.", "100%.", "Spot on.", "Well said.", "Couldn't agree more.", "Right? ",
         "Yes! ", "Fair enough, "]
DISAGREE = ["Not really.", "I disagree.", "That's not true.", "Nope.", "Wrong.", "Except ",
            "That's not how it works.", "Eh, ", "I don't think so.", "Not quite.", "Meh.",
            "Hard disagree.", "That's a stretch.", "Nah, ", "Counterpoint: "]
ADDRESS = ["You're assuming the {x} {vp}.", "You're right about the {x}, but the {y} {vp}.",
           "You clearly haven't seen the {x}.", "Your point about the {x} ignores the {y}.",
           "You make it sound like the {x} {vp}.", "You say that, but the {x} {vp}.",
           "If that's your argument, the {x} proves the opposite.",
           "You might want to read up on the {x} first.", "Did you even read the {x} bit?"]
REACTION = ["lol", "Source?", "Ha!", "This", "Thanks!", "Underrated comment.", "lmao", "Oof.",
            "Citation needed.", "Sure.", "Yikes.", "Fair.", "Wait, really?", "Bingo.", "Same.",
            "Thank you!", "Huh, TIL.", "^ this", "Ok.", "Wow."]
ASK_BACK = ["What do you mean by {x}?", "How so?", "Why would the {x} matter here?",
            "Since when?", "Is that true for the {y} too?", "And the {x}?", "Like what?",
            "Which {x}?"]
TOP_SHORT = ["Great read.", "Finally.", "About time.", "Called it.", "Good.", "Unbelievable.",
             "Classic.", "Not surprised."]
OPENER_NOISE = ["Yeah, ", "So ", "Well, ", "Ok so ", "Funny, ", "Right, "]
IMPERSONAL = ["If you look at the {x}, the {y} {vp}.", "When you think about the {x}, it adds up.",
              "You can see the {x} problem coming a mile off."]


class Writer:
    def __init__(self, rng, topic_words):
        self.rng = rng
        self.topic = topic_words

    def fill(self, tmpl, focus):
        r = self.rng
        x = r.choice(focus)
        y = r.choice([w for w in focus if w != x] or [r.choice(self.topic)])
        if "{vp}" in tmpl:
            tmpl = tmpl.replace("{vp}", self.vp())
        return tmpl.format(x=x, y=y, g=r.choice(GENERAL), n=r.randint(2, 90), adj=r.choice(ADJ))

    def vp(self, obj="{y}"):
        r = self.rng
        if r.random() < 0.35:
            return r.choice(COPULA) + " " + r.choice(ADJ)
        return r.choice(VERB) + " " + r.choice(DET) + " " + obj

    def sentence(self, focus, hedge=0.12):
        r = self.rng
        s = r.choice(DET) + " {x} " + self.vp()
        if r.random() < 0.45:
            s += " " + r.choice(CONJ) + " " + r.choice(DET) + " " + r.choice(["{y}", "{g}"]) + \
                " " + self.vp("{g}")
        if r.random() < 0.15:
            s += " " + r.choice(["in my {g}", "every {g}", "for now", "last {g}", "{n} times over",
                                 "as far as I know", "apparently", "to be honest"])
        s = self.fill(s, focus)
        if r.random() < hedge:
            s = r.choice(HEDGE) + s
        return s[0].upper() + s[1:] + ("!" if r.random() < 0.05 else ".")

    def sentences(self, focus, k, hedge=0.12):
        return " ".join(self.sentence(focus, hedge) for _ in range(k))


def lower_first(s):
    return s[0].lower() + s[1:] if s and not s.startswith("I ") else s


def clause(text, rng):
    """A phrase of the parent to quote: one sentence, cut to a few words now and then."""
    sents = [s.strip() for s in text.replace("?", ".").replace("!", ".").split(".")
             if len(s.split()) >= 4 and not s.strip().startswith("@")]
    if not sents:
        return None
    words = rng.choice(sents).split()
    if len(words) > 8 and rng.random() < 0.5:
        k = rng.randint(5, 8)
        j = rng.randint(0, len(words) - k)
        words = words[j:j + k]
    return " ".join(words)


SHAPES = {
    # kid_mean: children per comment by depth (mean of a heavy-tailed count); argue: chance that
    # a reply starts a back-and-forth chain, which goes on with chance keep per level.
    "reddit": dict(kid_mean=[1.0, 0.5, 0.5, 0.48, 0.46, 0.44, 0.42, 0.4, 0.35, 0.0],
                   argue=0.12, keep=0.8, sentences=(1, 3), paragraphs=0.15, quote=0.07,
                   ask=0.08, short=0.1, top_question=0.1, n=(200, 400)),
    "twitter": dict(kid_mean=[0.45, 0.45, 0.45, 0.4, 0.4, 0.35, 0.3, 0.3, 0.25, 0.0],
                    argue=0.15, keep=0.75, sentences=(1, 2), paragraphs=0.0, quote=0.02,
                    ask=0.08, short=0.12, top_question=0.08, n=(120, 300)),
    "hn": dict(kid_mean=[0.45, 0.4, 0.3, 0.25, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0],
               argue=0.05, keep=0.5, sentences=(2, 6), paragraphs=0.45, quote=0.15,
               ask=0.06, short=0.03, top_question=0.08, n=(60, 200)),
}


def poisson_ish(rng, mean):
    """A count with the given mean and a heavy tail (geometric mixture)."""
    if mean <= 0:
        return 0
    if rng.random() < 0.15:
        mean *= 3
    p = 1.0 / (1.0 + mean)
    k = 0
    while rng.random() > p and k < 40:
        k += 1
    return k


def build_tree(rng, shape, n):
    """(id, parent or None, depth) for n comments, listed depth-first."""
    cfg = SHAPES[shape]
    maxd = len(cfg["kid_mean"])
    order = []
    next_id = 0
    while next_id < n:
        root = next_id
        next_id += 1
        kids_of = {}
        grow = [(root, 0, False)]  # node, depth, in an argument
        while grow and next_id < n:
            node, d, arguing = grow.pop()
            if d + 1 >= maxd:
                continue
            k = poisson_ish(rng, cfg["kid_mean"][d])
            chain = arguing and rng.random() < cfg["keep"]
            if chain and k == 0:
                k = 1
            kids = list(range(next_id, min(n, next_id + k)))
            next_id += len(kids)
            kids_of[node] = kids
            for j, c in enumerate(kids):
                grow.append((c, d + 1, (chain and j == 0) or rng.random() < cfg["argue"]))
        stack = [(root, None, 0)]
        while stack:
            v, p, d = stack.pop()
            order.append((v, p, d))
            stack.extend((c, v, d + 1) for c in reversed(kids_of.get(v, [])))
    return order


def generate(seed, n=None, shape="reddit"):
    rng = random.Random(seed * 7919 + {"reddit": 1, "twitter": 2, "hn": 3}[shape])
    cfg = SHAPES[shape]
    if n is None:
        n = rng.randint(*cfg["n"])
    title, words = TOPICS[rng.choice(sorted(TOPICS))]
    topic = words.split()
    w = Writer(rng, topic)
    art_focus = rng.sample(topic, 8)
    article = title + ". " + w.sentences(art_focus, 4, hedge=0)
    order = build_tree(rng, shape, n)

    root_author = rng.choice(NAMES)
    info = {}
    out = []
    for v, p, d in order:
        if p is None:
            focus = rng.sample(topic, 3)
            if rng.random() < 0.3:
                focus[0] = rng.choice(art_focus)
        else:
            pf = info[p]["focus"]
            focus = rng.sample(topic, 3)
            if rng.random() < 0.55:
                focus[0] = rng.choice(pf)
                if rng.random() < 0.25:
                    focus[1] = rng.choice(pf)
        if shape == "twitter" and p is not None and d >= 2 and rng.random() < 0.7:
            author = info[info[p]["parent"]]["author"]  # the conversation goes back and forth
        elif shape == "twitter" and p is None and rng.random() < 0.03:
            author = root_author  # the author adds to their own post
        else:
            author = rng.choice(NAMES)
        body, asks = compose(rng, w, cfg, shape, focus, None if p is None else info[p])
        mentions = []
        if shape == "twitter":
            target, chain = (root_author, []) if p is None else (info[p]["author"], info[p]["mentions"])
            mentions = ([target] if target != author else []) + \
                [m for m in chain if m not in (target, author)]
            if len(mentions) > 1 and rng.random() < 0.15:
                mentions = mentions[:1]
            mentions = mentions[:5]
            if mentions:
                body = " ".join("@" + m for m in mentions) + " " + body
        info[v] = dict(focus=focus, text=body, author=author, mentions=mentions, asks=asks, parent=p)
        out.append((f"{shape[0]}{v}", None if p is None else f"{shape[0]}{p}", body))
    return article, out


def pick(rng, table):
    r, acc = rng.random(), 0.0
    for name, pr in table:
        acc += pr
        if r < acc:
            return name
    return "plain"


def compose(rng, w, cfg, shape, focus, parent):
    """One comment's body; returns (body, whether it ends asking a question)."""
    lo, hi = cfg["sentences"]
    k = rng.randint(lo, hi)
    parts, asks = [], False
    if parent is None:
        act = pick(rng, [("question", cfg["top_question"]), ("impersonal", 0.06),
                         ("noise", 0.06), ("short", cfg["short"] / 3)])
        if act == "question":
            if rng.random() < 0.4:
                parts.append(w.sentences(focus, max(1, k - 1)))
            parts.append(w.fill(rng.choice(TOP_QUESTION), focus))
            asks = True
        elif act == "impersonal":
            parts.append(w.fill(rng.choice(IMPERSONAL), focus))
            if k > 1:
                parts.append(w.sentences(focus, k - 1))
        elif act == "noise":
            parts.append(rng.choice(OPENER_NOISE) + lower_first(w.sentences(focus, k)))
        elif act == "short":
            parts.append(rng.choice(TOP_SHORT))
        else:
            parts.append(w.sentences(focus, k, hedge=0.2))
    else:
        if parent["asks"] and rng.random() < 0.7:
            if rng.random() < 0.6:
                opener = rng.choice(ANSWER_YES + ANSWER_NO)
                s = w.sentence(focus, hedge=0)
                parts.append(opener + (s if opener.endswith(". ") else lower_first(s)))
            else:
                parts.append(w.sentence(focus, hedge=0.3))
            if rng.random() < 0.4:
                parts.append(w.sentences(focus, 1))
        else:
            act = pick(rng, [("agree", 0.11), ("disagree", 0.13), ("quote", cfg["quote"]),
                             ("address", 0.1), ("short", cfg["short"]), ("askback", 0.06)])
            rest = w.sentences(focus, max(1, k - 1))
            if act in ("agree", "disagree"):
                o = rng.choice(AGREE if act == "agree" else DISAGREE)
                if o.endswith(" "):
                    parts.append(o + lower_first(rest))
                elif rng.random() < 0.75:
                    parts.append(o + " " + rest)
                else:
                    parts.append(o)
            elif act == "quote":
                q = clause(parent["text"], rng)
                if not q:
                    parts.append(rest)
                elif shape in ("reddit", "hn") and rng.random() < 0.7:
                    parts.append("> " + q + "\n" + rest)
                else:
                    parts.append('"' + q + '"? ' + rest)
            elif act == "address":
                parts.append(w.fill(rng.choice(ADDRESS), focus))
                if k > 1:
                    parts.append(w.sentences(focus, k - 1))
            elif act == "short":
                parts.append(rng.choice(REACTION))
            elif act == "askback":
                parts.append(w.fill(rng.choice(ASK_BACK), focus))
                asks = True
            else:
                parts.append(w.sentences(focus, k, hedge=0.15))
        if not asks and rng.random() < cfg["ask"]:
            parts.append(w.fill(rng.choice(ASK_PERSON), focus))
            asks = True
    text = " ".join(p for p in parts if p)
    if cfg["paragraphs"] and rng.random() < cfg["paragraphs"] and text.count(". ") >= 2:
        cut = [i for i in range(len(text)) if text.startswith(". ", i)]
        i = rng.choice(cut)
        text = text[:i + 1] + "\n\n" + text[i + 2:]
    return text, asks
