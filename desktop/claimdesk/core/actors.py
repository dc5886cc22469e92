"""Finding mentions of known actors in a text: the suggestions the reader shows.

Every occurrence of every actor's name and aliases is found as whole words,
ignoring case and diacritics ("Sánchez" finds "Sanchez", "de vs" finds
"de VS"), and tolerant of how Dutch and English texts inflect names: a
possessive or plural ``s`` with or without an apostrophe ("Huawei's",
"VS'", "Trumps beleid") and punctuation or a line break between the words
of a name. Where matches overlap, the longest wins: "president Donald
Trump" over "Donald Trump" over "Trump". A short name written in capitals
("US", "VS", "EU") is an acronym: it only matches capitals, so the alias
"US" never turns "let us" into a mention.

The text is folded once (case and diacritics removed, one character for one
in the common case, with an offset map back to the stored text's code
points otherwise), split into words by one compiled regular expression, and
walked through a trie of the names' folded words, so each word costs one
dictionary lookup however many names share it: a 50,000-character article
against 1,500 names takes a few milliseconds (``bench/bench_mentions.py``).

>>> finder = MentionFinder([Actor("Donald Trump", aliases=["Trump"], id=1)])
>>> [(s.start, s.end, s.actor) for s in finder.find("Trump's tweet; Donald Trump zei")]
[(0, 5, 1), (15, 27, 1)]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from claimdesk.core.errors import Cancelled, NotFound
from claimdesk.core.model import Actor, Changes, Mention

if TYPE_CHECKING:
    from claimdesk.core.store import Project

_WORD = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
#: At most this many characters between two words of a name ("Inlichtingen- en").
_MAX_GAP = 3
#: A name word in capitals of at most this many letters is an acronym and matches only capitals.
ACRONYM_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A place in the text where an actor's name or alias occurs (code points of the stored text)."""

    start: int
    end: int
    actor: int
    #: The name or alias that matched, as the actor has it.
    name: str


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character without case and diacritics (may be empty or longer: "ß" → "ss")."""
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.casefold()


def fold(text: str) -> str:
    """A text without case and diacritics: "Sánchez" → "sanchez"."""
    return FoldedText(text).text


class FoldedText:
    """A text folded for matching, and the way back to the original's code points."""

    __slots__ = ("_ends", "text")

    def __init__(self, text: str) -> None:
        if text.isascii():
            self.text = text.lower()
            self._ends: list[int] | None = None
            return
        table = {ord(c): fold_char(c) for c in set(text)}
        self.text = text.translate(table)
        if all(len(v) == 1 for v in table.values()):
            self._ends = None  # one character for one: offsets are the same
        else:
            # Where each original character's folded form ends (map chains run at C speed).
            self._ends = list(accumulate(map(len, map(table.__getitem__, map(ord, text)))))

    def start(self, folded: int) -> int:
        """The original offset where the folded offset ``folded`` starts."""
        return folded if self._ends is None else bisect_right(self._ends, folded)

    def end(self, folded: int) -> int:
        """The original offset where a span ending at ``folded`` ends.

        Characters that fold to nothing right after it (combining marks) stay with the span.
        """
        return folded if self._ends is None else bisect_right(self._ends, folded)


@dataclass(frozen=True, slots=True)
class _Name:
    words: tuple[str, ...]
    #: Per word: True when it is an acronym and must match capitals.
    acronym: tuple[bool, ...]
    actor: int
    name: str


def _name_entry(actor: int, name: str) -> _Name | None:
    original = [m.group() for m in _WORD.finditer(name)]
    folded = FoldedText(name).text
    words = tuple(_WORD.findall(folded))
    if not words:
        return None
    if len(original) != len(words):  # folding split or joined a word: no acronym rule then
        acronym = tuple(False for _ in words)
    else:
        acronym = tuple(w.isupper() and len(w) <= ACRONYM_LETTERS and len(w) >= 2 for w in original)
    return _Name(words, acronym, actor, name)


