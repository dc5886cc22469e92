"""How fast the reader's suggested mentions are found: every actor's names in one article.

    .venv/bin/python bench/bench_mentions.py [--actors 500] [--chars 50000] [--runs 15]

A synthetic 50,000-character article (Dutch and English words, accented
letters, emoji, possessives, about 400 occurrences of known names) and 500
actors with about three names each (a person's full name and surname, an
organisation and its acronym, a country with its article: "de VS").
Prints the median (and the fastest) of the runs for building the finder, for finding every
mention, and for the whole step the window runs on opening a document
(finding, then leaving out places already tagged), against a baseline: one
compiled case-insensitive regular expression of every name. Also the same
on a text whose folding changes its length ("ß" → "ss", decomposed accents),
which takes the slower path with an offset map. Target (issue 4): under 50 ms
for the whole step. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable

from claimdesk.core.actors import MentionFinder, new_suggestions
from claimdesk.core.model import Actor, Mention

SYLLABLES = [
    "ber", "van", "dam", "ko", "li", "sch", "mer", "ten", "hu", "ang", "ro", "vel", "dor", "mé",
    "lë", "sen", "ka", "por", "ni", "stra", "wijk", "hof", "bra", "ço", "za", "gen", "tri", "ø",
]  # fmt: skip
WORDS = [
    "de", "het", "een", "kabinet", "netwerk", "veiligheid", "minister", "zegt", "dat", "5G",
    "apparatuur", "leverancier", "the", "government", "said", "security", "network", "equipment",
    "operator", "Brussel", "📶", "🇳🇱", "China", "coördinatie", "beëindigd", "café", "naïef",
    "spionage", "besluit", "wet", "regels", "zorgen", "operators", "critics", "warned", "Tuesday",
]  # fmt: skip


def word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def make_actors(n: int, rng: random.Random) -> list[Actor]:
    actors = []
    for i in range(1, n + 1):
        kind = i % 3
        if kind == 0:
            first, last = word(rng), word(rng, 3)
            actors.append(
                Actor(f"{first} {last}", type="person", aliases=[last, f"minister {last}"], id=i)
            )
        elif kind == 1:
            name = f"{word(rng)} {word(rng)} {rng.choice(['Groep', 'Holding', 'Networks'])}"
            acronym = "".join(p[0] for p in name.split()).upper() + str(i % 10)
            actors.append(Actor(name, type="company", aliases=[acronym, name.split()[0]], id=i))
        else:
            country = word(rng, 3)
            actors.append(
                Actor(country, type="government", aliases=[f"de {country}", f"{country}'s"], id=i)
            )
    return actors


def make_article(chars: int, actors: list[Actor], rng: random.Random, *, fold_changes: bool) -> str:
    names = [n for a in actors for n in a.names()]
    parts: list[str] = []
    size = 0
    while size < chars:
        if rng.random() < 0.06:
            piece = rng.choice(names) + rng.choice(["", "", "'s", "’s", "s", "-apparatuur"])
        else:
            piece = rng.choice(WORDS)
        if fold_changes and rng.random() < 0.02:
            piece = rng.choice(["Straße", "Jose\u0301", "ﬁnanciën"])
        parts.append(piece)
        size += len(piece) + 1
        if rng.random() < 0.01:
            parts.append("\n\n")
    return " ".join(parts)[:chars]


def timings_ms(run: Callable[[], object], runs: int) -> tuple[float, float]:
    """The median and the fastest of ``runs`` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=500)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    actors = make_actors(args.actors, rng)
    names = [n for a in actors for n in a.names()]
    text = make_article(args.chars, actors, rng, fold_changes=False)
    text_fold = make_article(args.chars, actors, rng, fold_changes=True)

    finder = MentionFinder(actors)
    found = finder.find(text)
    tagged = [Mention(document=1, start=s.start, end=s.end, actor=s.actor) for s in found[::5]]
    alternation = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )

    build = timings_ms(lambda: MentionFinder(actors), args.runs)
    find = timings_ms(lambda: finder.find(text), args.runs)
    step = timings_ms(lambda: new_suggestions(finder.find(text), tagged), args.runs)
    step_fold = timings_ms(lambda: new_suggestions(finder.find(text_fold), tagged), args.runs)
    baseline = timings_ms(lambda: alternation.findall(text), args.runs)

    print(
        f"{len(actors)} actors, {finder.names} names and aliases; article of {len(text):,} "
        f"characters with {len(found)} mentions found; median of {args.runs} runs\n"
    )
    rows = [
        ("build the finder (once per actor change)", build, None),
        ("find every mention", find, baseline),
        ("find, leave out tagged places (on open)", step, baseline),
        ("the same, text whose folding changes length", step_fold, baseline),
        ("baseline: one regex of every name", baseline, None),
    ]
    print(f"{'figure':<46} {'median ms':>9} {'best ms':>8} {'vs regex':>9}  target")
    print(f"{'-' * 46} {'-' * 9} {'-' * 8} {'-' * 9}  ------")
    for label, (value, best), base in rows:
        ratio = f"{value / base[0]:.2f}×" if base else ""
        target = "< 50 ms" if "on open" in label or "folding" in label else ""
        print(f"{label:<46} {value:>9.2f} {best:>8.2f} {ratio:>9}  {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
