"""Intercoder agreement statistics, in pure Python: alpha, kappa, percent agreement, unitizing.

Everything here works on plain values, so it can be checked against published
examples and used from notebooks; :mod:`claimdesk.core.reliability` turns a
project's claims into the data these functions take.

**Krippendorff's alpha** (:func:`krippendorff_alpha`) follows the
coincidence-matrix computation of Krippendorff, K. (2011), *Computing
Krippendorff's Alpha-Reliability*, Annenberg School for Communication,
University of Pennsylvania: any number of coders, missing values allowed,
nominal, ordinal, interval and ratio difference functions. On the paper's
4 coders × 12 units example it gives nominal 0.743, ordinal 0.815, interval
0.849 and ratio 0.797, as the paper does (tests/test_agreement.py).

>>> data = [["a", "a"], ["b", "b"], ["a", "b"], ["b", "b"]]
>>> round(krippendorff_alpha(data), 3)
0.533

**Cohen's kappa** (:func:`cohen_kappa`): Cohen, J. (1960), A coefficient of
agreement for nominal scales, *Educational and Psychological Measurement*
20(1), 37–46; chance agreement from each coder's own marginal proportions.

**Unitizing** — do coders mark the same stretches of text? Two measures:

- :func:`match_spans` pairs one coder's spans with another's, one to one,
  when they overlap by at least :data:`MATCH_THRESHOLD` (intersection over
  union of the characters, 0.5 by default); pairs are taken greedily, largest
  overlap first. Matched spans are the units whose coding is compared.
- :func:`unitizing_alpha` is Krippendorff's binary unitizing alpha, written
  ``|uα``: the reliability of telling claims from the text between them
  (Krippendorff, Mathet, Bouvry & Widlöcher (2016), On the reliability of
  unitizing textual continua: further developments, *Quality & Quantity*
  50, 2347–2364, equations 1, 4 and 6; Krippendorff (2019), *Content
  Analysis*, 4th ed., section 12.6.4). Each coder's spans split every
  document into units and gaps; observed coincidences are the lengths of the
  intersections of two coders' segments, and expected ones exclude pairing a
  unit with itself (a unit of length ``l`` removes ``l²`` pairs, a gap only
  its ``l`` characters). Overlapping spans of one coder are joined into one
  unit first; documents are separate continua whose lengths add up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

#: Two spans match when their overlap (intersection over union) reaches this.
MATCH_THRESHOLD = 0.5

LEVELS = ("nominal", "ordinal", "interval", "ratio")

Span = tuple[int, int]


# ---------------------------------------------------------------------- Krippendorff's alpha


def coincidences(units: Iterable[Sequence[Hashable | None]]) -> dict[Hashable, Counter]:
    """The coincidence matrix ``o[c][k]`` of reliability data (one row of values per unit).

    ``None`` is a missing value; units with fewer than two values are not
    pairable and add nothing.
    """
    matrix: dict[Hashable, Counter] = {}
    for unit in units:
        counts = Counter(v for v in unit if v is not None)
        m = sum(counts.values())
        if m < 2:
            continue
        for c, n_c in counts.items():
            row = matrix.setdefault(c, Counter())
            for k, n_k in counts.items():
                pairs = n_c * (n_k - 1) if c == k else n_c * n_k
                if pairs:
                    row[k] += pairs / (m - 1)
    return matrix


def _distances(values: list[Any], totals: dict[Any, float], level: str) -> dict[tuple, float]:
    """The squared difference ``δ²(c, k)`` of every pair of values at a level of measurement."""
    if level == "nominal":
        return {(c, k): 0.0 if c == k else 1.0 for c in values for k in values}
    ordered = sorted(values)
    if level == "ordinal":
        # δ² = (Σ n_g for g from c to k, minus half of n_c and n_k)².
        position = {v: i for i, v in enumerate(ordered)}
        cumulative = [0.0]
        for v in ordered:
            cumulative.append(cumulative[-1] + totals[v])
        result = {}
        for c in ordered:
            for k in ordered:
                lo, hi = sorted((position[c], position[k]))
                between = cumulative[hi + 1] - cumulative[lo]
                result[c, k] = (between - (totals[c] + totals[k]) / 2) ** 2
        return result
    if level == "interval":
        return {(c, k): float(c - k) ** 2 for c in ordered for k in ordered}
    if level == "ratio":
        return {
            (c, k): 0.0 if c + k == 0 else ((c - k) / (c + k)) ** 2
            for c in ordered
            for k in ordered
        }
    raise ValueError(f"unknown level of measurement {level!r}; use one of {', '.join(LEVELS)}")


def krippendorff_alpha(
    units: Iterable[Sequence[Hashable | None]], level: str = "nominal"
) -> float | None:
    """Krippendorff's alpha of reliability data: one sequence of values per unit, ``None`` missing.

    Returns None when alpha is not defined: fewer than two pairable values,
    or no variation at all (every value the same), where observed and
    expected disagreement are both zero.

    :param units: e.g. ``[[1, 1, None], [2, 3, 2]]``: units × coders
    :param level: ``nominal``, ``ordinal``, ``interval`` or ``ratio``
        (the last three need numbers or, for ordinal, orderable values)
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}; use one of {', '.join(LEVELS)}")
    matrix = coincidences(units)
    totals = {c: sum(row.values()) for c, row in matrix.items()}
    n = sum(totals.values())
    if n < 2:
        return None
    values = list(totals)
    delta = _distances(values, totals, level)
    observed = sum(o * delta[c, k] for c, row in matrix.items() for k, o in row.items())
    expected = sum(totals[c] * totals[k] * delta[c, k] for c in values for k in values)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


