"""Many claims and mentions at once: ``add_claims``/``add_mentions`` and the ``*_by_document`` reads."""

from __future__ import annotations

import pytest

from claimdesk.core import Project
from claimdesk.core.errors import NotFound, SpanMismatch, SpanOutOfRange
from claimdesk.core.model import Claim, Document, Mention
from claimdesk.formats.corpus_json import _Uuids, document_record, iter_corpus

TEXT = "Minister 📶 Pompeo zegt dat Huawei 🇳🇱 niet welkom is. Huawei ontkent dat."


@pytest.fixture
def document(empty_project: Project) -> int:
    changes = empty_project.add_document(Document(text=TEXT, title="Pompeo", file="a.txt"))
    assert changes.id is not None
    return changes.id


def test_add_claims_stores_quotes_and_context_in_one_step(
    empty_project: Project, document: int
) -> None:
    huawei = TEXT.index("Huawei")
    stance = empty_project.codebook().stances[0].id
    changes = empty_project.add_claims(
        [
            Claim(document=document, start=0, end=TEXT.index(".") + 1, stance=stance),
            Claim(document=document, start=huawei, end=huawei + 6, note="the company"),
        ]
    )
    claims = empty_project.claims(document=document)
    assert [c.quote for c in claims] == [TEXT[: TEXT.index(".") + 1], "Huawei"]
    assert claims[1].prefix == TEXT[max(0, huawei - 32) : huawei]
    assert claims[0].stance == stance and claims[1].note == "the company"
    assert {c.coder for c in claims} == {empty_project.coder_id()}
    assert changes.claims == {c.id for c in claims} and changes.documents == {document}
    assert empty_project.undo().name == "Undo Add Claims"
    assert empty_project.claims(document=document) == []


def test_add_mentions_counts_code_points_past_emoji(empty_project: Project, document: int) -> None:
    start = TEXT.index("Pompeo")  # after an astral character: code points, not UTF-16
    empty_project.add_mentions([Mention(document=document, start=start, end=start + 6)])
    [mention] = empty_project.mentions(document=document)
    assert (mention.start, mention.quote) == (start, "Pompeo")


@pytest.mark.parametrize(
    ("start", "end", "quote", "elsewhere", "error"),
    [
        (len(TEXT) - 2, len(TEXT) + 3, "", False, SpanOutOfRange),
        (0, 5, "Other", False, SpanMismatch),
        (5, 5, "", False, SpanOutOfRange),
        (0, 5, "", True, NotFound),
    ],
    ids=["past-the-end", "wrong-quote", "empty", "no-such-document"],
)
def test_add_claims_bad_span_stores_nothing(
    empty_project: Project,
    document: int,
    start: int,
    end: int,
    quote: str,
    elsewhere: bool,
    error: type[Exception],
) -> None:
    good = Claim(document=document, start=0, end=8)
    bad = Claim(document=document + 1 if elsewhere else document, start=start, end=end, quote=quote)
    with pytest.raises(error):
        empty_project.add_claims([good, bad])
    assert empty_project.claims(document=document) == []
    assert empty_project.undo_status() == ("Add Document", None)


def test_claims_by_document_match_one_document_at_a_time(demo_project: Project) -> None:
    ids = demo_project.document_ids()
    claims = demo_project.claims_by_document(ids)
    mentions = demo_project.mentions_by_document(ids)
    for document_id in ids:
        assert claims.get(document_id, []) == demo_project.claims(document=document_id)
        assert mentions.get(document_id, []) == demo_project.mentions(document=document_id)
    assert sum(len(c) for c in claims.values()) == demo_project.counts()["claims"]


def test_statuses_by_document_match_statuses(demo_project: Project) -> None:
    ids = demo_project.document_ids()
    demo_project.set_status(ids[0], "done")
    demo_project.set_status(ids[1], "in-progress", coder="anna")
    statuses = demo_project.statuses_by_document(ids)
    assert statuses[ids[0]] == demo_project.statuses(ids[0])
    assert statuses[ids[1]] == demo_project.statuses(ids[1])
    assert all(statuses.get(i, {}) == demo_project.statuses(i) for i in ids)


def test_iter_corpus_reads_in_batches_the_same_records(demo_project: Project) -> None:
    """The export's records equal those made one document at a time."""
    header, records = iter_corpus(demo_project)
    uuids = _Uuids(demo_project)
    one_by_one = [
        document_record(demo_project, doc, uuids) for doc in demo_project.iter_documents()
    ]
    assert list(records) == one_by_one
    assert header["format"] == "claimdesk-corpus"


def test_iter_documents_by_ids_keeps_their_order(demo_project: Project) -> None:
    ids = list(reversed(demo_project.document_ids()))
    assert [d.id for d in demo_project.iter_documents(ids=ids)] == ids
    with pytest.raises(NotFound):
        list(demo_project.iter_documents(ids=[*ids, 10_000]))
