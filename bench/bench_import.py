"""How fast Claimdesk imports a folder of articles and exports the project, against a baseline.

    .venv/bin/python bench/bench_import.py [--articles 10000] [--runs 3] [--claims-per-document 0]

Generates the articles with ``claimdesk.synthetic`` (seed format; 1 % cp1252,
0.1 % UTF-16 with a BOM, 0.5 % duplicates, 5 % CRLF) in a temporary folder,
then measures the median of ``--runs`` runs, each into a fresh project file:

- baseline: read every file, decode it as UTF-8 (errors replaced), and in one
  sqlite3 transaction ``executemany`` the rows into a plain table with an
  external-content FTS5 index over title and text, filled by one ``'rebuild'``;
- Claimdesk: ``import_paths`` into a new project, as the command line does it
  (format guessing, decoding, dates, titles, languages, duplicates, batches,
  the undo step and the full-text index);
- export of the imported project to JSON and to JSON Lines, against a baseline
  that dumps every document row as one JSON line.

Both sides run in this process with their modules already loaded and the files
in the page cache (Claimdesk's import starts a reading process of its own when
reading would take over a second, as it does for a user). Prints a table:
figure, value, baseline, ratio, target (the import target is at most twice the
baseline). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from claimdesk.core import Project
from claimdesk.core.text import guess_language
from claimdesk.formats import all_formats
from claimdesk.formats.corpus_json import export_corpus
from claimdesk.formats.importing import ImportReport, import_paths
from claimdesk.synthetic import annotate_project, write_articles

SHARES = {"cp1252_share": 0.01, "utf16_share": 0.001, "duplicate_share": 0.005, "crlf_share": 0.05}
TARGET_IMPORT_RATIO = 2.0


def median_time(
    runs: int, setup: Callable[[int], object], work: Callable[[object], object]
) -> float:
    """The median wall time of ``work(setup(run))`` over ``runs`` runs (setup is not timed)."""
    times = []
    for run in range(runs):
        arg = setup(run)
        start = time.perf_counter()
        work(arg)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---------------------------------------------------------------------- baseline


def baseline_import(files: list[Path], database: Path) -> int:
    """Read, decode as UTF-8, one transaction: executemany into a table, one FTS5 rebuild."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN")
    conn.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT, file TEXT)"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    rows = []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        rows.append((text[:80], text, path.name))
    conn.executemany("INSERT INTO documents (title, text, file) VALUES (?, ?, ?)", rows)
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return len(rows)


def baseline_export(database: Path, destination: Path) -> int:
    """Every document row as one JSON line: the least an export has to do."""
    conn = sqlite3.connect(database)
    count = 0
    with destination.open("w", encoding="utf-8") as out:
        for row in conn.execute("SELECT id, uuid, title, text, published, file FROM documents"):
            out.write(
                json.dumps(
                    dict(
                        zip(("id", "uuid", "title", "text", "published", "file"), row, strict=True)
                    ),
                    ensure_ascii=False,
                )
            )
            out.write("\n")
            count += 1
    conn.close()
    return count


# ---------------------------------------------------------------------- Claimdesk


def claimdesk_import(folder: Path, database: Path, phases: dict[str, list[float]]) -> ImportReport:
    """``import_paths`` into a new project; notes how long reading (and parsing) took."""
    started = time.perf_counter()

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "reading" and done == total:
            phases["reading"].append(time.perf_counter() - started)

    with Project.create(database, coder="bench") as project:
        report = import_paths(project, [folder], progress=progress)
    phases["total"].append(time.perf_counter() - started)
    return report


def claimdesk_export(database: Path, destination: Path) -> None:
    with Project.open(database, readonly=True, coder="bench") as project:
        export_corpus(project, destination)


# ---------------------------------------------------------------------- the run


