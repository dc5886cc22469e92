"""Project.add_claim, update_claim, move_claim, delete/restore, mentions and the trash."""

from __future__ import annotations

import pytest

from claimdesk.core import Project, ProjectError, SpanMismatch, SpanOutOfRange
from claimdesk.core.errors import NotFound
from claimdesk.core.model import Changes

SEED = "000_976797ab8663bd03.txt"
EMOJI_SEED = "012_c532cc135086d82e.txt"


@pytest.fixture
def doc(seeded_project: Project) -> int:
    """The id of the first seed article (Dutch, 2229 characters)."""
    return seeded_project.document_id(SEED)


@pytest.fixture
def trump(seeded_project: Project) -> int:
    changes = seeded_project.add_actor("Donald Trump", type="person", aliases=["Trump"])
    assert changes.id is not None
    return changes.id


def test_add_claim_takes_quote_and_context_from_the_text(seeded_project: Project, doc: int) -> None:
    changes = seeded_project.add_claim(document=doc, start=143, end=165)
    assert changes.name == "Add Claim"
    assert changes.documents == {doc}
    assert changes.claims == {changes.id}
    assert changes.step is not None
    claim = seeded_project.claim(changes.id)  # type: ignore[arg-type]
    assert claim.quote == "president Donald Trump"
    assert claim.prefix == "eren in 5G-netwerken. Dat heeft "
    assert claim.suffix == " in een brief laten weten. De VS"
    assert (claim.document, claim.start, claim.end) == (doc, 143, 165)
    assert claim.coder == seeded_project.coder_id("tester")
    assert claim.created == claim.modified != ""


def test_add_claim_with_every_field(seeded_project: Project, doc: int, trump: int) -> None:
    issue = seeded_project.add_issue("Huawei in 5G networks").id
    support = seeded_project.codebook().stances[0].id
    changes = seeded_project.add_claim(
        document=doc,
        start=143,
        end=165,
        quote="president Donald Trump",
        claimant=trump,
        stance=support,
        target_issue=issue,
        addressee=trump,
        tags=["security"],
        variables={"form": "letter"},
        note="in een brief",
        uuid="5b0e8c8e-7d7c-4a0f-9d55-1d1b8f3a2c10",
        coder="anna",
    )
    claim = seeded_project.claim(changes.id)  # type: ignore[arg-type]
    assert (claim.claimant, claim.stance, claim.target_issue, claim.target_actor) == (
        trump,
        support,
        issue,
        None,
    )
    assert (claim.addressee, claim.tags, claim.variables, claim.note) == (
        trump,
        ["security"],
        {"form": "letter"},
        "in een brief",
    )
    assert claim.uuid == "5b0e8c8e-7d7c-4a0f-9d55-1d1b8f3a2c10"
    assert claim.coder == seeded_project.coder_id("anna") != seeded_project.coder_id("tester")


def test_add_claim_at_the_edges_of_the_text(seeded_project: Project, doc: int) -> None:
    length = len(seeded_project.document(doc).text)
    first = seeded_project.claim(seeded_project.add_claim(document=doc, start=0, end=2).id)  # type: ignore[arg-type]
    last = seeded_project.claim(
        seeded_project.add_claim(document=doc, start=length - 7, end=length).id  # type: ignore[arg-type]
    )
    assert (first.quote, first.prefix) == ("De", "")
    assert (last.quote, last.suffix) == ("gelden.", "")


def test_add_claim_counts_code_points(seeded_project: Project) -> None:
    doc = seeded_project.document_id(EMOJI_SEED)
    quote = "“Back to the drawing board 📶”"
    claim = seeded_project.claim(
        seeded_project.add_claim(document=doc, start=833, end=833 + len(quote), quote=quote).id  # type: ignore[arg-type]
    )
    assert claim.quote == quote
    assert claim.end - claim.start == 29


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 5), (10, 10), (20, 10), (0, 2230), (2229, 2230), (0.0, 5), (0, "5")],
    ids=["negative", "empty", "reversed", "past-end", "after-last", "float", "string"],
)
def test_add_claim_rejects_offsets(
    seeded_project: Project, doc: int, start: object, end: object
) -> None:
    with pytest.raises(SpanOutOfRange, match="not inside the document's 2229 characters"):
        seeded_project.add_claim(document=doc, start=start, end=end)  # type: ignore[arg-type]
    assert seeded_project.claims() == []


