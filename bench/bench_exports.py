"""How long each export format takes, against the native JSON Lines export of the same project.

    .venv/bin/python bench/bench_exports.py [--articles 2000] [--claims-per-document 5] [--runs 3]

Builds a synthetic project (``claimdesk.synthetic``: articles, actors, issues,
claims and mentions), then writes it in every export format. Prints, per
format, the median time of ``--runs`` runs, the file size, and the ratio to
the JSON Lines export (which streams the same records with no conversion, so
it is the floor any format built on those records can reach). Nothing here
asserts on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--claims-per-document", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="claimdesk-bench-exports-"))
    os.environ.setdefault("CLAIMDESK_CONFIG_DIR", str(scratch / "config"))
    os.environ.setdefault("CLAIMDESK_DATA_DIR", str(scratch / "data"))
    from claimdesk.core import Project
    from claimdesk.formats.exporting import EXPORT_FORMATS, ExportOptions, export
    from claimdesk.formats.importing import import_paths
    from claimdesk.synthetic import annotate_project, write_articles

    write_articles(scratch / "articles", args.articles, seed=1)
    project = Project.create(scratch / "bench.claimdesk")
    import_paths(project, [scratch / "articles"])
    annotate_project(
        project,
        claims_per_document=args.claims_per_document,
        mentions_per_document=args.claims_per_document,
    )
    counts = project.counts()
    print(
        f"{counts['documents']:,} documents, {counts['claims']:,} claims, "
        f"{counts['mentions']:,} mentions; median of {args.runs} runs"
    )
    choices = [ExportOptions(name) for name in EXPORT_FORMATS]
    choices += [ExportOptions("graphml", network="congruence")]
    results: list[tuple[str, float, int]] = []
    for options in choices:
        label = options.format + (f" ({options.network})" if options.format == "graphml" else "")
        out = scratch / f"out{EXPORT_FORMATS[options.format].extension}"
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            export(project, out, options)
            times.append(time.perf_counter() - began)
        results.append((label, statistics.median(times), out.stat().st_size))
    floor = next(t for label, t, _ in results if label == "jsonl")
    print(f"{'format':<22}{'seconds':>9}{'MB':>9}{'× jsonl':>9}")
    for label, seconds, size in results:
        print(f"{label:<22}{seconds:>9.2f}{size / 1e6:>9.1f}{seconds / floor:>9.1f}")
    project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