def _row(figure: str, value: str, baseline: str = "", ratio: str = "", target: str = "") -> str:
    return f"{figure:<28} {value:>12} {baseline:>12} {ratio:>8}  {target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=10_000, help="how many article files (default 10000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure; the median is shown (default 3)"
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the synthetic corpus (default 0)"
    )
    parser.add_argument(
        "--claims-per-document",
        type=int,
        default=0,
        help="code this many synthetic claims (and mentions) per document before exporting (default 0)",
    )
    args = parser.parse_args(argv)
    if args.articles < 1 or args.runs < 1:
        parser.error("--articles and --runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        work = Path(tmp)
        folder = work / "articles"
        started = time.perf_counter()
        files = write_articles(folder, args.articles, seed=args.seed, **SHARES)
        generated = time.perf_counter() - started
        size = sum(f.stat().st_size for f in files)

        # Load what both sides need once: modules, the format registry, the language model,
        # and every file into the page cache.
        all_formats()
        guess_language("De Verenigde Staten is van plan om met de landen samen te werken.")
        for path in files:
            path.read_bytes()

        base = median_time(
            args.runs,
            lambda run: work / f"baseline-{run}.db",
            lambda db: baseline_import(files, db),
        )
        reports: list[ImportReport] = []
        phases: dict[str, list[float]] = {"reading": [], "total": []}
        ours = median_time(
            args.runs,
            lambda run: work / f"claimdesk-{run}.claimdesk",
            lambda db: reports.append(claimdesk_import(folder, db, phases)),
        )
        reading = statistics.median(phases["reading"])
        writing = statistics.median(
            t - r for t, r in zip(phases["total"], phases["reading"], strict=True)
        )
        report = reports[-1]
        project_path = work / f"claimdesk-{args.runs - 1}.claimdesk"
        with Project.open(project_path, coder="bench") as project:
            problems = project.check()
            if args.claims_per_document:
                annotate_project(
                    project,
                    claims_per_document=args.claims_per_document,
                    mentions_per_document=args.claims_per_document,
                )
            counts = project.counts()

        base_export = median_time(
            args.runs,
            lambda run: work / f"baseline-export-{run}.jsonl",
            lambda out: baseline_export(project_path, out),
        )
        export_json = median_time(
            args.runs,
            lambda run: work / f"export-{run}.json",
            lambda out: claimdesk_export(project_path, out),
        )
        export_jsonl = median_time(
            args.runs,
            lambda run: work / f"export-{run}.jsonl",
            lambda out: claimdesk_export(project_path, out),
        )
        export_size = (work / "export-0.json").stat().st_size

    n = len(files)
    shares = ", ".join(f"{k.removesuffix('_share')} {v:.1%}" for k, v in SHARES.items())
    print(
        f"{n:,} articles, {size / 1e6:.1f} MB, generated in {generated:.1f} s "
        f"(seed {args.seed}; {shares})"
    )
    print(
        f"imported: {report.summary()}; encodings: "
        + ", ".join(f"{count} {name}" for name, count in sorted(report.encodings.items()))
    )
    print(
        f"project: {counts['documents']:,} documents, {counts['claims']:,} claims, "
        f"{counts['mentions']:,} mentions; check: {'ok' if not problems else problems[:3]}; "
        f"JSON export {export_size / 1e6:.1f} MB"
    )
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}; median of {args.runs} runs"
    )
    print()
    print(_row("figure", "value", "baseline", "ratio", "target"))
    print(_row("-" * 28, "-" * 12, "-" * 12, "-" * 8, "-" * 6))
    print(
        _row(
            "import (s)",
            f"{ours:.2f}",
            f"{base:.2f}",
            f"{ours / base:.2f}×",
            f"≤ {TARGET_IMPORT_RATIO:g}×",
        )
    )
    print(_row("import (articles/s)", f"{n / ours:,.0f}", f"{n / base:,.0f}", f"{base / ours:.2f}"))
    print(_row("  reading and parsing (s)", f"{reading:.2f}"))
    print(_row("  writing (s)", f"{writing:.2f}"))
    print(
        _row(
            "export JSON (s)",
            f"{export_json:.2f}",
            f"{base_export:.2f}",
            f"{export_json / base_export:.2f}×",
        )
    )
    print(
        _row(
            "export JSON Lines (s)",
            f"{export_jsonl:.2f}",
            f"{base_export:.2f}",
            f"{export_jsonl / base_export:.2f}×",
        )
    )
    print(
        _row(
            "export (documents/s)",
            f"{counts['documents'] / export_json:,.0f}",
            f"{counts['documents'] / base_export:,.0f}",
            f"{base_export / export_json:.2f}",
        )
    )
    verdict = "met" if ours / base <= TARGET_IMPORT_RATIO else "NOT met"
    print()
    print(f"import target (≤ {TARGET_IMPORT_RATIO:g}× the baseline): {verdict}")
    if args.claims_per_document:
        print("(the export baseline writes documents only, without claims or mentions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
