"""Text selectors, and placing spans again after a document's text changed.

Every claim and mention is stored with its offsets, its exact quote and 32
characters of text before and after it (the W3C Web Annotation
``TextPositionSelector`` and ``TextQuoteSelector``). When a document's text
changes (edited, or re-imported with new text) each span is placed in the
new text by the first of these that works:

1. ``diff``: its offsets are mapped through the differences between the old
   and the new text (:class:`TextDiff`, from :mod:`difflib` opcodes); kept
   when the new text between the mapped offsets is still the quote;
2. ``quote``: its exact quote is searched, preferring the occurrence whose
   surroundings match the stored prefix and suffix and that lies nearest to
   where the span was;
3. ``fuzzy``: the passage near the old place most like the quote, accepted
   when at least :data:`FUZZY_THRESHOLD` alike (small edits inside the quote:
   a typo fixed, a word changed); the quote becomes the text found there.

A span none of these places is an ``orphan``: the caller keeps it, with its
old quote, for the coder to re-attach or delete. Nothing here touches the
store; no Qt.

>>> old = "De VS wil dat bondgenoten Huawei weren."
>>> new = "Volgens Trump wil de VS dat bondgenoten Huawei weren."
>>> [p.method for p in reanchor(old, new, [Selector(14, 32, "bondgenoten Huawei")])]
['diff']
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from claimdesk.core.text import CONTEXT_CHARS, trim_span

#: How alike (difflib ratio) a passage must be to a quote to carry the span over.
FUZZY_THRESHOLD = 0.8
#: Quotes shorter than this are only placed exactly: a short quote is too easily found by chance.
MIN_FUZZY_CHARS = 8
#: An occurrence of the quote this close to the old place is taken even if its context differs.
NEAR = 1000
#: Changed passages longer than this are compared line by line, not character by character.
_CHAR_DIFF_LIMIT = 3000

METHODS = ("unchanged", "diff", "quote", "fuzzy", "orphan")


@dataclass(frozen=True, slots=True)
class Selector:
    """What is known about a span of the old text."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a span lands in the new text, and how it was found (``METHODS``)."""

    method: str
    start: int = -1
    end: int = -1
    quote: str = ""

    @property
    def placed(self) -> bool:
        return self.method != "orphan"


ORPHAN = Placement("orphan")


# ---------------------------------------------------------------------- the difference


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:  # binary search on slices: fast for long equal stretches
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


Opcode = tuple[str, int, int, int, int]


def _char_opcodes(a: str, b: str, i0: int, j0: int) -> list[Opcode]:
    if len(a) > _CHAR_DIFF_LIMIT or len(b) > _CHAR_DIFF_LIMIT:
        return [("replace", i0, i0 + len(a), j0, j0 + len(b))]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(t, i0 + i1, i0 + i2, j0 + j1, j0 + j2) for t, i1, i2, j1, j2 in matcher.get_opcodes()]


