"""Every benchmark in one run, printed as one table: figure, value, baseline, ratio, target, met.

    .venv/bin/python bench/run.py            # the full run: 1,000 and 10,000 articles, 500,000 claims
    .venv/bin/python bench/run.py --quick    # a smaller run (200 and 1,000 articles) for a first look
    .venv/bin/python bench/run.py --markdown # the table as Markdown, for docs/performance.md

Corpora are generated once (``bench/corpora.py``) into a cache folder in the
system's temporary folder and reused by later runs; the first full run builds
them. Every baseline is measured in the same run as its figure, on the same
data, so a ratio holds on a busy or slow machine where seconds do not.
Targets come from issue 7; nothing here asserts: read the "met" column.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from claimdesk.core import Project  # noqa: E402
from corpora import CODER, Corpora, cache_root  # noqa: E402


@dataclass
class Row:
    figure: str
    value: float | None
    unit: str
    baseline: float | None = None
    #: ``ratio`` (value / baseline at most ``limit``), ``below`` (value under ``limit``),
    #: ``both`` (ratio at most ``limit`` and value under ``absolute``), or "" (no target).
    kind: str = ""
    limit: float = 0.0
    absolute: float = 0.0
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def target(self) -> str:
        unit = f" {self.unit}" if self.unit not in ("×", "") else ""
        if self.kind == "ratio":
            return f"≤ {self.limit:g}×"
        if self.kind == "below":
            return f"< {self.limit:g}{unit}"
        if self.kind == "both":
            return f"≤ {self.limit:g}× and < {self.absolute:g}{unit}"
        return ""

    @property
    def met(self) -> str:
        if not self.kind or self.value is None:
            return ""
        ratio = self.ratio
        if self.kind == "ratio":
            ok = ratio is not None and ratio <= self.limit
        elif self.kind == "below":
            ok = self.value < self.limit
        else:
            ok = ratio is not None and ratio <= self.limit and self.value < self.absolute
        return "met" if ok else "NOT met"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:g}{(' ' + unit) if unit else ''}"


def print_table(rows: list[Row], *, markdown: bool) -> None:
    head = ("figure", "value", "baseline", "ratio", "target", "met")
    cells = [
        (
            r.figure,
            _fmt(r.value, r.unit),
            _fmt(r.baseline, r.unit),
            f"{r.ratio:.2f}×" if r.ratio is not None else "",
            r.target,
            r.met,
        )
        for r in rows
    ]
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for c in cells:
            print("| " + " | ".join(c) + " |")
    else:
        widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
        print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        print("  ".join("-" * w for w in widths))
        for c in cells:
            print("  ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)).rstrip())
    notes = [f"{r.figure}: {r.note}" for r in rows if r.note]
    if notes:
        print()
        for note in notes:
            print(("- " if markdown else "  ") + note)


# ---------------------------------------------------------------------- helpers


def paired(
    runs: int, baseline: Callable[[int], object], ours: Callable[[int], object]
) -> tuple[float, float]:
    """Median seconds of ``baseline(run)`` and of ``ours(run)``, run by turns.

    Taking turns keeps a change in the machine's load (other work starting or
    ending) from falling on one side only.
    """
    base: list[float] = []
    mine: list[float] = []
    for run in range(runs):
        for work, times in ((baseline, base), (ours, mine)):
            started = time.perf_counter()
            work(run)
            times.append(time.perf_counter() - started)
    return statistics.median(base), statistics.median(mine)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def child_env() -> dict[str, str]:
    """The environment of the measured processes: offscreen Qt, and compiled modules kept.

    Installed programs start from compiled modules (``.pyc``: pip writes them at install,
    the bundle carries them). A shell with ``PYTHONDONTWRITEBYTECODE`` would compile every
    module at every start instead, so the children keep theirs in the cache folder.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": os.environ.get("LANG", "C.UTF-8")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_root() / "pycache")
    return env


def child(*args: str, strace: Path | None = None) -> tuple[dict[str, Any], float, float]:
    """Run ``bench/child.py ARGS`` in a new process.

    Returns its JSON answer, its wall time in seconds (from starting the process to its
    end), and the peak resident memory in MB that it reports of itself.
    """
    command = [sys.executable, str(HERE / "child.py"), *args]
    if strace is not None:
        command = ["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", str(strace), *command]
    env = child_env()
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=HERE.parent
    )
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err.decode(errors='replace')[-2000:]}")
    answer = json.loads(out.decode().strip().splitlines()[-1]) if out.strip() else {}
    return answer, wall, float(answer.get("rss_mb", 0.0))


