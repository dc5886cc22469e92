"""How long merging two coders' copies and computing their agreement take.

    .venv/bin/python bench/bench_team.py [--documents 1000] [--claims 3]

A synthetic corpus is imported into a project and copied twice; each copy is
coded independently (``claimdesk.synthetic.annotate_project`` with another
seed, about ``--claims`` claims and 3 mentions per document). Then, timed
(median of 3 where it is repeatable):

- the merge preview (dry run) of the first copy, the merge itself, and merging
  the same copy again (everything already there: the cost of matching alone);
- the agreement report of the two coders over every document;
- the statistics alone on the same data (alpha, kappa, unitizing alpha).

Prints figures and ratios; nothing here asserts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimdesk.core.agreement import cohen_kappa, krippendorff_alpha, unitizing_alpha
from claimdesk.core.reliability import agreement_report
from claimdesk.core.store import Project
from claimdesk.formats.importing import import_paths
from claimdesk.formats.merging import merge_file
from claimdesk.synthetic import annotate_project, write_articles


def timed(job: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = job()
    return time.perf_counter() - start, result


def median_of(runs: int, job: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        seconds, result = timed(job)
        times.append(seconds)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimdesk-bench-team-"))
    try:
        write_articles(work / "articles", args.documents, seed=11)
        master = work / "master.claimdesk"
        with Project.create(master, coder="lead") as project:
            import_paths(project, [work / "articles"])
        for name, seed in (("anna", 1), ("ben", 2)):
            shutil.copyfile(master, work / f"{name}.claimdesk")
            with Project.open(work / f"{name}.claimdesk", coder=name) as copy:
                annotate_project(copy, seed=seed, claims_per_document=args.claims)
                for document in copy.document_ids():
                    copy.set_status(document, "done")
        with Project.open(work / "anna.claimdesk") as anna:
            claims = anna.counts()["claims"]
        print(f"{args.documents} documents; each copy: {claims} claims, 3 mentions a document")

        shutil.copyfile(master, work / "fresh.claimdesk")
        with Project.open(work / "fresh.claimdesk", coder="lead") as fresh:
            preview, report = median_of(
                3, lambda: merge_file(fresh, work / "anna.claimdesk", dry_run=True)
            )
        with Project.open(master, coder="lead") as project:
            merge, _ = timed(lambda: merge_file(project, work / "anna.claimdesk"))
            again, _ = median_of(3, lambda: merge_file(project, work / "anna.claimdesk"))
            merge_file(project, work / "ben.claimdesk")
            print(f"merge preview (dry run)      {preview * 1000:8.0f} ms   ({report.summary()})")
            print(
                f"merge                        {merge * 1000:8.0f} ms   "
                f"({merge / args.documents * 1e6:.0f} µs a document)"
            )
            print(
                f"merge again (nothing new)    {again * 1000:8.0f} ms   "
                f"(matching alone: {again / merge:.0%} of a merge)"
            )
            print(f"preview / merge              {preview / merge:8.2f}")

            seconds, result = median_of(
                3, lambda: agreement_report(project, coders=["anna", "ben"])
            )
            pair = result.pairs[0]
            print(
                f"agreement report             {seconds * 1000:8.0f} ms   "
                f"({pair.claims_a} and {pair.claims_b} claims, {pair.matched} matched, "
                f"{len(result.disagreements)} disagreements)"
            )

            texts = {d: project.document(d).text for d in project.document_ids()}
            by_coder = {
                name: [c for c in project.claims() if c.coder == project.coder_id(name)]
                for name in ("anna", "ben")
            }
            continua = [
                (
                    len(texts[d]),
                    [
                        [(c.start, c.end) for c in by_coder[n] if c.document == d]
                        for n in ("anna", "ben")
                    ],
                )
                for d in texts
            ]
            pairs = [(c.stance, c.stance) for c in by_coder["anna"]]
            stats, _ = median_of(
                3,
                lambda: (
                    unitizing_alpha(continua),
                    krippendorff_alpha([list(p) for p in pairs]),
                    cohen_kappa(pairs),
                ),
            )
            print(
                f"statistics alone             {stats * 1000:8.0f} ms   "
                f"({stats / seconds:.0%} of the report)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