@pytest.mark.parametrize(
    "quote",
    ["President Donald Trump", "president Donald Trump ", "president Donald", ""],
)
def test_add_claim_rejects_a_quote_that_is_not_the_text(
    seeded_project: Project, doc: int, quote: str
) -> None:
    with pytest.raises(SpanMismatch, match="is not the text at \\[143, 165\\)"):
        seeded_project.add_claim(document=doc, start=143, end=165, quote=quote)
    assert seeded_project.claims() == []
    assert seeded_project.undo_status() == ("Import seeds", None)


def test_add_claim_on_a_missing_or_deleted_document(seeded_project: Project, doc: int) -> None:
    with pytest.raises(NotFound, match="no document with id 999"):
        seeded_project.add_claim(document=999, start=0, end=1)
    seeded_project.delete_documents([doc])
    with pytest.raises(NotFound):
        seeded_project.add_claim(document=doc, start=0, end=1)


def test_add_claim_targets_an_issue_or_an_actor_not_both(
    seeded_project: Project, doc: int, trump: int
) -> None:
    issue = seeded_project.add_issue("Huawei").id
    with pytest.raises(ProjectError, match="either an issue or an actor"):
        seeded_project.add_claim(
            document=doc, start=0, end=2, target_issue=issue, target_actor=trump
        )


def _claim(project: Project, doc: int, **fields: object) -> int:
    changes = project.add_claim(document=doc, start=143, end=165, **fields)  # type: ignore[arg-type]
    assert changes.id is not None
    return changes.id


@pytest.mark.parametrize(
    ("start", "update", "expected"),
    [
        ({"target_issue": "issue"}, {"target_actor": "actor"}, (None, "actor")),
        ({"target_actor": "actor"}, {"target_issue": "issue"}, ("issue", None)),
        ({"target_issue": "issue"}, {"target_issue": None}, (None, None)),
        ({"target_actor": "actor"}, {"target_issue": None}, (None, "actor")),
        ({"target_issue": "issue"}, {"addressee": "actor"}, ("issue", None)),
        ({}, {"target_actor": None}, (None, None)),
    ],
    ids=[
        "actor-clears-issue",
        "issue-clears-actor",
        "none-clears-issue",
        "clearing-issue-keeps-actor",
        "unset-keeps",
        "none-on-none",
    ],
)
def test_update_claim_targets(
    seeded_project: Project,
    doc: int,
    trump: int,
    start: dict[str, str],
    update: dict[str, str | None],
    expected: tuple[str | None, str | None],
) -> None:
    issue = seeded_project.add_issue("Huawei").id
    ids = {"issue": issue, "actor": trump, None: None}
    claim_id = _claim(seeded_project, doc, **{k: ids[v] for k, v in start.items()})
    seeded_project.update_claim(claim_id, **{k: ids[v] for k, v in update.items()})  # type: ignore[arg-type]
    claim = seeded_project.claim(claim_id)
    assert (claim.target_issue, claim.target_actor) == (ids[expected[0]], ids[expected[1]])


def test_update_claim_fields(seeded_project: Project, doc: int, trump: int) -> None:
    claim_id = _claim(seeded_project, doc, note="eerst", tags=["a"])
    before = seeded_project.claim(claim_id)
    changes = seeded_project.update_claim(
        claim_id, claimant=trump, stance=None, tags=["b", "c"], variables={"x": 1}, note="daarna"
    )
    assert changes.name == "Edit Claim"
    assert (changes.claims, changes.documents) == ({claim_id}, {doc})
    claim = seeded_project.claim(claim_id)
    assert (claim.claimant, claim.tags, claim.variables, claim.note) == (
        trump,
        ["b", "c"],
        {"x": 1},
        "daarna",
    )
    assert (claim.quote, claim.start, claim.created) == (before.quote, before.start, before.created)
    seeded_project.update_claim(claim_id, claimant=None)
    assert seeded_project.claim(claim_id).claimant is None


def test_update_claim_without_changes_is_no_undo_step(seeded_project: Project, doc: int) -> None:
    claim_id = _claim(seeded_project, doc, note="zelfde")
    assert seeded_project.update_claim(claim_id) == Changes(name="Edit Claim")
    assert seeded_project.undo_status() == ("Add Claim", None)


def test_update_claim_missing(seeded_project: Project) -> None:
    with pytest.raises(NotFound, match="no claim with id 42"):
        seeded_project.update_claim(42, note="x")