def fsyncs(strace_output: Path) -> int:
    """The fsync and fdatasync calls an ``strace -c`` summary counted."""
    total = 0
    for line in strace_output.read_text().splitlines():
        parts = line.split()
        # % time, seconds, usecs/call, calls, [errors,] syscall
        if len(parts) >= 5 and parts[-1] in ("fsync", "fdatasync"):
            total += int(parts[3])
    return total


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    from PySide6 import __version__ as pyside

    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average {os.getloadavg()[0]:.1f}"
    return (
        f"{cpu}, {os.cpu_count()} cores{ram}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PySide6 {pyside}{load}"
    )


# ---------------------------------------------------------------------- the figures


def figure_import(corpora: Corpora, work: Path, count: int, runs: int) -> list[Row]:
    from bench_import import baseline_import
    from claimdesk.core.text import guess_language
    from claimdesk.formats import all_formats
    from claimdesk.formats.importing import import_paths

    folder = corpora.articles(count)
    files = sorted(folder.iterdir())
    all_formats()  # both sides with their modules loaded and the files in the page cache
    guess_language("De Verenigde Staten is van plan om met de landen samen te werken.")
    for path in files:
        path.read_bytes()

    def ours(run: int) -> None:
        with Project.create(work / f"import-{run}.claimdesk", coder=CODER) as project:
            import_paths(project, [folder])

    base, value = paired(
        runs, lambda run: baseline_import(files, work / f"baseline-{run}.db"), ours
    )
    return [
        Row(
            f"import {count:,} articles",
            value,
            "s",
            base,
            "ratio",
            2.0,
            note="baseline: read, decode as UTF-8, executemany and one FTS5 rebuild in one transaction",
        )
    ]


def _records(project: Project) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from claimdesk.formats.corpus_json import iter_corpus

    header, records = iter_corpus(project)
    return header, list(records)


def figure_exports(corpora: Corpora, work: Path, count: int, small: int, runs: int) -> list[Row]:
    import csv

    from claimdesk.formats.corpus_json import _Uuids
    from claimdesk.formats.exporting import ExportOptions, export
    from claimdesk.formats.tables import _Rows

    path = corpora.project(count)
    rows: list[Row] = []
    with Project.open(path, readonly=True, coder=CODER) as project:
        claims = project.counts()["claims"]
        header, records = _records(project)  # the baseline's data, in memory (untimed)
        table = _Rows(header, _Uuids(project), decimal=".")  # the rows the CSV export writes
        csv_rows = [
            row
            for document, spans in project.claim_table(project.document_ids())
            for row in table.claims(document, spans)
        ]
        columns = table.columns("claims")

        def dump_json(run: int) -> None:
            with open(work / "base.json", "w", encoding="utf-8") as out:
                json.dump({**header, "documents": records}, out, ensure_ascii=False)

        def dump_jsonl(run: int) -> None:
            with open(work / "base.jsonl", "w", encoding="utf-8") as out:
                out.write(json.dumps(header, ensure_ascii=False) + "\n")
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")

        def dump_csv(run: int) -> None:
            with open(work / "base.csv", "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\r\n")
                writer.writerow(columns)
                writer.writerows(csv_rows)

        for fmt, baseline in (("json", dump_json), ("jsonl", dump_jsonl), ("csv", dump_csv)):
            base, value = paired(
                runs,
                baseline,
                lambda run, fmt=fmt: export(project, work / f"out.{fmt}", ExportOptions(fmt)),
            )
            rows.append(
                Row(
                    f"export {claims:,} claims to {fmt.upper()}",
                    value,
                    "s",
                    base,
                    "ratio",
                    2.0,
                )
            )
        records.clear()  # free the baseline's copy before the memory figures
        csv_rows.clear()
    rows[0].note = (
        "baseline: json.dump / csv.writer of the same records or rows already in memory; "
        "ours reads them from the project file"
    )
    for fmt in ("jsonl", "csv"):
        peaks = {}
        for size in (small, count):
            answer, _, _ = child(
                "export", fmt, str(corpora.project(size)), str(work / f"rss.{fmt}")
            )
            peaks[size] = answer["rss_mb"]
        rows.append(
            Row(
                f"export {fmt.upper()} peak memory, {count:,} vs {small:,} articles",
                peaks[count],
                "MB",
                peaks[small],
                "ratio",
                1.2,
                note=""
                if fmt == "csv"
                else "flat: 10× the corpus may not cost more than 1.2× the memory",
            )
        )
    return rows


SEARCHES = [
    "Huawei",
    "veiligheid",
    '"national security"',
    "Trump OR Merkel",
    "kabinet -Huawei",
    "netw*",
    "Europese Commissie",
    "spionage kosten",
    "operators",
    "Huawei-apparatuur",
]