# ---------------------------------------------------------------------- two coders


def percent_agreement(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """The share of pairs whose two values are equal (None for no pairs)."""
    if not pairs:
        return None
    return sum(1 for a, b in pairs if a == b) / len(pairs)


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two coders' values for the same units: ``(p_o − p_e) / (1 − p_e)``.

    ``p_e`` comes from each coder's own marginal proportions. Returns None
    for no pairs, or when both coders used one and the same value throughout
    (``p_e = 1``).

    >>> pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    >>> round(cohen_kappa(pairs), 3)
    0.4
    """
    if not pairs:
        return None
    n = len(pairs)
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    expected = sum(first[v] * second[v] for v in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


# ---------------------------------------------------------------------- unitizing


def overlap(a: Span, b: Span) -> float:
    """Intersection over union of two ``[start, end)`` spans (0 when they do not meet)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


def match_spans(
    first: Sequence[Span], second: Sequence[Span], threshold: float = MATCH_THRESHOLD
) -> list[tuple[int, int]]:
    """Pair spans of two coders one to one: ``[(index in first, index in second), ...]``.

    Candidate pairs overlap by at least ``threshold`` (:func:`overlap`); the
    largest overlaps are taken first, ties broken by position. Pairs come
    back in the order of ``first``.

    >>> match_spans([(0, 10), (20, 30)], [(21, 30), (2, 10), (40, 50)])
    [(0, 1), (1, 0)]
    """
    if not 0 < threshold <= 1:
        raise ValueError("the matching threshold lies in (0, 1]")
    candidates = []
    order = sorted(range(len(second)), key=lambda j: second[j])
    for i, a in enumerate(first):
        for j in order:
            b = second[j]
            if b[0] >= a[1]:
                break
            score = overlap(a, b)
            if score >= threshold:
                candidates.append((-score, a[0], b[0], i, j))
    candidates.sort()
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs = []
    for _score, _a, _b, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _segments(length: int, spans: Iterable[Span]) -> list[tuple[int, int, bool]]:
    """A coder's partition of ``[0, length)``: ``(start, end, is_unit)``, overlapping spans joined."""
    units: list[list[int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if units and start < units[-1][1]:
            units[-1][1] = max(units[-1][1], end)
        else:
            units.append([start, end])
    segments = []
    position = 0
    for start, end in units:
        if start > position:
            segments.append((position, start, False))
        segments.append((start, end, True))
        position = end
    if position < length:
        segments.append((position, length, False))
    return segments


def unitizing_alpha(continua: Iterable[tuple[int, Sequence[Sequence[Span]]]]) -> float | None:
    """Krippendorff's binary unitizing alpha ``|uα`` over one or more continua (documents).

    :param continua: ``(length, spans per coder)`` for each document, every
        coder present in each; a coder with no spans there marked none
    :returns: None when there is nothing to compare (fewer than two coders,
        or no text), or when no coder marked anything (or everything)

    >>> round(unitizing_alpha([(10, [[(2, 6)], [(3, 6)]])]), 4)
    0.8011
    """
    observed = Counter()  # (is_unit, is_unit) -> length / (m - 1)
    totals = Counter()  # is_unit -> length of that kind, over every coder
    self_pairs = 0.0  # Σ l² over units and Σ l over gaps, every coder
    coders = None
    for length, per_coder in continua:
        m = len(per_coder)
        if coders is None:
            coders = m
        elif m != coders:
            raise ValueError("every document needs the spans of the same number of coders")
        if m < 2 or length <= 0:
            continue
        partitions = [_segments(length, spans) for spans in per_coder]
        for segments in partitions:
            for start, end, unit in segments:
                size = end - start
                totals[unit] += size
                self_pairs += size * size if unit else size
        for i, mine in enumerate(partitions):
            for j, theirs in enumerate(partitions):
                if i == j:
                    continue
                a = b = 0
                while a < len(mine) and b < len(theirs):
                    s1, e1, u1 = mine[a]
                    s2, e2, u2 = theirs[b]
                    inter = min(e1, e2) - max(s1, s2)
                    if inter > 0:
                        observed[u1, u2] += inter / (m - 1)
                    if e1 <= e2:
                        a += 1
                    else:
                        b += 1
    total = totals[True] + totals[False]
    denominator = total * total - self_pairs
    if not total or denominator <= 0:
        return None
    expected = total * totals[True] * totals[False] / denominator
    if expected == 0:
        return None
    return 1.0 - observed[True, False] / expected
