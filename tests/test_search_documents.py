"""``Project.search_documents``: what the window's search box lists, ranked, without reading rows."""

from __future__ import annotations

import pytest

from claimdesk.core import Project
from claimdesk.core.search import SearchSyntaxError

QUERIES = [
    "Huawei",
    "Huawei 5G",
    '"Verenigde Staten"',
    "Trump OR Merkel",
    "kabinet -Huawei",
    "netw*",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [1, 5, 1000])
def test_search_documents_lists_what_search_finds(
    demo_project: Project, query: str, limit: int
) -> None:
    hits = demo_project.search(query, limit=limit)
    assert demo_project.search_documents(query, limit=limit) == [h.document for h in hits]


def test_search_documents_finds_a_document_by_a_claim_note(demo_project: Project) -> None:
    claim = demo_project.claims()[0]
    demo_project.update_claim(claim.id, note="zeldzaamwoord")
    assert demo_project.search_documents("zeldzaamwoord") == [claim.document]
    [hit] = demo_project.search("zeldzaamwoord")
    assert hit.claims == [claim.id] and "[zeldzaamwoord]" in hit.snippet


def test_search_documents_leaves_out_the_trash(demo_project: Project) -> None:
    found = demo_project.search_documents("Huawei")
    demo_project.delete_documents([found[0]])
    assert demo_project.search_documents("Huawei") == found[1:]
    demo_project.undo()
    assert demo_project.search_documents("Huawei") == found


def test_search_documents_bad_raw_query(demo_project: Project) -> None:
    with pytest.raises(SearchSyntaxError, match="cannot search for"):
        demo_project.search_documents('"unclosed', raw=True)
