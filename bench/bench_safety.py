"""What safety costs: backups, the lock, the daily check on open, re-anchoring, many tiny files.

    .venv/bin/python bench/bench_safety.py [--articles 5000] [--claims-per-document 5] [--runs 3]

Builds a synthetic project (``claimdesk.synthetic``), then measures, median of
``--runs``:

- a backup (SQLite backup API, then opening and checking the copy), against a
  plain file copy of the closed project: the floor;
- opening the project for writing with its lock and the daily-backup check
  (a backup made today exists), against opening it read-only (no lock, no check);
- re-anchoring every claim and mention of a long article after a word changed
  near its start, against computing the difference of the two texts alone;
- importing ``--tiny`` files of a few words each (the hostile-input case of many tiny files).

Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def median(
    runs: int, work: Callable[[], object], setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def row(label: str, value: float, baseline: float | None = None, unit: str = "s") -> None:
    ratio = f"{value / baseline:6.1f}×" if baseline else ""
    base = f"{baseline:9.3f} {unit}" if baseline is not None else ""
    print(f"{label:<52}{value:9.3f} {unit}  {base:>12}  {ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--claims-per-document", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tiny", type=int, default=20_000)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="claimdesk-bench-safety-"))
    os.environ.setdefault("CLAIMDESK_CONFIG_DIR", str(scratch / "config"))
    os.environ.setdefault("CLAIMDESK_DATA_DIR", str(scratch / "data"))
    from claimdesk.core import Document, Project
    from claimdesk.core.anchoring import TextDiff, reanchor, selector_for
    from claimdesk.core.backups import list_backups, make_backup
    from claimdesk.formats.importing import import_paths
    from claimdesk.synthetic import annotate_project, write_articles

    write_articles(scratch / "articles", args.articles, seed=1)
    path = scratch / "bench.claimdesk"
    with Project.create(path) as project:
        import_paths(project, [scratch / "articles"])
        annotate_project(
            project,
            claims_per_document=args.claims_per_document,
            mentions_per_document=args.claims_per_document,
        )
        counts = project.counts()
    size = path.stat().st_size
    print(
        f"{counts['documents']:,} documents, {counts['claims']:,} claims, {counts['mentions']:,} "
        f"mentions, {size / 2**20:.1f} MB; median of {args.runs} runs\n"
    )
    print(f"{'figure':<52}{'value':>11}  {'baseline':>12}  ratio")

    copy = scratch / "copy.claimdesk"
    floor = median(args.runs, lambda: shutil.copyfile(path, copy))
    with Project.open(path) as project:
        backup_time = median(args.runs, lambda: make_backup(project))
    row("backup (copy, open, check) vs file copy", backup_time, floor)

    assert list_backups(path), "the daily or manual backups exist now"
    read_only = median(args.runs, lambda: Project.open(path, readonly=True).close())
    writable = median(args.runs, lambda: Project.open(path).close())
    row("open for writing (lock, daily check) vs read-only", writable, read_only)

    words = " ".join(f"woord{i % 97} zin{i % 13}." for i in range(8000))
    text = "\n\n".join(words[i : i + 700] for i in range(0, len(words), 700))
    spans = []
    step = max(1, len(text) // 1000)
    for start in range(0, len(text) - 40, step):
        spans.append(selector_for(text, start, start + 30))
    changed = text[:200] + "EEN NIEUW WOORD " + text[200:]
    diff_only = median(args.runs, lambda: TextDiff(text, changed))
    anchored = median(args.runs, lambda: reanchor(text, changed, spans))
    row(f"re-anchor {len(spans):,} spans in {len(text):,} characters vs diff", anchored, diff_only)
    with Project.create(scratch / "edit.claimdesk") as project:
        project.import_documents([Document(text=text, file="long.txt")])
        with project.write("Code"):
            for s in spans[:500]:
                project.add_claim(document=1, start=s.start, end=s.end)
        edit = median(1, lambda: project.edit_document_text(1, changed))
    row("Edit Text with 500 claims (store, undo log, index)", edit, anchored)

    tiny = scratch / "tiny"
    for i in range(args.tiny):
        sub = tiny / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:06d}.txt").write_text(f"Bericht {i}: kort.", encoding="utf-8")
    target = scratch / "tiny.claimdesk"

    def fresh() -> None:
        target.unlink(missing_ok=True)
        Project.create(target).close()

    def tiny_import() -> None:
        with Project.open(target) as project:
            import_paths(project, [tiny])

    tiny_time = median(1, tiny_import, fresh)
    row(f"import {args.tiny:,} tiny files", tiny_time)
    row("   per file", tiny_time / args.tiny * 1e6, unit="µs")
    shutil.rmtree(scratch)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
