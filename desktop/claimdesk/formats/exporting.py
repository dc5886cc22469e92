"""Running an export: one entry point for the command line and the Export dialog.

>>> result = export(project, "claims.csv", ExportOptions("csv", table="claims"))
>>> result.summary()
'Exported 14 documents, 17 claims, 11 mentions to claims.csv'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from claimdesk.core.errors import FormatError
from claimdesk.formats._output import Progress
from claimdesk.formats.networks import NETWORKS, QUALIFIERS
from claimdesk.formats.scope import Scope, document_ids
from claimdesk.formats.tables import TABLES


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    label: str
    extension: str
    #: What the format carries, for the dialog.
    about: str


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "json", "Claimdesk JSON", ".json", "Everything, lossless: import it back or share it."
        ),
        ExportFormat(
            "jsonl", "Claimdesk JSON Lines", ".jsonl", "The same, one document per line."
        ),
        ExportFormat(
            "csv", "CSV table", ".csv", "One table (claims, mentions, actors or documents) for R, Stata, pandas."
        ),
        ExportFormat(
            "xlsx", "Excel workbook", ".xlsx", "The four tables, one sheet each."
        ),
        ExportFormat(
            "webanno", "W3C Web Annotation", ".jsonld", "JSON-LD annotations, one per claim and mention."
        ),
        ExportFormat(
            "qdpx", "REFI-QDA project", ".qdpx", "For NVivo, ATLAS.ti, MAXQDA and QualCoder."
        ),
        ExportFormat(
            "graphml", "Network (GraphML)", ".graphml", "Actor × issue, congruence or conflict network for Gephi."
        ),
        ExportFormat(
            "edges", "Network edge list (CSV)", ".csv", "The same networks as source, target, weight rows."
        ),
        ExportFormat(
            "html", "Annotated-article report", ".html", "Articles with highlights and claims, one HTML file."
        ),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to write; the options apply to the formats named in their comments.

    :param format: a key of :data:`EXPORT_FORMATS`
    """

    format: str = "json"
    table: str = "claims"  # csv
    excel: bool = False  # csv
    delimiter: str | None = None  # csv
    locale_name: str | None = None  # csv with excel
    network: str = "twomode"  # graphml, edges
    qualifier: str = "ignore"  # graphml, edges with twomode

    def check(self) -> None:
        if self.format not in EXPORT_FORMATS:
            raise FormatError(
                f"unknown export format {self.format!r} (formats: {', '.join(EXPORT_FORMATS)})"
            )
        if self.table not in TABLES:
            raise FormatError(f"unknown table {self.table!r} (tables: {', '.join(TABLES)})")
        if self.network not in NETWORKS:
            raise FormatError(f"unknown network {self.network!r} (networks: {', '.join(NETWORKS)})")
        if self.qualifier not in QUALIFIERS:
            raise FormatError(
                f"unknown qualifier {self.qualifier!r} (choices: {', '.join(QUALIFIERS)})"
            )


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote, whatever the format."""

    format: str
    path: str
    documents: int
    claims: int
    mentions: int
    nodes: int | None = None
    edges: int | None = None
    network: str = ""

    def summary(self) -> str:
        if self.nodes is not None:
            return (
                f"Exported a {self.network} network of {self.nodes} nodes and {self.edges} edges "
                f"({self.claims} claims in {self.documents} documents) to {self.path}"
            )
        return (
            f"Exported {self.documents} documents, {self.claims} claims, "
            f"{self.mentions} mentions to {self.path}"
        )


def export(
    project: Any,
    destination: str | os.PathLike[str],
    options: ExportOptions,
    *,
    scope: Scope | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write ``destination`` in ``options.format`` for the documents, coder and dates of ``scope``.

    Only JSON and JSON Lines can go to standard output (``-``).

    :raises FormatError: an unknown option, a bad scope, or a file that cannot be written
    :raises Cancelled: ``cancel()`` returned True; no file was written
    """
    options.check()
    scope = scope or Scope()
    name = options.format
    if str(destination) == "-" and name not in ("json", "jsonl"):
        raise FormatError("only json and jsonl exports can be written to standard output ('-')")
    kwargs: dict[str, Any] = {"scope": scope, "progress": progress, "cancel": cancel}
    if name in ("json", "jsonl"):
        from claimdesk.formats.corpus_json import export_corpus

        total = (
            project.document_count() if scope.is_everything else len(document_ids(project, scope))
        )
        result = export_corpus(
            project,
            destination,
            lines=name == "jsonl",
            scope=None if scope.is_everything else scope,
            progress=(lambda n: progress(n, total)) if progress else None,
            cancel=cancel,
        )
        return ExportResult(
            name, str(destination), result.documents, result.claims, result.mentions
        )
    if name == "csv":
        from claimdesk.formats.tables import export_csv

        written = export_csv(
            project,
            destination,
            table=options.table,
            excel=options.excel,
            delimiter=options.delimiter,
            locale_name=options.locale_name,
            **kwargs,
        )
    elif name == "xlsx":
        from claimdesk.formats.tables import export_xlsx

        written = export_xlsx(project, destination, **kwargs)
    elif name == "webanno":
        from claimdesk.formats.web_annotation import export_web_annotation

        written = export_web_annotation(project, destination, **kwargs)
    elif name == "qdpx":
        from claimdesk.formats.refi_qda import export_qdpx

        written = export_qdpx(project, destination, **kwargs)
    elif name == "html":
        from claimdesk.formats.report_html import export_report

        written = export_report(project, destination, **kwargs)
    else:
        from claimdesk.formats.networks import export_edges, export_graphml

        write = export_graphml if name == "graphml" else export_edges
        net = write(
            project, destination, network=options.network, qualifier=options.qualifier, **kwargs
        )
        return ExportResult(
            name, net.path, net.documents, net.claims, 0, net.nodes, net.edges, options.network
        )
    return ExportResult(name, written.path, written.documents, written.claims, written.mentions)
