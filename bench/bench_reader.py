"""How fast the reading view opens and paints a densely coded article.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_reader.py [--claims 1000]

A 50,000-character article with emoji, 1,000 overlapping claims (nested up to
about 14 deep) and 300 mention underlines, in a 1200×900 view. Prints the
median of 7 runs for: building the document and its structure, painting the
spans the first time, a repaint, and selecting one claim; and, as the
baseline, a plain QTextEdit showing the same text. Target (issue 3): open and
paint an article with 1,000 claims in under 100 ms. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTextEdit

from claimdesk.core.model import StructureRange
from claimdesk.core.text import paragraphs
from claimdesk.ui.reader import PaintedSpan, ReaderView
from claimdesk.ui.theme import OKABE_ITO

WORDS = [
    "de",
    "het",
    "een",
    "kabinet",
    "Huawei",
    "netwerk",
    "veiligheid",
    "minister",
    "zegt",
    "dat",
    "5G",
    "apparatuur",
    "leverancier",
    "the",
    "government",
    "said",
    "security",
    "network",
    "equipment",
    "operator",
    "Brussels",
    "📶",
    "🇳🇱",
    "China",
    "ZTE",
]


def article(chars: int, rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        if rng.random() < 0.08:
            para = "Subheading " + rng.choice(WORDS)
        else:
            para = (
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))).capitalize() + "."
            )
        parts.append(para)
        size += len(para) + 2
    return "\n\n".join(parts)[:chars].rstrip()


def spans(text: str, count: int, rng: random.Random) -> list[PaintedSpan]:
    result = []
    for i in range(count):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randint(20, 400)
        result.append(PaintedSpan(i + 1, start, end, rng.choice(OKABE_ITO)))
    return result


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = random.Random(1)
    text = article(args.chars, rng)
    structure = [
        StructureRange("subheading", p.start, p.end) for p in paragraphs(text) if len(p.text) < 40
    ]
    claims = spans(text, args.claims, rng)
    mentions = [
        PaintedSpan(s.id, s.start, min(s.start + 12, s.end), s.color) for s in spans(text, 300, rng)
    ]

    view = ReaderView()
    view.resize(1200, 900)
    view.show()
    plain = QTextEdit()
    plain.resize(1200, 900)
    plain.show()
    app.processEvents()

    figures: dict[str, list[float]] = {
        k: []
        for k in (
            "open",
            "first paint",
            "open + paint",
            "repaint",
            "select claim",
            "baseline: plain QTextEdit",
        )
    }
    for _ in range(args.runs):
        t_open = timed(lambda: view.show_document(text, structure))
        t_paint = timed(lambda: (view.set_spans(claims, mentions), view.viewport().grab()))
        figures["open"].append(t_open)
        figures["first paint"].append(t_paint)
        figures["open + paint"].append(t_open + t_paint)
        figures["repaint"].append(timed(lambda: view.viewport().grab()))
        figures["select claim"].append(
            timed(lambda: (view.set_selected_claim(500), view.viewport().grab()))
        )
        figures["baseline: plain QTextEdit"].append(
            timed(lambda: (plain.setPlainText(text), plain.viewport().grab()))
        )
    base = statistics.median(figures["baseline: plain QTextEdit"])
    print(
        f"Reader: {len(text):,} characters, {len(claims):,} claims, {len(mentions)} mentions, "
        f"median of {args.runs} runs"
    )
    print(f"{'figure':<28}{'ms':>10}{'× plain':>10}{'target':>12}")
    for name, values in figures.items():
        median = statistics.median(values)
        target = "< 100 ms" if name == "open + paint" else ""
        print(f"{name:<28}{median:>10.1f}{median / base:>10.2f}{target:>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