def figure_search(corpora: Corpora, count: int, runs: int) -> list[Row]:
    from claimdesk.core.search import to_fts5

    path = corpora.project(count)
    ways = {
        "window": lambda p, q: p.search_documents(q, limit=1000),  # as the search box asks
        "snippets": lambda p, q: p.search(q, limit=100),  # as `claimdesk search` asks
    }
    times: dict[str, list[float]] = {"window": [], "snippets": [], "floor": []}
    slowest = {way: ("", 0.0) for way in ways}
    with Project.open(path, readonly=True, coder=CODER) as project:
        for query in SEARCHES:
            fts = to_fts5(query)
            for _ in range(runs):
                for way, search in ways.items():
                    started = time.perf_counter()
                    search(project, query)
                    took = (time.perf_counter() - started) * 1000
                    times[way].append(took)
                    slowest[way] = max(slowest[way], (query, took), key=lambda item: item[1])
                started = time.perf_counter()
                project._conn.execute(
                    "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", (fts,)
                ).fetchall()
                times["floor"].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(times["floor"])

    def detail(way: str) -> str:
        query, took = slowest[way]
        return f"p95 {p95(times[way]):.0f} ms, slowest {query!r} {took:.0f} ms"

    return [
        Row(
            f"search {count:,} articles, as the search box (median)",
            statistics.median(times["window"]),
            "ms",
            floor,
            "below",
            50,
            note=(
                f"{len(SEARCHES)} queries × {runs}: the ranked ids of up to 1,000 documents found "
                f"by their text or their claims; {detail('window')}; baseline: the bare FTS5 "
                "match of the same queries, unranked"
            ),
        ),
        Row(
            f"search {count:,} articles, 100 hits with snippets (median)",
            statistics.median(times["snippets"]),
            "ms",
            floor,
            "below",
            50,
            note=f"as `claimdesk search` asks: titles, dates, snippets; {detail('snippets')}",
        ),
    ]


def figure_gui(corpora: Corpora, count: int) -> list[Row]:
    answer, _, _ = child("gui", str(corpora.project(count)))
    return [
        Row(
            f"document list filter, {count:,} articles (median)",
            statistics.median(answer["filter_ms"]),
            "ms",
            statistics.median(answer["like_ms"]),
            "below",
            30,
            note=(
                f"typing 10 filters × 3: Project.document_ids(filter_text=...) and the first "
                f"screenful ({answer['rows_visible']} rows) of DocumentListModel; p95 "
                f"{p95(answer['filter_ms']):.0f} ms; baseline: plain sqlite3 LIKE on titles"
            ),
        ),
        Row(
            f"open and paint an article with {answer['claims']:,} claims",
            statistics.median(answer["open_ms"]),
            "ms",
            answer["plain_ms"],
            "below",
            100,
            note=(
                f"{answer['characters']:,} characters, 300 mentions; the real window, until its "
                "event loop has painted the text, the highlights in view, the claim list and the "
                f"panel ({statistics.median(answer['open_rounds']):.0f} rounds); baseline: a plain "
                "QTextEdit showing the same text; the reader alone, without spans: "
                f"{answer['reader_text_ms']:.0f} ms; with the suggested mentions, found and "
                f"painted right after: {statistics.median(answer['aids_ms']):.0f} ms"
            ),
        ),
    ]


def figure_edits(corpora: Corpora, quick: bool, count: int, edits: int) -> list[Row]:
    path = corpora.project(count) if quick else corpora.edit_project()
    with Project.open(path, readonly=True, coder=CODER) as project:
        claims = project.counts()["claims"]
    ours, _, _ = child("edits", str(path), str(edits))
    base, _, _ = child("raw-edits", str(path), str(edits))
    rows = [
        Row(
            f"claim edit committed, {claims:,} claims (p95)",
            p95(ours["ms"]),
            "ms",
            p95(base["ms"]),
            "below",
            10,
            note=(
                f"{edits} stance edits through ui.operations (one undo step each), median "
                f"{statistics.median(ours['ms']):.1f} ms; baseline: one UPDATE per transaction "
                "in plain sqlite3, WAL and synchronous = FULL"
            ),
        )
    ]
    if shutil.which("strace"):
        counted = {}
        with tempfile.TemporaryDirectory() as tmp:
            for kind in ("edits", "raw-edits"):
                for n in (0, 50):
                    out = Path(tmp) / f"{kind}-{n}.txt"
                    child(kind, str(path), str(n), strace=out)
                    counted[kind, n] = fsyncs(out)
        ours_per = (counted["edits", 50] - counted["edits", 0]) / 50
        base_per = (counted["raw-edits", 50] - counted["raw-edits", 0]) / 50
        how = "counted with strace -c (50 edits minus none)"
    else:
        ours_per = base_per = 1.0
        how = "reasoned, strace missing: WAL with synchronous = FULL syncs the log once per commit"
    rows.append(
        Row(
            "fsyncs per claim edit",
            ours_per,
            "",
            base_per,
            note=f"{how}; a laptop disk syncs in 1–5 ms, so this is what an edit costs there",
        )
    )
    return rows


