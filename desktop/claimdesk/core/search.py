"""Turning what users type into a safe FTS5 query (DESIGN decision 8).

Users type words, ``"phrases"``, ``OR``, ``-word`` and ``prefix*``. Each word
is reduced to its letters and digits and quoted, so ``Huawei-apparatuur``,
``Huawei's`` and ``de VS'`` can never be an FTS5 syntax error.

>>> to_fts5('Huawei-apparatuur OR ZTE "de VS" -Noorwegen 5G*')
'(("Huawei apparatuur" OR "ZTE") AND "de VS" AND "5G"*) NOT "Noorwegen"'
"""

from __future__ import annotations

import re

from claimdesk.core.errors import ClaimdeskError


class SearchSyntaxError(ClaimdeskError):
    """A search that cannot be run (nothing to look for, or bad raw FTS5 syntax)."""


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def _phrase(text: str) -> str | None:
    words = _WORDS.findall(text)
    return '"' + " ".join(words) + '"' if words else None


def to_fts5(query: str) -> str:
    """Translate a user's search into an FTS5 MATCH expression.

    :raises SearchSyntaxError: when nothing searchable is left, or only exclusions
    """
    groups: list[list[str]] = []  # AND of ORs
    excluded: list[str] = []
    join_next = False
    for m in _TOKEN.finditer(query):
        negate, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare == "OR":
            join_next = bool(groups)
            continue
        prefix = False
        if quoted is None:
            assert bare is not None
            negate = "-" if bare.startswith("-") and len(bare) > 1 else ""
            bare = bare[1:] if negate else bare
            prefix = bare.endswith("*")
            term = _phrase(bare.rstrip("*"))
        else:
            term = _phrase(quoted)
        if term is None:
            continue
        if prefix:
            term += "*"
        if negate:
            excluded.append(term)
        elif join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        if excluded:
            raise SearchSyntaxError("a search needs at least one word that is not excluded with -")
        raise SearchSyntaxError("nothing to search for")
    expr = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    for term in excluded:
        expr = (
            f"{expr} NOT {term}"
            if len(groups) == 1 and len(groups[0]) == 1
            else f"({expr}) NOT {term}"
        )
    return expr
