"""The team commands of ``claimdesk``: assign, progress, merge, agreement.

They register themselves on the ``claimdesk`` command group when
:mod:`claimdesk.cli` is imported, and follow its rules: parse, call the
core or the formats, print; errors are one line on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from claimdesk.cli import (
    _PROJECT,
    _clip,
    _coder_option,
    _json_option,
    _open,
    _print_json,
    _table,
    cli,
)
from claimdesk.core.agreement import MATCH_THRESHOLD
from claimdesk.core.conflicts import RESOLUTION_NAMES, RESOLUTIONS
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.matching import MergeReport
from claimdesk.core.reliability import DOCUMENT_CHOICES, AgreementReport, Statistics


def _names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [n.strip() for n in text.split(",") if n.strip()]


def reliability_count(text: str, total: int) -> int:
    """How many documents ``--reliability`` asks for: a number, or a percentage of ``total``."""
    text = text.strip()
    try:
        if text.endswith("%"):
            share = float(text[:-1])
            if not 0 <= share <= 100:
                raise ValueError
            return min(total, max(1 if share > 0 else 0, round(total * share / 100)))
        count = int(text)
        if count < 0:
            raise ValueError
        return count
    except ValueError:
        raise ClaimdeskError(
            f"--reliability {text!r}: give a number of documents (5) or a share of them (20%)"
        ) from None


# ---------------------------------------------------------------------- assign, progress


@cli.command()
@_PROJECT
@click.option(
    "--coders", metavar="A,B,…", required=True, help="The coders to share the documents among."
)
@click.option(
    "--reliability",
    metavar="N|P%",
    default="0",
    show_default=True,
    help="The reliability sample every coder codes: a number of documents or a percentage.",
)
@click.option("--seed", type=int, help="Make the random draw repeatable.")
@_coder_option
def assign(
    project: Path, coders: str, reliability: str, seed: int | None, coder: str | None
) -> None:
    """Assign documents to coders: a reliability sample to all of them, the rest split.

    The sample is drawn at random; the other documents are dealt out in turn,
    so each coder gets about as many. Assigning again replaces the earlier
    assignment (and `claimdesk undo` takes it back).

    \b
    Example:
        claimdesk assign study.claimdesk --coders anna,ben --reliability 20% --seed 7
    """
    names = _names(coders) or []
    with _open(project, coder=coder) as opened:
        count = reliability_count(reliability, opened.document_count())
        opened.assign_documents(coders=names, reliability=count, seed=seed)
        progress = {p.coder: p for p in opened.coder_progress()}
        total = opened.document_count()
    click.echo(
        f"Assigned {total} documents to {', '.join(names)}: {count} in the reliability sample "
        f"(coded by all), {total - count} split between the coders."
    )
    _table(
        [
            [n, str(progress[n].assigned), str(progress[n].reliability)]
            for n in dict.fromkeys(names)
            if n in progress
        ],
        ["coder", "assigned", "reliability sample"],
    )


@cli.command()
@_PROJECT
@_json_option
def progress(project: Path, as_json: bool) -> None:
    """Show each coder's progress: assigned documents, done, in progress, to do, claims.

    \b
    Example:
        claimdesk progress study.claimdesk
    """
    with _open(project, readonly=True) as opened:
        rows = opened.coder_progress()
    if as_json:
        _print_json(
            [
                {
                    "coder": p.coder,
                    "assigned": p.assigned,
                    "reliability": p.reliability,
                    "done": p.done,
                    "in_progress": p.in_progress,
                    "to_do": p.to_do,
                    "reliability_done": p.reliability_done,
                    "claims": p.claims,
                    "done_total": p.done_total,
                }
                for p in rows
            ]
        )
        return
    if not rows:
        click.echo("No coder has coded or been assigned anything yet.")
        return
    _table(
        [
            [
                p.coder,
                str(p.assigned),
                f"{p.reliability_done}/{p.reliability}",
                str(p.done),
                str(p.in_progress),
                str(p.to_do),
                str(p.claims),
            ]
            for p in rows
        ],
        ["coder", "assigned", "reliability done", "done", "in progress", "to do", "claims"],
    )


# ---------------------------------------------------------------------- merge


def _print_merge(report: MergeReport, other: Path, project: Path) -> None:
    if report.dry_run:
        click.echo(
            f"Dry run, nothing written: merging {other.name} into {project.name} would find:"
        )
    else:
        click.echo(f"Merged {other.name} into {project.name}:")
    rows = [
        ["documents", str(report.documents_added), str(report.documents_matched)],
        ["actors", str(report.actors_added), str(report.actors_matched)],
        ["claims", str(report.claims_added), str(report.claims_present)],
        ["mentions", str(report.mentions_added), str(report.mentions_present)],
        ["statuses", str(report.statuses_added), f"{report.statuses_advanced} moved forward"],
    ]
    _table(rows, ["", "added", "already there"])
    if report.conflicts:
        click.echo(
            f"\n{len(report.conflicts)} conflicts (the same record edited differently in both):"
        )
        for conflict in report.conflicts:
            click.echo(f"  {conflict.describe()}")
        if report.dry_run:
            click.echo("Settle them with --prefer ours, theirs or both (ours is kept by default).")
    else:
        click.echo("\nNo conflicts.")


@cli.command()
@_PROJECT
@click.argument("other", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what the merge would add and its conflicts; write nothing.",
)
@click.option(
    "--prefer",
    type=click.Choice(RESOLUTIONS),
    default="ours",
    show_default=True,
    help="Settle a claim or mention edited differently in both: keep ours, take theirs, "
    "or keep both.",
)
@_coder_option
def merge(project: Path, other: Path, dry_run: bool, prefer: str, coder: str | None) -> None:
    """Merge another coder's project file (.claimdesk) or JSON export into PROJECT.

    Documents are matched by id or text, actors by id or name and alias, the
    codebook by id or label; what is new is added and what is there is kept.
    A claim or mention edited differently in both copies is a conflict: it is
    listed, and settled as --prefer says. The merge is one step that
    `claimdesk undo` takes back. Exit code 3 when some records could not be
    placed (listed on standard error).

    \b
    Example:
        claimdesk merge study.claimdesk anna.claimdesk --dry-run
        claimdesk merge study.claimdesk anna.claimdesk --prefer theirs
    """
    from claimdesk.formats.merging import merge_file

    with _open(project, coder=coder) as opened:
        report = merge_file(opened, other, prefer=prefer, dry_run=dry_run)
    _print_merge(report, other, project)
    for problem in report.problems:
        click.echo(f"not placed: {problem}", err=True)
    if report.problems:
        sys.exit(3)


# ---------------------------------------------------------------------- agreement


def _stat(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _statistics_table(rows: list[Statistics], *, pairwise: bool) -> None:
    header = ["variable", "level", "units", "alpha"]
    if pairwise:
        header += ["kappa", "agreement"]
    _table(
        [
            [r.variable, r.level, str(r.units), _stat(r.alpha)]
            + ([_stat(r.kappa), _percent(r.percent)] if pairwise else [])
            for r in rows
        ],
        header,
    )


def print_agreement(report: AgreementReport) -> None:
    """The report as tables for a terminal."""
    click.echo(
        f"{', '.join(report.coders)} on {len(report.documents)} documents ({report.basis}); "
        f"claims match at an overlap of {report.threshold:.2f} or more."
    )
    two = len(report.coders) == 2
    if two:
        pair = report.pairs[0]
        click.echo(
            f"\nUnitizing: {pair.coder_a} {pair.claims_a} claims, {pair.coder_b} {pair.claims_b} "
            f"claims, {pair.matched} matched; |uα = {_stat(pair.unitizing_alpha)}\n"
        )
        _statistics_table(pair.variables, pairwise=True)
    else:
        counts = ", ".join(f"{n} {c} claims" for n, c in report.claims.items())
        click.echo(
            f"\nUnitizing: {counts}; |uα = {_stat(report.unitizing_alpha)} "
            "(documents coded by all)\n"
        )
        click.echo("All coders:")
        _statistics_table(report.variables, pairwise=False)
        for pair in report.pairs:
            click.echo(
                f"\n{pair.coder_a} – {pair.coder_b}: {pair.documents} documents, "
                f"{pair.matched} matched claims, |uα = {_stat(pair.unitizing_alpha)}"
            )
            _statistics_table(pair.variables, pairwise=True)
    click.echo(
        f"\n{len(report.disagreements)} disagreements; list them with --disagreements."
        if report.disagreements
        else "\nNo disagreements."
    )


def disagreement_cell(variable: str, value: str, quote: str) -> str:
    """What one coder did: the quote of a claim (or none), or the value coded."""
    if variable in ("claim", "span"):
        return f"“{quote}”" if quote else "—"
    return value or "(empty)"


def print_disagreements(report: AgreementReport) -> None:
    if not report.disagreements:
        click.echo("No disagreements.")
        return
    _table(
        [
            [
                _clip(d.document, 30),
                str(d.start),
                d.variable,
                f"{d.coder_a}: {_clip(disagreement_cell(d.variable, d.value_a, d.quote_a), 36)}",
                f"{d.coder_b}: {_clip(disagreement_cell(d.variable, d.value_b, d.quote_b), 36)}",
            ]
            for d in report.disagreements
        ],
        ["document", "at", "what", "one coder", "the other"],
    )


@cli.command()
@_PROJECT
@click.option(
    "--coders",
    metavar="A,B,…",
    help="Compare these coders (default: those of the reliability sample, or all who coded).",
)
@click.option(
    "--documents",
    type=click.Choice(DOCUMENT_CHOICES),
    default="auto",
    show_default=True,
    help="The reliability sample, all documents coded by two or more coders, or auto: "
    "the sample when there is one.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=MATCH_THRESHOLD,
    show_default=True,
    help="How much two claims must overlap (intersection over union) to be the same claim.",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Tables for reading, CSV or JSON for further analysis.",
)
@click.option(
    "--disagreements", is_flag=True, help="List the disagreements instead of the statistics."
)
def agreement(
    project: Path,
    coders: str | None,
    documents: str,
    threshold: float,
    format_name: str,
    disagreements: bool,
) -> None:
    """Intercoder agreement: unitizing, then Krippendorff's alpha, Cohen's kappa and % agreement.

    Claims of two coders are the same claim when they overlap enough; how
    well coders agree on what is a claim is Krippendorff's unitizing alpha
    (|uα). For matched claims each variable (claimant, stance, target,
    addressee, tags, the stance scale, codebook variables) gets alpha and,
    per pair of coders, kappa and percent agreement. docs/teams.md explains
    the measures.

    \b
    Example:
        claimdesk agreement study.claimdesk --coders anna,ben
        claimdesk agreement study.claimdesk --format csv > agreement.csv
        claimdesk agreement study.claimdesk --disagreements --format csv
    """
    from claimdesk.core.reliability import agreement_report

    with _open(project, readonly=True) as opened:
        report = agreement_report(
            opened, coders=_names(coders), documents=documents, threshold=threshold
        )
    if format_name == "json":
        data = report.to_json()
        _print_json(data["disagreements"] if disagreements else data)
    elif format_name == "csv":
        click.echo(report.disagreements_csv() if disagreements else report.to_csv(), nl=False)
    elif disagreements:
        print_disagreements(report)
    else:
        print_agreement(report)


__all__ = ["RESOLUTION_NAMES", "agreement", "assign", "merge", "progress", "reliability_count"]