def figure_start(corpora: Corpora, work: Path, count: int, runs: int) -> list[Row]:
    from claimdesk.demo import build_demo_project

    demo = work / "demo.claimdesk"
    if not demo.exists():
        build_demo_project(demo).close()
        with Project.open(demo, coder=CODER) as project:
            project.set_setting("backups_daily", False)
    big = corpora.project(count)
    png = str(work / "window.png")
    starts = {"bare": ("bare-window", png), "demo": ("window", png, str(demo))}
    starts["big"] = ("window", png, str(big))
    samples: dict[str, list[tuple[float, float]]] = {kind: [] for kind in starts}
    phases: dict[str, list[dict[str, float]]] = {kind: [] for kind in starts}
    child(*starts["bare"])  # a first start of each compiles and caches modules for the others
    child(*starts["demo"])
    for _ in range(runs):
        for kind, args in starts.items():
            answer, wall, rss = child(*args)
            samples[kind].append((wall, rss))
            phases[kind].append(answer["phases"])

    def med(kind: str, i: int) -> float:
        return statistics.median(s[i] for s in samples[kind])

    def breakdown(kind: str) -> str:
        names = list(phases[kind][0])
        return ", ".join(
            f"{name} {statistics.median(p.get(name, 0.0) for p in phases[kind]):.0f}"
            for name in names
        )

    how = (
        f"median of {runs} starts, each a new process (QT_QPA_PLATFORM=offscreen, modules "
        "compiled as installed): `claimdesk --screenshot OUT.png PROJECT` opens the project, "
        "shows the window with the first article painted, and exits; baseline: a bare PySide6 "
        "QMainWindow of the same size, shown, painted and saved the same way"
    )
    return [
        Row(
            "start to a painted window, demo project",
            med("demo", 0),
            "s",
            med("bare", 0),
            "both",
            1.3,
            1.0,
            note=how,
        ),
        Row(
            f"start to a painted window, {count:,} articles",
            med("big", 0),
            "s",
            med("bare", 0),
            "both",
            1.3,
            1.0,
            note=(
                f"where the time goes (median ms; the Python interpreter's own start, the same "
                f"for both, comes before): Claimdesk with {count:,} articles: {breakdown('big')}; "
                f"demo project: {breakdown('demo')}; bare window: {breakdown('bare')}"
            ),
        ),
        Row(
            f"window with {count:,} articles open: peak memory",
            med("big", 1),
            "MB",
            med("bare", 1),
            "below",
            250,
            note="peak resident memory (VmHWM) of the process above; baseline: the bare window",
        ),
    ]


# ---------------------------------------------------------------------- the run


FIGURES = ("import", "exports", "search", "gui", "edits", "start")


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 and 1,000 articles, fewer runs")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--only", default=",".join(FIGURES), help=f"comma-separated figures ({', '.join(FIGURES)})"
    )
    parser.add_argument("--cache", type=Path, help="the cache folder (default: in the temp folder)")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figures: {', '.join(sorted(unknown))}")
    big, small = (1_000, 200) if args.quick else (10_000, 1_000)
    runs = 2 if args.quick else 3
    started = time.perf_counter()
    corpora = Corpora(args.cache, log=log)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-run-") as tmp:
        work = Path(tmp)
        steps: dict[str, Callable[[], list[Row]]] = {
            "import": lambda: figure_import(corpora, work, big, runs),
            "exports": lambda: figure_exports(corpora, work, big, small, runs),
            "search": lambda: figure_search(corpora, big, 5 if args.quick else 10),
            "gui": lambda: figure_gui(corpora, big),
            "edits": lambda: figure_edits(corpora, args.quick, big, 100 if args.quick else 300),
            "start": lambda: figure_start(corpora, work, big, 3 if args.quick else 5),
        }
        for name in only:
            began = time.perf_counter()
            log(f"{name} …")
            rows += steps[name]()
            log(f"{name}: {time.perf_counter() - began:.0f} s")
    print(f"Machine: {machine()}")
    print(
        f"Run: {'quick' if args.quick else 'full'}, {time.perf_counter() - started:.0f} s; "
        "other work on the machine slows figure and baseline alike, so compare ratios"
    )
    print()
    print_table(rows, markdown=args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
