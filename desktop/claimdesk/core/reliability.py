"""The intercoder reliability report of a project: unitizing, then the coding of matched claims.

Which documents: by default the reliability sample (the documents assigned
to every coder, :mod:`claimdesk.core.store._assignments`) if the project has
one, otherwise every document coded by two or more of the coders compared. A
coder *coded* a document when they marked it done or made a claim in it.

Unitizing: in each such document the claims of two coders are matched one
to one by overlap (:func:`claimdesk.core.agreement.match_spans`, threshold
:data:`~claimdesk.core.agreement.MATCH_THRESHOLD`), and Krippendorff's binary
unitizing alpha tells how well the coders agree on what is a claim at all.

Coding: for matched claims, each variable is compared: claimant, stance,
target, addressee and tags (nominal), the stance scale where stances have
numbers (ordinal and interval), and the codebook's claim variables (nominal,
numbers interval). An empty field is a value of its own for nominal
variables ("no claimant" is a decision) and missing for the scale. Per
variable: Krippendorff's alpha over all coders; per coder pair: alpha,
Cohen's kappa (nominal) and percent agreement. Every difference is listed,
side by side, for the coders to discuss.

>>> report = agreement_report(project, coders=["anna", "ben"])
>>> print(report.to_csv())  # doctest: +ELLIPSIS
scope,variable,level,units,alpha,kappa,agreement
anna – ben,unitizing,binary,...
anna – ben,claimant,nominal,...
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from claimdesk.core import agreement
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.model import Claim, Codebook
from claimdesk.core.store import Project

#: Stands for an empty field in nominal comparisons.
NONE = "(none)"
DOCUMENT_CHOICES = ("auto", "reliability", "all")


@dataclass(frozen=True)
class VariableSpec:
    """A claim variable to compare: how to read its value and show it."""

    name: str
    level: str
    value: Callable[[Claim], Hashable | None]
    label: Callable[[Hashable | None], str]


@dataclass
class Statistics:
    """Agreement on one variable, among all coders (``scope`` "all") or one pair."""

    scope: str
    variable: str
    level: str
    #: Matched claims with a value from at least two coders (the units alpha uses).
    units: int
    alpha: float | None
    kappa: float | None = None
    percent: float | None = None


@dataclass
class PairReport:
    coder_a: str
    coder_b: str
    documents: int
    claims_a: int
    claims_b: int
    matched: int
    unitizing_alpha: float | None
    variables: list[Statistics] = field(default_factory=list)


@dataclass
class Disagreement:
    """Two coders' versions side by side: a claim only one found, or a value they coded differently."""

    document_id: int
    document: str
    coder_a: str
    coder_b: str
    #: ``claim`` (only one coder marked it), ``span`` (both, but overlapping too little) or a variable.
    variable: str
    quote_a: str
    quote_b: str
    value_a: str
    value_b: str
    start: int
    claim_a: int | None = None
    claim_b: int | None = None


