"""Agreement statistics against published worked examples, and the project's reliability report."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.cli import cli
from claimdesk.core import ClaimdeskError, Project
from claimdesk.core.agreement import (
    cohen_kappa,
    krippendorff_alpha,
    match_spans,
    overlap,
    percent_agreement,
    unitizing_alpha,
)
from claimdesk.core.reliability import agreement_report, default_coders

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# 4 observers (columns) × 12 units (rows), "." (None) where an observer gave no value.
KRIPPENDORFF_C = [
    [1, 1, None, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [None, 5, 5, 5],
    [None, None, 1, 1],
    [None, None, 3, None],
]
# The same paper, example A: binary data, two observers, ten units.
KRIPPENDORFF_A = list(zip("0100000010", "1110010000", strict=True))
# Example B: nominal data, two observers, twelve units.
KRIPPENDORFF_B = list(zip("aabbdcccedda", "babbbccceddd", strict=True))


@pytest.mark.parametrize(
    ("data", "level", "published"),
    [
        (KRIPPENDORFF_A, "nominal", 0.095),
        (KRIPPENDORFF_B, "nominal", 0.692),
        (KRIPPENDORFF_C, "nominal", 0.743),
        (KRIPPENDORFF_C, "ordinal", 0.815),
        (KRIPPENDORFF_C, "interval", 0.849),
        (KRIPPENDORFF_C, "ratio", 0.797),
    ],
)
def test_krippendorff_alpha_matches_the_published_examples(data, level, published) -> None:
    assert round(krippendorff_alpha(data, level), 3) == published


def test_krippendorff_alpha_ignores_the_order_of_coders_and_unpairable_units() -> None:
    shuffled = [list(reversed(unit)) for unit in KRIPPENDORFF_C] + [[None, 7, None, None]]
    assert krippendorff_alpha(shuffled) == pytest.approx(krippendorff_alpha(KRIPPENDORFF_C))


@pytest.mark.parametrize(
    "data",
    [
        [],
        [[1, None], [None, 2]],  # no unit with two values
        [["a", "a"], ["a", "a"]],  # no variation: alpha is not defined
    ],
)
def test_krippendorff_alpha_is_none_when_not_defined(data) -> None:
    assert krippendorff_alpha(data) is None


def test_krippendorff_alpha_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        krippendorff_alpha(KRIPPENDORFF_C, "circular")


def _table(cells: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    return [pair for pair, n in cells.items() for _ in range(n)]


@pytest.mark.parametrize(
    ("cells", "kappa", "agreement"),
    [
        # 50 proposals read by two readers: p_o = 35/50 = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5,
        # kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4 (the 2×2 example of the kappa literature).
        ({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}, 0.4, 0.7),
        # The same 60 % agreement, two different kappas: p_e = 0.6·0.7 + 0.4·0.3 = 0.54,
        # kappa = 0.06 / 0.46 = 0.1304; and p_e = 0.6·0.3 + 0.4·0.7 = 0.46, kappa = 0.14 / 0.54 = 0.2593.
        ({("yes", "yes"): 45, ("yes", "no"): 15, ("no", "yes"): 25, ("no", "no"): 15}, 0.1304, 0.6),
        ({("yes", "yes"): 25, ("yes", "no"): 35, ("no", "yes"): 5, ("no", "no"): 35}, 0.2593, 0.6),
    ],
)
def test_cohen_kappa_matches_the_worked_examples(cells, kappa, agreement) -> None:
    pairs = _table(cells)
    assert round(cohen_kappa(pairs), 4) == kappa
    assert percent_agreement(pairs) == pytest.approx(agreement)


def test_cohen_kappa_is_none_without_pairs_or_without_variation() -> None:
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a")] * 3) is None
    assert percent_agreement([]) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (0, 10), 1.0),
        ((0, 10), (5, 15), 5 / 15),
        ((0, 10), (10, 20), 0.0),
        ((2, 4), (0, 10), 0.2),
    ],
)
def test_overlap_is_intersection_over_union(a, b, expected) -> None:
    assert overlap(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("first", "second", "threshold", "pairs"),
    [
        ([(0, 10)], [(0, 10)], 0.5, [(0, 0)]),
        ([(0, 10)], [(0, 5)], 0.5, [(0, 0)]),  # overlap exactly 0.5 matches
        ([(0, 10)], [(0, 4)], 0.5, []),  # 0.4 does not
        ([(0, 10)], [(0, 4)], 0.4, [(0, 0)]),
        # One to one: the larger overlap wins, the other claim stays unmatched.
        ([(0, 10)], [(0, 8), (1, 10)], 0.5, [(0, 1)]),
        ([(0, 10), (20, 30)], [(21, 30), (2, 10), (40, 50)], 0.5, [(0, 1), (1, 0)]),
    ],
)
def test_match_spans_pairs_claims_one_to_one(first, second, threshold, pairs) -> None:
    assert match_spans(first, second, threshold) == pairs


def test_unitizing_alpha_of_a_small_example_worked_by_hand() -> None:
    # Continuum of 10 characters; coder 1 marks [2, 6), coder 2 marks [3, 6).
    # Observed: the only disagreement is character 2, unit vs gap, in both orders: o(u,∅) = 1.
    # Totals: gaps 6 + 7 = 13, units 4 + 3 = 7, l.. = 20; self-pairs: gaps 13, units 4² + 3² = 25.
    # Expected e(u,∅) = 20 · 13 · 7 / (20² − 38) = 1820 / 362, so |uα = 1 − 362/1820 = 0.8011.
    assert round(unitizing_alpha([(10, [[(2, 6)], [(3, 6)]])]), 4) == 0.8011


@pytest.mark.parametrize(
    ("continua", "expected"),
    [
        ([(20, [[(2, 6), (10, 15)], [(2, 6), (10, 15)]])], 1.0),
        ([(20, [[(2, 6), (4, 9)], [(2, 9)]])], 1.0),  # one coder's overlapping claims are one unit
        ([(20, [[], []])], None),  # nobody marked anything: nothing to tell apart
        ([(0, [[], []])], None),
    ],
)
def test_unitizing_alpha_edge_cases(continua, expected) -> None:
    assert unitizing_alpha(continua) == expected


def test_unitizing_alpha_needs_the_same_coders_in_every_document() -> None:
    with pytest.raises(ValueError, match="same number of coders"):
        unitizing_alpha([(10, [[], []]), (10, [[], [], []])])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=2, max_value=3).flatmap(
        lambda m: st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=2, max_size=30)
    )
)
def test_unitizing_alpha_with_one_character_units_equals_alpha_over_characters(marks) -> None:
    # When every unit is one character long, excluding a unit's l² self-pairs is excluding
    # each character's pairing with itself, so |uα is the nominal alpha of the characters.
    coders = len(marks[0])
    spans = [[(i, i + 1) for i, row in enumerate(marks) if row[c]] for c in range(coders)]
    expected = krippendorff_alpha([[int(v) for v in row] for row in marks])
    got = unitizing_alpha([(len(marks), spans)])
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


# ---------------------------------------------------------------------- a project's report


def _claim(project: Project, document: int, phrase: str, coder: str, **coding) -> int:
    text = project.document(document).text
    start = text.index(phrase)
    changes = project.add_claim(
        document=document, start=start, end=start + len(phrase), coder=coder, **coding
    )
    assert changes.id is not None
    return changes.id


@pytest.fixture
def two_coders(seeded_project: Project) -> Project:
    """anna and ben coded the first article: two claims both found, and one each alone."""
    project = seeded_project
    doc = project.document_ids()[0]
    trump = project.add_actor("Donald Trump", aliases=["Trump"]).id
    us = project.add_actor("Verenigde Staten", aliases=["VS"]).id
    stances = {s.label: s.id for s in project.codebook().stances}
    _claim(
        project,
        doc,
        "De Verenigde Staten is van plan",
        "anna",
        claimant=us,
        stance=stances["support"],
    )
    _claim(
        project,
        doc,
        "De Verenigde Staten is van plan om",
        "ben",
        claimant=us,
        stance=stances["oppose"],
    )
    _claim(
        project,
        doc,
        "Dat heeft president Donald Trump",
        "anna",
        claimant=trump,
        stance=stances["oppose"],
    )
    _claim(
        project,
        doc,
        "Dat heeft president Donald Trump",
        "ben",
        claimant=trump,
        stance=stances["oppose"],
    )
    _claim(project, doc, "gelijkgestemde", "anna")
    _claim(project, doc, "brief laten weten", "ben")
    return project


def test_agreement_report_matches_claims_and_compares_their_coding(two_coders: Project) -> None:
    report = agreement_report(two_coders, coders=["anna", "ben"])
    assert report.basis == "documents coded by two or more coders"
    assert report.claims == {"anna": 3, "ben": 3}
    pair = report.pairs[0]
    assert (pair.claims_a, pair.claims_b, pair.matched) == (3, 3, 2)
    rows = {(r.variable, r.level): r for r in pair.variables}
    # Claimant: (VS, VS) and (Trump, Trump): perfect agreement.
    assert rows["claimant", "nominal"].alpha == pytest.approx(1.0)
    assert rows["claimant", "nominal"].kappa == pytest.approx(1.0)
    # Stance: (support, oppose) and (oppose, oppose): half agree; kappa 0 (p_o = p_e = 0.5);
    # alpha = 1 − (4 − 1) · 2 / (2 · 3 · 1) = 0.
    stance = rows["stance", "nominal"]
    assert (stance.units, stance.percent) == (2, 0.5)
    assert stance.kappa == pytest.approx(0.0)
    assert stance.alpha == pytest.approx(0.0)
    # The stance scale (support 1, oppose −1): values (1, −1) and (−1, −1).
    assert rows["stance scale", "interval"].units == 2
    assert report.variables[0].alpha == rows["claimant", "nominal"].alpha
    text = two_coders.document(two_coders.document_ids()[0]).text
    spans = {
        name: [
            (c.start, c.end) for c in two_coders.claims() if c.coder == two_coders.coder_id(name)
        ]
        for name in ("anna", "ben")
    }
    assert pair.unitizing_alpha == pytest.approx(
        unitizing_alpha([(len(text), [spans["anna"], spans["ben"]])])
    )


def test_agreement_report_lists_disagreements_side_by_side(two_coders: Project) -> None:
    report = agreement_report(two_coders, coders=["anna", "ben"])
    found = {(d.variable, d.value_a, d.value_b, d.quote_a, d.quote_b) for d in report.disagreements}
    assert found == {
        (
            "stance",
            "support",
            "oppose",
            "De Verenigde Staten is van plan",
            "De Verenigde Staten is van plan om",
        ),
        ("claim", "", "", "gelijkgestemde", ""),
        ("claim", "", "", "", "brief laten weten"),
    }


def test_agreement_report_uses_the_reliability_sample_when_there_is_one(
    two_coders: Project,
) -> None:
    first = two_coders.document_ids()[0]
    two_coders.assign_documents(coders=["anna", "ben"], reliability=1, documents=[first], seed=1)
    report = agreement_report(two_coders, coders=["anna", "ben"])
    assert (report.basis, report.documents) == ("the reliability sample", [first])


def test_the_coders_compared_by_default_are_those_of_the_reliability_sample(
    two_coders: Project,
) -> None:
    doc = two_coders.document_ids()[0]
    _claim(two_coders, doc, "Dat heeft president Donald Trump in", "carla")
    assert default_coders(two_coders) == ["anna", "ben", "carla"]
    two_coders.assign_documents(coders=["anna", "ben"], reliability=1, documents=[doc], seed=1)
    assert default_coders(two_coders) == ["anna", "ben"]
    assert default_coders(two_coders, "all") == ["anna", "ben", "carla"]
    assert agreement_report(two_coders).coders == ["anna", "ben"]


def test_agreement_report_of_three_coders_joins_matches_into_units(two_coders: Project) -> None:
    doc = two_coders.document_ids()[0]
    trump = two_coders.find_actor("Trump").id
    _claim(two_coders, doc, "Dat heeft president Donald Trump in", "carla", claimant=trump)
    report = agreement_report(two_coders, coders=["anna", "ben", "carla"])
    assert [(p.coder_a, p.coder_b) for p in report.pairs] == [
        ("anna", "ben"),
        ("anna", "carla"),
        ("ben", "carla"),
    ]
    claimant = report.variables[0]
    # Units: the VS claim (anna, ben) and the Trump claim (anna, ben, carla).
    assert (claimant.variable, claimant.units) == ("claimant", 2)
    assert claimant.alpha == pytest.approx(1.0)
    assert report.unitizing_alpha is not None


@pytest.mark.parametrize(
    ("coders", "message"),
    [
        (["anna"], "at least two coders"),
        (["anna", "nobody"], "no coder called nobody"),
    ],
)
def test_agreement_report_refuses_what_it_cannot_compare(two_coders, coders, message) -> None:
    with pytest.raises(ClaimdeskError, match=message):
        agreement_report(two_coders, coders=coders)


def test_cli_agreement_table_csv_and_json(two_coders: Project) -> None:
    path = str(two_coders.path)
    two_coders.close()
    runner = CliRunner()
    table = runner.invoke(cli, ["agreement", path, "--coders", "anna,ben"])
    assert table.exit_code == 0, table.output
    assert "Unitizing: anna 3 claims, ben 3 claims, 2 matched" in table.output
    assert "3 disagreements" in table.output
    rows = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(
                    cli, ["agreement", path, "--coders", "anna,ben", "--format", "csv"]
                ).output
            )
        )
    )
    stance = next(r for r in rows if r["variable"] == "stance")
    assert stance == {
        "scope": "anna – ben",
        "variable": "stance",
        "level": "nominal",
        "units": "2",
        "alpha": "0.000",
        "kappa": "0.000",
        "agreement": "0.500",
    }
    data = json.loads(
        runner.invoke(cli, ["agreement", path, "--coders", "anna,ben", "--format", "json"]).output
    )
    assert data["coders"] == ["anna", "ben"]
    assert len(data["disagreements"]) == 3
    listed = runner.invoke(cli, ["agreement", path, "--coders", "anna,ben", "--disagreements"])
    assert "gelijkgestemde" in listed.output
    bad = runner.invoke(cli, ["agreement", path, "--coders", "anna"])
    assert bad.exit_code == 1
    assert bad.output.strip() == (
        "Error: study.claimdesk: agreement needs the work of at least two coders (chosen: anna)"
    )