def test_move_claim(seeded_project: Project, doc: int) -> None:
    claim_id = _claim(seeded_project, doc)
    changes = seeded_project.move_claim(claim_id, start=153, end=165)
    assert (changes.name, changes.claims, changes.documents) == ("Move Claim", {claim_id}, {doc})
    claim = seeded_project.claim(claim_id)
    assert (claim.start, claim.end, claim.quote) == (153, 165, "Donald Trump")
    assert claim.prefix.endswith("Dat heeft president ")
    assert claim.suffix == " in een brief laten weten. De VS"


@pytest.mark.parametrize(("start", "end"), [(165, 143), (0, 99_999), (-3, 2)])
def test_move_claim_refuses_bad_offsets_and_keeps_the_claim(
    seeded_project: Project, doc: int, start: int, end: int
) -> None:
    claim_id = _claim(seeded_project, doc)
    before = seeded_project.claim(claim_id)
    with pytest.raises(SpanOutOfRange):
        seeded_project.move_claim(claim_id, start=start, end=end)
    assert seeded_project.claim(claim_id) == before


def test_delete_and_restore_claims(seeded_project: Project, doc: int) -> None:
    first = _claim(seeded_project, doc)
    second = seeded_project.add_claim(document=doc, start=0, end=2).id
    assert seeded_project.delete_claims([first]).name == "Delete Claim"
    assert [c.id for c in seeded_project.claims()] == [second]
    assert [c.id for c in seeded_project.claims(document=doc)] == [second]
    assert (
        seeded_project.claim(first).quote == "president Donald Trump"
    )  # still there, in the trash
    assert [c["id"] for c in seeded_project.trash()["claims"]] == [first]
    assert seeded_project.counts()["claims"] == 1
    changes = seeded_project.restore_claims([first])
    assert (changes.name, changes.claims) == ("Restore Claim", {first})
    assert [c.id for c in seeded_project.claims()] == [second, first]  # text order
    assert seeded_project.delete_claims([first, second]).name == "Delete Claims"
    assert seeded_project.claims() == []


def test_claims_are_in_text_order(seeded_project: Project, doc: int) -> None:
    other = seeded_project.document_id(EMOJI_SEED)
    ids = [
        seeded_project.add_claim(document=d, start=s, end=s + 3).id
        for d, s in [(other, 5), (doc, 50), (doc, 10), (other, 0)]
    ]
    by_document = sorted([(doc, 10), (doc, 50), (other, 0), (other, 5)])
    expected = [ids[[(other, 5), (doc, 50), (doc, 10), (other, 0)].index(k)] for k in by_document]
    assert [c.id for c in seeded_project.claims()] == expected
    assert [c.start for c in seeded_project.claims(document=doc)] == [10, 50]


def test_mentions(seeded_project: Project, doc: int, trump: int) -> None:
    changes = seeded_project.add_mention(document=doc, start=153, end=165, actor=trump)
    assert (changes.name, changes.documents) == ("Add Mention", {doc})
    [mention] = seeded_project.mentions(document=doc)
    assert (mention.id, mention.quote, mention.actor) == (changes.id, "Donald Trump", trump)
    assert mention.prefix.endswith("president ")
    assert seeded_project.update_mention(mention.id, actor=None).name == "Edit Mention"  # type: ignore[arg-type]
    assert seeded_project.mentions()[0].actor is None
    with pytest.raises(SpanMismatch):
        seeded_project.add_mention(document=doc, start=153, end=165, actor=trump, quote="Trump")
    assert seeded_project.delete_mentions([mention.id]).name == "Delete Mention"  # type: ignore[list-item]
    assert seeded_project.mentions() == []
    assert seeded_project.counts()["mentions"] == 0


def test_empty_trash_deletes_for_good(seeded_project: Project, doc: int, trump: int) -> None:
    kept = _claim(seeded_project, doc, claimant=trump)
    gone = seeded_project.add_claim(document=doc, start=0, end=2).id
    seeded_project.delete_claims([gone])  # type: ignore[list-item]
    seeded_project.delete_actors([trump])
    other = seeded_project.document_id(EMOJI_SEED)
    seeded_project.add_claim(document=other, start=0, end=3)
    seeded_project.delete_documents([other])
    assert (
        seeded_project.empty_trash() == 4
    )  # a claim, the claim of the document, an actor, a document
    assert seeded_project.trash() == {"documents": [], "claims": [], "mentions": [], "actors": []}
    assert [c.id for c in seeded_project.claims()] == [kept]
    assert seeded_project.claim(kept).claimant is None
    assert seeded_project.undo_status() == (None, None)
    assert seeded_project.check() == []