class _Node:
    """A node of the word trie: the words that may follow, and the names that end here."""

    __slots__ = ("entries", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.entries: list[_Name] = []


class MentionFinder:
    """Finds the names and aliases of a set of actors in texts; build once, use on every document.

    The names are kept as a trie of folded words, so each word of the text
    costs one dictionary lookup however many names share a first word ("de
    VS", "de Chinese fabrikant").

    :param actors: the actors whose names to look for (``id`` must be set)
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self._root = _Node()
        seen: set[tuple[tuple[str, ...], int]] = set()
        count = 0
        for actor in actors:
            if actor.id is None:
                continue
            for name in actor.names():
                entry = _name_entry(actor.id, name)
                if entry is None or (entry.words, entry.actor) in seen:
                    continue
                seen.add((entry.words, entry.actor))
                node = self._root
                for word in entry.words:
                    node = node.next.setdefault(word, _Node())
                node.entries.append(entry)
                count += 1
        self.names = count

    def find(self, text: str, *, actor: int | None = None) -> list[Suggestion]:
        """Every mention of the actors in ``text``, in text order, overlaps settled longest first.

        :param actor: keep only this actor's mentions (overlaps are settled among all actors first)
        """
        if not self._root.next or not text:
            return []
        folded = FoldedText(text)
        # [gap, word, gap, word, ..., gap], and where each part ends: all at C speed.
        parts = _SPLIT.split(folded.text)
        ends = list(accumulate(map(len, parts)))
        words = parts[1::2]
        gaps = parts[0::2]  # gaps[k] comes before words[k]
        first = self._root.next
        unique = set(words)
        starting = unique & first.keys()
        starting |= {w for w in unique if w[-1] == "s" and len(w) > 2 and w[:-1] in first}
        found: list[tuple[int, int, _Name]] = []
        n = len(words)
        for i in [k for k, w in enumerate(words) if w in starting]:
            word = words[i]
            node = first.get(word)
            plural = first.get(word[:-1]) if word[-1] == "s" and len(word) > 2 else None
            # Walk the trie as far as the text follows it; each node with names is a candidate.
            candidates: list[tuple[int, _Node]] = []
            if plural is not None and plural.entries:
                candidates.append((i, plural))
            j = i
            while node is not None:
                if node.entries:
                    candidates.append((j, node))
                j += 1
                if j >= n or not node.next:
                    break
                gap = gaps[j]
                if len(gap) > _MAX_GAP or gap.count("\n") > 1:
                    break
                following = words[j]
                if following[-1] == "s" and len(following) > 2:
                    possessive = node.next.get(following[:-1])
                    if possessive is not None and possessive.entries:
                        candidates.append((j, possessive))
                node = node.next.get(following)
            start = ends[2 * i]
            for last, end_node in sorted(candidates, key=lambda c: -c[0]):
                entry = self._fitting(end_node.entries, i, ends, text, folded)
                if entry is not None:
                    found.append((start, ends[2 * last + 1], entry))
                    break
        return self._settle(found, folded, actor)

    @staticmethod
    def _fitting(
        entries: list[_Name], i: int, ends: list[int], text: str, folded: FoldedText
    ) -> _Name | None:
        """The first name ending here whose acronyms are written in capitals in the text."""
        for entry in entries:
            if not any(entry.acronym):
                return entry
            if all(
                not acronym
                or text[
                    folded.start(ends[2 * (i + k)]) : folded.end(ends[2 * (i + k) + 1])
                ].isupper()
                for k, acronym in enumerate(entry.acronym)
            ):
                return entry
        return None

    @staticmethod
    def _settle(
        found: list[tuple[int, int, _Name]], folded: FoldedText, actor: int | None
    ) -> list[Suggestion]:
        if not found:
            return []
        # Longest first; at equal length the earlier one.
        found.sort(key=lambda f: (f[0] - f[1], f[0]))
        taken: list[tuple[int, int, _Name]] = []
        starts: list[int] = []
        ends: list[int] = []
        for start, end, entry in found:
            pos = bisect_right(starts, start)
            if pos and ends[pos - 1] > start:
                continue
            if pos < len(starts) and starts[pos] < end:
                continue
            starts.insert(pos, start)
            ends.insert(pos, end)
            taken.insert(pos, (start, end, entry))
        return [
            Suggestion(folded.start(s), folded.end(e), entry.actor, entry.name)
            for s, e, entry in taken
            if actor is None or entry.actor == actor
        ]


def find_mentions(text: str, actors: Iterable[Actor]) -> list[Suggestion]:
    """Every mention of ``actors`` in ``text`` (a :class:`MentionFinder` used once)."""
    return MentionFinder(actors).find(text)


def new_suggestions(
    suggestions: Sequence[Suggestion], mentions: Iterable[Mention]
) -> list[Suggestion]:
    """The suggestions that no coded mention overlaps yet."""
    coded = sorted((m.start, m.end) for m in mentions)
    if not coded:
        return list(suggestions)
    starts = [s for s, _ in coded]
    ends_max = list(accumulate((e for _, e in coded), max))
    result = []
    for s in suggestions:
        pos = bisect_right(starts, s.end - 1)  # coded spans starting before the suggestion ends
        if pos and ends_max[pos - 1] > s.start:
            continue
        result.append(s)
    return result


def tag_all_mentions(
    project: Project,
    *,
    actor: int,
    documents: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Changes:
    """Tag every occurrence of an actor's name and aliases in the corpus as a mention (one undo step).

    Places already coded as a mention (of any actor) are left alone; where
    another actor's longer name overlaps ("Huawei Nederland" for a separate
    actor), that actor wins, as in the reader's suggestions.

    :param documents: only these documents (default: every document)
    :param progress: called with (documents done, documents in all)
    :param cancel: returns True to stop; nothing is written then
    :raises Cancelled: when cancelled
    """
    target = project.actor(actor)
    if project.in_trash("actors", actor):
        raise NotFound(f"the actor {target.name!r} is in the trash")
    finder = MentionFinder(project.actors())
    ids = list(documents) if documents is not None else None
    total = len(ids) if ids is not None else project.document_count()
    with project.write(f"Tag All Mentions of {target.name}") as step:
        for done, document in enumerate(project.iter_documents(ids=ids), start=1):
            assert document.id is not None
            found = finder.find(document.text, actor=actor)
            if found:
                for s in new_suggestions(found, project.mentions(document=document.id)):
                    project.add_mention(document=document.id, start=s.start, end=s.end, actor=actor)
            if progress:
                progress(done, total)
            if cancel and cancel():
                raise Cancelled("tagging was cancelled; nothing was written")
    step.changes.actors.add(actor)
    return step.changes