@dataclass
class AgreementReport:
    coders: list[str]
    documents: list[int]
    #: In words: which documents were compared.
    basis: str
    threshold: float
    claims: dict[str, int]
    unitizing_alpha: float | None
    variables: list[Statistics]
    pairs: list[PairReport]
    disagreements: list[Disagreement]

    def statistics(self) -> list[Statistics]:
        """Every row: all coders first, then each pair."""
        rows = list(self.variables)
        for pair in self.pairs:
            rows.extend(pair.variables)
        return rows

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def to_csv(self) -> str:
        """The statistics as CSV: one row per variable and scope (all coders, or a pair)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["scope", "variable", "level", "units", "alpha", "kappa", "agreement"])
        for pair in self.pairs:
            writer.writerow(
                [
                    pair_scope(pair.coder_a, pair.coder_b),
                    "unitizing",
                    "binary",
                    pair.matched,
                    _num(pair.unitizing_alpha),
                    "",
                    "",
                ]
            )
        if len(self.coders) > 2:
            writer.writerow(["all", "unitizing", "binary", "", _num(self.unitizing_alpha), "", ""])
        for row in self.statistics():
            if row.scope == "all" and len(self.coders) == 2:
                continue
            writer.writerow(
                [
                    row.scope,
                    row.variable,
                    row.level,
                    row.units,
                    _num(row.alpha),
                    _num(row.kappa),
                    _num(row.percent),
                ]
            )
        return out.getvalue()

    def disagreements_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "document",
                "start",
                "coder_a",
                "coder_b",
                "variable",
                "value_a",
                "value_b",
                "quote_a",
                "quote_b",
            ]
        )
        for d in self.disagreements:
            writer.writerow(
                [
                    d.document,
                    d.start,
                    d.coder_a,
                    d.coder_b,
                    d.variable,
                    d.value_a,
                    d.value_b,
                    d.quote_a,
                    d.quote_b,
                ]
            )
        return out.getvalue()


def pair_scope(a: str, b: str) -> str:
    return f"{a} – {b}"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


# ---------------------------------------------------------------------- the variables


def claim_variables(project: Project, codebook: Codebook | None = None) -> list[VariableSpec]:
    """The variables compared for matched claims, in the order the report lists them."""
    book = codebook or project.codebook()
    actors: dict[int, str] = {}

    def actor_name(actor_id: Any) -> str:
        if actor_id is None or actor_id == NONE:
            return ""
        if actor_id not in actors:
            try:
                actors[actor_id] = project.actor(actor_id).name
            except ClaimdeskError:
                actors[actor_id] = f"#{actor_id}"
        return actors[actor_id]

    stances = {s.id: s for s in book.stances}
    issues = {i.id: i.label for i in book.issues}
    tags = {t.uuid: t.label for t in book.tags}

    def nominal(value: Any) -> Hashable:
        return NONE if value in (None, "", ()) else value

    def target(claim: Claim) -> Hashable:
        if claim.target_issue is not None:
            return ("issue", claim.target_issue)
        if claim.target_actor is not None:
            return ("actor", claim.target_actor)
        return NONE

    def target_label(value: Any) -> str:
        if value == NONE or value is None:
            return ""
        kind, ref = value
        return issues.get(ref, f"#{ref}") if kind == "issue" else "actor: " + actor_name(ref)

    def stance_label(value: Any) -> str:
        stance = stances.get(value)
        return stance.label if stance else ""

    def plain(value: Any) -> str:
        return "" if value in (None, NONE) else str(value)

    specs = [
        VariableSpec("claimant", "nominal", lambda c: nominal(c.claimant), actor_name),
        VariableSpec("stance", "nominal", lambda c: nominal(c.stance), stance_label),
    ]
    numeric = [s for s in book.stances if s.value is not None]
    if len({s.value for s in numeric}) >= 2:

        def scale(claim: Claim) -> float | None:
            stance = stances.get(claim.stance)
            return None if stance is None or stance.value is None else float(stance.value)

        specs += [
            VariableSpec("stance scale", "ordinal", scale, plain),
            VariableSpec("stance scale", "interval", scale, plain),
        ]
    specs += [
        VariableSpec("target", "nominal", target, target_label),
        VariableSpec("addressee", "nominal", lambda c: nominal(c.addressee), actor_name),
        VariableSpec(
            "tags",
            "nominal",
            lambda c: nominal(tuple(sorted(c.tags))),
            lambda v: "" if v == NONE else ", ".join(sorted(tags.get(t, t) for t in v)),
        ),
    ]
    for variable in book.variables:
        if variable.applies_to != "claim":
            continue
        key = variable.uuid
        if variable.kind == "number":

            def number(claim: Claim, key: str = key) -> float | None:
                try:
                    return float(claim.variables[key])
                except (KeyError, TypeError, ValueError):
                    return None

            specs.append(VariableSpec(variable.name, "interval", number, plain))
        else:

            def category(claim: Claim, key: str = key) -> Hashable:
                value = claim.variables.get(key)
                if isinstance(value, str):
                    value = " ".join(value.split())
                return nominal(value if not isinstance(value, list | dict) else str(value))

            label = actor_name if variable.kind == "actor" else plain
            specs.append(VariableSpec(variable.name, "nominal", category, label))
    return specs


# ---------------------------------------------------------------------- the report


def _choose_documents(
    project: Project, coder_ids: dict[str, int], documents: str, coded: dict[int, set[int]]
) -> tuple[list[int], str]:
    if documents not in DOCUMENT_CHOICES:
        raise ClaimdeskError(
            f"unknown choice of documents {documents!r}; use {', '.join(DOCUMENT_CHOICES)}"
        )
    by_two = {
        d
        for a, b in itertools.combinations(coder_ids.values(), 2)
        for d in coded.get(a, set()) & coded.get(b, set())
    }
    sample = set(project.reliability_sample())
    if documents == "reliability" or (documents == "auto" and sample):
        if not sample:
            raise ClaimdeskError(
                "the project has no reliability sample; assign one first (Tools → Assign "
                "Documents, or claimdesk assign)"
            )
        return sorted(sample & by_two), "the reliability sample"
    return sorted(by_two), "documents coded by two or more coders"


def default_coders(project: Project, documents: str = "auto") -> list[str]:
    """The coders compared unless named: those the reliability sample is assigned to (who
    coded something), or, without a sample, every coder who coded a document."""
    coded = project.coded_documents()
    ids = {c.name: c.id for c in project.coders() if c.id is not None and coded.get(c.id)}
    if documents != "all":
        assigned = {
            name
            for coders in project.assignments().values()
            for name, sample in coders.items()
            if sample
        }
        if assigned:
            return [n for n in ids if n in assigned]
    return list(ids)


def agreement_report(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    documents: str = "auto",
    threshold: float = agreement.MATCH_THRESHOLD,
) -> AgreementReport:
    """Compare coders: unitizing, then the coding of matched claims, with every disagreement.

    :param coders: whose work to compare (default: :func:`default_coders`)
    :param documents: ``reliability`` (the reliability sample), ``all``
        (every document coded by two or more coders), or ``auto``: the sample
        when there is one
    :param threshold: how much two claims must overlap to be the same claim
    :raises ClaimdeskError: fewer than two coders, or an unknown coder
    """
    known = {c.name: c.id for c in project.coders() if c.id is not None}
    coded = project.coded_documents()
    if coders is None:
        names = default_coders(project, documents)
    else:
        names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
        missing = [n for n in names if n not in known]
        if missing:
            raise ClaimdeskError(
                f"no coder called {', '.join(missing)} in {project.path.name} "
                f"(coders: {', '.join(known) or 'none'})"
            )
    if len(names) < 2:
        raise ClaimdeskError(
            f"{project.path.name}: agreement needs the work of at least two coders "
            f"(chosen: {', '.join(names) or 'none'})"
        )
    coder_ids = {n: known[n] for n in names}
    doc_ids, basis = _choose_documents(project, coder_ids, documents, coded)
    summaries = {s.id: s for s in project.document_summaries(doc_ids)}
    selected = set(doc_ids)
    claims: dict[tuple[int, str], list[Claim]] = {}
    by_id = {i: n for n, i in coder_ids.items()}
    for claim in project.claims():
        name = by_id.get(claim.coder)  # type: ignore[arg-type]
        if name is not None and claim.document in selected:
            claims.setdefault((claim.document, name), []).append(claim)
    specs = claim_variables(project)
    coded_by = {n: coded.get(i, set()) & selected for n, i in coder_ids.items()}

    pairs: list[PairReport] = []
    disagreements: list[Disagreement] = []
    links: list[tuple[int, int]] = []
    for a, b in itertools.combinations(names, 2):
        both = sorted(coded_by[a] & coded_by[b])
        pair = PairReport(a, b, len(both), 0, 0, 0, None)
        matched: list[tuple[Claim, Claim]] = []
        continua = []
        for doc in both:
            mine = claims.get((doc, a), [])
            theirs = claims.get((doc, b), [])
            pair.claims_a += len(mine)
            pair.claims_b += len(theirs)
            spans_a = [(c.start, c.end) for c in mine]
            spans_b = [(c.start, c.end) for c in theirs]
            continua.append((summaries[doc].characters, [spans_a, spans_b]))
            found = agreement.match_spans(spans_a, spans_b, threshold)
            matched += [(mine[i], theirs[j]) for i, j in found]
            disagreements += _unmatched(
                summaries[doc].title or summaries[doc].file, a, b, mine, theirs, found
            )
        pair.matched = len(matched)
        pair.unitizing_alpha = agreement.unitizing_alpha(continua)
        links += [(x.id or 0, y.id or 0) for x, y in matched]
        scope = pair_scope(a, b)
        for spec in specs:
            values = [(spec.value(x), spec.value(y)) for x, y in matched]
            usable = [(u, v) for u, v in values if u is not None and v is not None]
            pair.variables.append(
                Statistics(
                    scope,
                    spec.name,
                    spec.level,
                    len(usable),
                    agreement.krippendorff_alpha(values, spec.level),
                    agreement.cohen_kappa(usable) if spec.level == "nominal" else None,
                    agreement.percent_agreement(usable),
                )
            )
        for x, y in matched:
            title = summaries[x.document].title or summaries[x.document].file
            for spec in specs:
                if spec.name == "stance scale":
                    continue  # the stance row lists the different stance already
                u, v = spec.value(x), spec.value(y)
                if u != v:
                    disagreements.append(
                        Disagreement(
                            x.document,
                            title,
                            a,
                            b,
                            spec.name,
                            x.quote,
                            y.quote,
                            spec.label(u),
                            spec.label(v),
                            x.start,
                            x.id,
                            y.id,
                        )
                    )
        pairs.append(pair)

    all_claims = {c.id: (n, c) for (_, n), cs in claims.items() for c in cs}
    groups = _groups(links, all_claims)
    variables = []
    for spec in specs:
        units = [[spec.value(g[n]) if n in g else None for n in names] for g in groups]
        pairable = sum(1 for u in units if sum(v is not None for v in u) >= 2)
        variables.append(
            Statistics(
                "all",
                spec.name,
                spec.level,
                pairable,
                agreement.krippendorff_alpha(units, spec.level),
            )
        )
    if len(names) == 2 and pairs:
        for overall, own in zip(variables, pairs[0].variables, strict=True):
            overall.kappa, overall.percent = own.kappa, own.percent
    by_all = set.intersection(*(coded_by[n] for n in names)) if names else set()
    overall_unitizing = agreement.unitizing_alpha(
        (
            summaries[d].characters,
            [[(c.start, c.end) for c in claims.get((d, n), [])] for n in names],
        )
        for d in sorted(by_all)
    )
    disagreements.sort(key=lambda d: (d.document_id, d.start, d.coder_a, d.coder_b, d.variable))
    return AgreementReport(
        coders=names,
        documents=doc_ids,
        basis=basis,
        threshold=threshold,
        claims={n: sum(len(cs) for (_, m), cs in claims.items() if m == n) for n in names},
        unitizing_alpha=overall_unitizing,
        variables=variables,
        pairs=pairs,
        disagreements=disagreements,
    )


def _unmatched(
    title: str,
    a: str,
    b: str,
    mine: list[Claim],
    theirs: list[Claim],
    found: list[tuple[int, int]],
) -> list[Disagreement]:
    """Claims one coder marked and the other did not (or overlapping too little), side by side."""
    rows = []
    left = [c for i, c in enumerate(mine) if i not in {i for i, _ in found}]
    right = [c for j, c in enumerate(theirs) if j not in {j for _, j in found}]
    paired: set[int] = set()
    for x in left:
        best = max(
            right, key=lambda y: agreement.overlap((x.start, x.end), (y.start, y.end)), default=None
        )
        if best is not None and agreement.overlap((x.start, x.end), (best.start, best.end)) > 0:
            paired.add(best.id or 0)
            rows.append(
                Disagreement(
                    x.document,
                    title,
                    a,
                    b,
                    "span",
                    x.quote,
                    best.quote,
                    f"[{x.start}, {x.end})",
                    f"[{best.start}, {best.end})",
                    min(x.start, best.start),
                    x.id,
                    best.id,
                )
            )
        else:
            rows.append(
                Disagreement(
                    x.document, title, a, b, "claim", x.quote, "", "", "", x.start, x.id, None
                )
            )
    for y in right:
        if (y.id or 0) not in paired:
            rows.append(
                Disagreement(
                    y.document, title, a, b, "claim", "", y.quote, "", "", y.start, None, y.id
                )
            )
    return rows


def _groups(
    links: list[tuple[int, int]], claims: dict[int | None, tuple[str, Claim]]
) -> list[dict[str, Claim]]:
    """Claims matched across coders, joined into units: ``{coder: claim}``, one claim per coder."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in links:
        parent[find(x)] = find(y)
    members: dict[int, list[int]] = {}
    for claim_id in parent:
        members.setdefault(find(claim_id), []).append(claim_id)
    groups = []
    for ids in members.values():
        unit: dict[str, Claim] = {}
        extra: list[Claim] = []
        for claim_id in sorted(ids, key=lambda i: claims[i][1].start):
            name, claim = claims[claim_id]
            if name in unit:
                extra.append(claim)  # a chain brought in a second claim of one coder
            else:
                unit[name] = claim
        groups.append(unit)
        groups.extend({claims[c.id][0]: c} for c in extra)
    return groups