def _middle_opcodes(a: str, b: str, i0: int, j0: int) -> list[Opcode]:
    """Opcodes of ``a`` → ``b``: lines first, then characters within changed lines."""
    if len(a) <= _CHAR_DIFF_LIMIT and len(b) <= _CHAR_DIFF_LIMIT:
        return _char_opcodes(a, b, i0, j0)
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    starts_a = [0]
    for line in lines_a:
        starts_a.append(starts_a[-1] + len(line))
    starts_b = [0]
    for line in lines_b:
        starts_b.append(starts_b[-1] + len(line))
    ops: list[Opcode] = []
    matcher = SequenceMatcher(None, lines_a, lines_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ca1, ca2, cb1, cb2 = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if tag == "replace":
            ops += _char_opcodes(a[ca1:ca2], b[cb1:cb2], i0 + ca1, j0 + cb1)
        else:
            ops.append((tag, i0 + ca1, i0 + ca2, j0 + cb1, j0 + cb2))
    return ops


class TextDiff:
    """The differences between an old and a new text, for mapping offsets from one to the other.

    >>> diff = TextDiff("abc def", "abc XX def")
    >>> diff.map_start(4), diff.map_end(7)
    (7, 10)
    """

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        head = _common_prefix(old, new)
        tail = _common_suffix(old[head:], new[head:], min(len(old), len(new)) - head)
        ops: list[Opcode] = []
        if head:
            ops.append(("equal", 0, head, 0, head))
        if head < len(old) - tail or head < len(new) - tail:
            ops += _middle_opcodes(
                old[head : len(old) - tail], new[head : len(new) - tail], head, head
            )
        if tail:
            ops.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
        self.opcodes = [op for op in ops if op[1] < op[2] or op[3] < op[4]]
        self._equal = [op for op in self.opcodes if op[0] == "equal"]
        self._equal_starts = [op[1] for op in self._equal]
        self._starts = [op[1] for op in self.opcodes]

    def _char(self, pos: int) -> int | None:
        """Where character ``pos`` of the old text is in the new one (None: changed or gone)."""
        k = bisect_right(self._equal_starts, pos) - 1
        if k < 0:
            return None
        _tag, i1, i2, j1, _j2 = self._equal[k]
        return j1 + pos - i1 if i1 <= pos < i2 else None

    def map_start(self, start: int) -> int | None:
        """The new offset of a span starting at ``start`` (its first character unchanged), or None."""
        if start >= len(self.old):
            return len(self.new) if start == len(self.old) else None
        return self._char(start)

    def map_end(self, end: int) -> int | None:
        """The new offset of a span ending at ``end`` (its last character unchanged), or None."""
        if end <= 0:
            return 0 if end == 0 else None
        last = self._char(end - 1)
        return None if last is None else last + 1

    def edge_start(self, start: int) -> int:
        """Where a span starting at ``start`` starts now when an edit begins at its first
        character (the start of what replaced it), else the nearest place."""
        mapped = self.map_start(start)
        if mapped is not None:
            return mapped
        op = self._op_at(start)
        return op[3] if op is not None and op[1] == start else self.approximate(start)

    def edge_end(self, end: int) -> int:
        """Where a span ending at ``end`` ends now when an edit ends at its last character."""
        mapped = self.map_end(end)
        if mapped is not None:
            return mapped
        op = self._op_at(end - 1)
        return op[4] if op is not None and op[2] == end else self.approximate(end)

    def _op_at(self, pos: int) -> Opcode | None:
        """The change (or equal stretch) that holds character ``pos`` of the old text."""
        k = bisect_right(self._starts, pos) - 1
        while k >= 0:
            op = self.opcodes[k]
            if op[1] <= pos < op[2]:
                return op
            if op[1] < pos:
                return None
            k -= 1
        return None

    def approximate(self, pos: int) -> int:
        """The new offset nearest to where old offset ``pos`` was, even inside a changed passage."""
        if not self.opcodes:
            return min(pos, len(self.new))
        k = max(0, bisect_right(self._starts, pos) - 1)
        tag, i1, i2, j1, j2 = self.opcodes[k]
        if tag == "equal":
            return min(j1 + max(0, pos - i1), len(self.new))
        if i2 == i1:
            return j1
        return j1 + round((j2 - j1) * min(1.0, max(0.0, (pos - i1) / (i2 - i1))))

    def map_range(self, start: int, end: int) -> tuple[int, int] | None:
        """A stand-off range (a subheading, a paragraph) in the new text; None when it vanished."""
        s = self.map_start(start)
        e = self.map_end(end)
        s = self.approximate(start) if s is None else s
        e = self.approximate(end) if e is None else e
        s, e = max(0, min(s, len(self.new))), max(0, min(e, len(self.new)))
        return (s, e) if s < e else None


# ---------------------------------------------------------------------- placing one span


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_suffix(before, prefix, len(prefix)) + _common_prefix(after, suffix)


def _by_quote(text: str, selector: Selector, expected: int) -> Placement | None:
    quote = selector.quote
    if not quote:
        return None
    found = []
    i = text.find(quote)
    while i != -1 and len(found) < 10_000:
        found.append(i)
        i = text.find(quote, i + 1)
    if not found:
        return None
    scored = [
        (
            _context_score(text, i, i + len(quote), selector.prefix, selector.suffix),
            -abs(i - expected),
            i,
        )
        for i in found
    ]
    context, nearness, best = max(scored)
    wanted = min(8, len(selector.prefix) + len(selector.suffix))
    unique_and_long = len(found) == 1 and len(quote) >= 20
    if context >= wanted or -nearness <= NEAR or unique_and_long:
        return Placement("quote", best, best + len(quote), quote)
    return None


def _ratio(text: str, start: int, end: int, quote: str) -> float:
    return SequenceMatcher(None, text[start:end], quote, autojunk=False).ratio()


def _boundaries(text: str, pos: int, slack: int, *, starts: bool) -> list[int]:
    """Where words start (``starts``) or end within ``slack`` of ``pos``, and ``pos`` itself."""
    lo, hi = max(0, pos - slack), min(len(text), pos + slack)
    found = {pos}
    for i in range(lo, hi + 1):
        before = i > 0 and not text[i - 1].isspace()
        after = i < len(text) and not text[i].isspace()
        if (after and not before) if starts else (before and not after):
            found.add(i)
    return sorted(found)


def _refine(text: str, start: int, end: int, quote: str) -> tuple[float, int, int]:
    """Move the ends of a near match to the word boundaries that make it most like the quote."""
    slack = max(4, len(quote) // 10)

    def better(a: tuple[float, int, int], b: tuple[float, int, int]) -> tuple[float, int, int]:
        return max(a, b, key=lambda c: (c[0], -(c[2] - c[1])))

    best = (_ratio(text, start, end, quote), start, end)
    for _round in range(2):
        for s in _boundaries(text, best[1], slack, starts=True):
            if s < best[2]:
                best = better(best, (_ratio(text, s, best[2], quote), s, best[2]))
        for e in _boundaries(text, best[2], slack, starts=False):
            if e > best[1]:
                best = better(best, (_ratio(text, best[1], e, quote), best[1], e))
    return best


def _by_edges(text: str, selector: Selector, diff: TextDiff) -> Placement | None:
    """A span whose edges the difference still locates, its inside edited a little."""
    quote = selector.quote
    if len(quote) < MIN_FUZZY_CHARS:
        return None
    start, end = diff.edge_start(selector.start), diff.edge_end(selector.end)
    if quote == quote.strip():
        start, end = trim_span(text, start, end)
    if not start < end or _ratio(text, start, end, quote) < FUZZY_THRESHOLD:
        return None
    return Placement("fuzzy", start, end, text[start:end])


def _by_fuzzy(text: str, selector: Selector, expected: int) -> Placement | None:
    quote = selector.quote
    length = len(quote)
    if length < MIN_FUZZY_CHARS or not text:
        return None
    margin = 64
    lo = max(0, expected - length - margin)
    hi = min(len(text), expected + 2 * length + margin)
    window = text[lo:hi]
    if not window:
        return None
    matcher = SequenceMatcher(None, window, quote, autojunk=False)
    blocks = sorted(
        (m for m in matcher.get_matching_blocks() if m.size >= 3), key=lambda m: -m.size
    )[:5]
    slack = max(4, length // 5)
    best: tuple[float, int, int] | None = None
    for block in blocks:
        aligned = lo + block.a - block.b
        left = max(0, aligned - slack)
        right = min(len(text), aligned + length + slack)
        piece = text[left:right]
        matched = [
            m
            for m in SequenceMatcher(None, piece, quote, autojunk=False).get_matching_blocks()
            if m.size
        ]
        if not matched:
            continue
        first, last = matched[0], matched[-1]
        start = left + max(0, first.a - first.b)
        end = left + min(len(piece), last.a + last.size + (length - last.b - last.size))
        if quote == quote.strip():
            start, end = trim_span(text, start, end)
        if start >= end:
            continue
        ratio, start, end = _refine(text, start, end, quote)
        if quote == quote.strip():
            start, end = trim_span(text, start, end)
        if start >= end:
            continue
        if (
            best is None
            or ratio > best[0]
            or (ratio == best[0] and abs(start - expected) < abs(best[1] - expected))
        ):
            best = (ratio, start, end)
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    _ratio, start, end = best
    return Placement("fuzzy", start, end, text[start:end])


def place(selector: Selector, new: str, diff: TextDiff | None = None) -> Placement:
    """Place one span of the old text in ``new``; ``diff`` is the old → new difference.

    Without ``diff`` (a span whose offsets belong to an older text, such as
    an orphan), only the quote and fuzzy searches run, around the same
    relative place.
    """
    if diff is not None:
        start, end = diff.map_start(selector.start), diff.map_end(selector.end)
        if (
            start is not None
            and end is not None
            and start < end
            and new[start:end] == selector.quote
        ):
            same = (start, end) == (selector.start, selector.end)
            return Placement("unchanged" if same else "diff", start, end, selector.quote)
        expected = start if start is not None else diff.approximate(selector.start)
        found = _by_quote(new, selector, expected) or _by_edges(new, selector, diff)
    else:
        expected = min(selector.start, len(new))
        found = _by_quote(new, selector, expected)
    return found or _by_fuzzy(new, selector, expected) or ORPHAN


def reanchor(old: str, new: str, selectors: Sequence[Selector]) -> list[Placement]:
    """Place every span of ``old`` in ``new`` (one :class:`Placement` each, in order)."""
    diff = TextDiff(old, new)
    return [place(s, new, diff) for s in selectors]


def selector_for(text: str, start: int, end: int) -> Selector:
    """The selector of ``[start, end)`` of ``text``, with :data:`CONTEXT_CHARS` of context."""
    return Selector(
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )
