"""The keyword highlighter: words or regular expressions painted in colour as reading aids.

As in DNA's regex highlighter, a coder lists what to look out for while
reading ("veiligheid", "security", "spionage|espionage", "minist*") and each
is painted in its colour. A plain keyword is matched as whole words,
ignoring case and diacritics, with ``*`` at the end of a word for any
ending; a regular expression (Python syntax) is matched ignoring case. The
list is saved in the project (a project setting), so every coder of a
shared project reads with the same aids.

>>> [(s.start, s.end) for s in find_keywords("Veiligheid en spionage", [Keyword("veiligh*")])]
[(0, 10)]
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from claimdesk.core.actors import FoldedText
from claimdesk.core.errors import ProjectError

if TYPE_CHECKING:
    from claimdesk.core.store import Project

#: The project setting that holds the list.
SETTING = "keywords"
#: The colour of a keyword that has none.
DEFAULT_COLOR = "#E69F00"
_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


@dataclass(slots=True)
class Keyword:
    """One entry of the highlighter: a word, phrase or regular expression, and its colour."""

    pattern: str
    color: str = DEFAULT_COLOR
    regex: bool = False

    def compiled(self) -> re.Pattern[str]:
        """The expression this keyword matches, on the folded text (plain) or the stored text (regex).

        :raises ProjectError: an empty pattern or a regular expression with an error
        """
        pattern = self.pattern.strip()
        if not pattern:
            raise ProjectError("a keyword cannot be empty")
        if self.regex:
            try:
                compiled = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ProjectError(
                    f"the regular expression {pattern!r} has an error: {exc}"
                ) from None
            if compiled.match(""):
                raise ProjectError(f"the regular expression {pattern!r} matches empty text")
            return compiled
        words = FoldedText(pattern).text.split()
        parts = []
        for word in words:
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if not word:
                raise ProjectError(f"the keyword {pattern!r} has a * without a word before it")
            parts.append(re.escape(word) + (r"\w*" if prefix else ""))
        return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


@dataclass(frozen=True, slots=True)
class KeywordSpan:
    """Where a keyword occurs (code points of the stored text) and the colour to paint it."""

    start: int
    end: int
    color: str
    pattern: str


def check_keywords(keywords: list[Keyword]) -> list[Keyword]:
    """The keywords cleaned up (stripped, duplicates dropped), each checked.

    :raises ProjectError: naming the first keyword with a problem
    """
    cleaned: list[Keyword] = []
    seen: set[tuple[str, bool]] = set()
    for keyword in keywords:
        keyword = Keyword(keyword.pattern.strip(), keyword.color.strip(), bool(keyword.regex))
        if not keyword.pattern:
            continue
        if keyword.color and not _COLOR.match(keyword.color):
            raise ProjectError(f"{keyword.color!r} is not a colour like #E69F00")
        keyword.compiled()
        if (keyword.pattern, keyword.regex) in seen:
            continue
        seen.add((keyword.pattern, keyword.regex))
        cleaned.append(keyword)
    return cleaned


def find_keywords(text: str, keywords: list[Keyword]) -> list[KeywordSpan]:
    """Every occurrence of every keyword in ``text``, in text order.

    Keywords with an error are skipped (:func:`check_keywords` refuses them on saving).
    """
    found: list[KeywordSpan] = []
    folded: FoldedText | None = None
    for keyword in keywords:
        try:
            pattern = keyword.compiled()
        except ProjectError:
            continue
        color = keyword.color or DEFAULT_COLOR
        if keyword.regex:
            found += [
                KeywordSpan(m.start(), m.end(), color, keyword.pattern)
                for m in pattern.finditer(text)
                if m.end() > m.start()
            ]
            continue
        if folded is None:
            folded = FoldedText(text)
        found += [
            KeywordSpan(folded.start(m.start()), folded.end(m.end()), color, keyword.pattern)
            for m in pattern.finditer(folded.text)
        ]
    return sorted(found, key=lambda s: (s.start, s.end))


def project_keywords(project: Project) -> list[Keyword]:
    """The project's keyword list (empty when it has none)."""
    stored = project.setting(SETTING, [])
    keywords = []
    for entry in stored if isinstance(stored, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("pattern"), str):
            keywords.append(
                Keyword(
                    entry["pattern"],
                    str(entry.get("color") or DEFAULT_COLOR),
                    bool(entry.get("regex", False)),
                )
            )
    return keywords


def save_keywords(project: Project, keywords: list[Keyword]) -> list[Keyword]:
    """Check the keywords and save them in the project (a setting, not an undo step).

    :raises ProjectError: naming the keyword with a problem; nothing is saved then
    """
    cleaned = check_keywords(keywords)
    project.set_setting(SETTING, [_entry(k) for k in cleaned])
    return cleaned


def _entry(keyword: Keyword) -> dict[str, Any]:
    return asdict(keyword)
