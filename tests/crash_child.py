"""The process tests/test_crash_safety.py kills: it edits a project through the core API until then.

    python tests/crash_child.py PROJECT SEED RUN MODE

MODE is ``edit`` (mostly coding) or ``import`` (mostly importing batches).
Every line is flushed at once, so what the parent reads is what happened:

    opening                      just before Project.open
    ready FINGERPRINT COUNTS     the project is open
    begin N OP EXPECT            write N is about to start; EXPECT (JSON) holds once it committed
    batch N FINGERPRINT COUNTS   a batch of import N committed
    done N FINGERPRINT COUNTS    write N committed
    skip N                       write N changed nothing (nothing to undo, no claim yet...)

The fingerprint is a digest of everything a coder sees: documents, claims,
mentions, actors, the trash, orphans, statuses, the undo history, a setting.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from typing import Any

from claimdesk.core import Document, Project
from claimdesk.core.backups import make_backup
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.text import snap_to_words

WORDS = [
    "De",
    "VS",
    "wil",
    "dat",
    "bondgenoten",
    "Huawei",
    "weren",
    "uit",
    "hun",
    "5G-netwerken",
    ".",
    "Noorwegen",
    "twijfelt",
    "nog",
    ",",
    "het",
    "kabinet",
    "zegt",
    "dat",
    "een",
    "besluit",
    "volgt",
    ".",
    "Minister",
    "Grapperhaus",
    "📶",
    "Zürich",
    "café",
    "naïve",
    "שלום",
    "مرحبا",
    "é",
    "🇳🇱",
    "telecomapparatuur",
    "veiligheid",
]
IMPORT_BATCH = 5


def fingerprint(project: Project) -> str:
    """A digest of the project's state as a coder sees it."""
    digest = hashlib.sha256()

    def add(value: Any) -> None:
        digest.update(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode())

    documents = list(project.iter_documents())
    add([(d.uuid, d.sha256, d.title, d.published) for d in documents])
    add([project.statuses(d.id) for d in documents if d.id is not None])
    add(
        [
            (c.uuid, c.document, c.start, c.end, c.quote, c.note, c.stance, c.claimant)
            for c in project.claims()
        ]
    )
    add([(m.uuid, m.document, m.start, m.end, m.quote, m.actor) for m in project.mentions()])
    add(sorted((a.uuid, a.name) for a in project.actors()))
    add({kind: sorted(r["id"] for r in rows) for kind, rows in project.trash().items()})
    add([(o.kind, o.uuid, o.quote) for o in project.orphans(include_trash=True)])
    add(project.undo_status())
    add(project.setting("crash-marker"))
    return digest.hexdigest()[:16]


def counts(project: Project) -> str:
    return json.dumps(project.counts(), separators=(",", ":"))


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def sentence(rng: random.Random, marker: str = "") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    if marker:
        words.insert(rng.randint(0, len(words)), marker)
    return " ".join(words)


def article(rng: random.Random, marker: str) -> str:
    paragraphs = [sentence(rng, marker if i == 0 else "") for i in range(rng.randint(2, 5))]
    return "\n\n".join(paragraphs)


def random_span(rng: random.Random, text: str) -> tuple[int, int] | None:
    if len(text) < 4:
        return None
    a = rng.randrange(0, len(text) - 2)
    b = min(len(text), a + rng.randint(2, 60))
    start, end = snap_to_words(text, a, b)
    return (start, end) if start < end else None


def edited(rng: random.Random, text: str, marker: str) -> str:
    """The text with a few words changed, inserted or removed, and the marker added."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(words))
        what = rng.random()
        if what < 0.4:
            words[i] = rng.choice(WORDS)
        elif what < 0.7:
            words.insert(i, rng.choice(WORDS))
        elif len(words) > 3:
            del words[i]
    words.insert(rng.randrange(len(words) + 1), marker)
    return " ".join(words)


OPS_EDIT = [
    ("add_claim", 30),
    ("update_claim", 12),
    ("delete_claim", 5),
    ("add_mention", 10),
    ("add_actor", 8),
    ("set_status", 6),
    ("update_document", 5),
    ("edit_text", 6),
    ("undo", 6),
    ("redo", 3),
    ("set_setting", 3),
    ("import", 2),
    ("backup", 2),
    ("empty_trash", 1),
]
OPS_IMPORT = [("import", 10), ("add_claim", 3), ("undo", 1), ("edit_text", 1)]


def step(project: Project, rng: random.Random, n: int, run: int, op: str) -> bool:
    """Do one write; False when there was nothing to do. Prints ``begin`` first."""
    marker = f"r{run}e{n}x"
    docs = project.document_ids()
    claims = project.claims()
    actors = project.actors()
    expect: dict[str, Any] = {}
    action: Any = None
    if op == "add_claim" and docs:
        doc = rng.choice(docs)
        span = random_span(rng, project.document(doc).text)
        if span:
            claimant = rng.choice(actors).id if actors and rng.random() < 0.7 else None
            expect = {"claim_note": marker}

            def action() -> None:
                project.add_claim(
                    document=doc, start=span[0], end=span[1], claimant=claimant, note=marker
                )

    elif op == "update_claim" and claims:
        claim = rng.choice(claims)
        stances = project.codebook().stances
        stance = rng.choice(stances).id if stances else None
        expect = {"claim_note": marker}

        def action() -> None:
            project.update_claim(claim.id, note=marker, stance=stance)

    elif op == "delete_claim" and claims:
        claim = rng.choice(claims)
        expect = {"trashed_claim": claim.id}

        def action() -> None:
            project.delete_claims([claim.id])

    elif op == "add_mention" and docs:
        doc = rng.choice(docs)
        span = random_span(rng, project.document(doc).text)
        if span:
            actor = rng.choice(actors).id if actors else None
            expect = {"mentions": project.counts()["mentions"] + 1}

            def action() -> None:
                project.add_mention(document=doc, start=span[0], end=span[1], actor=actor)

    elif op == "add_actor":
        expect = {"actor": marker}

        def action() -> None:
            project.add_actor(marker, type="person", aliases=[marker.upper()])

    elif op == "set_status" and docs:
        doc = rng.choice(docs)
        status = rng.choice(["todo", "in-progress", "done"])
        expect = {"status": [doc, status]}

        def action() -> None:
            project.set_status(doc, status)

    elif op == "update_document" and docs:
        doc = rng.choice(docs)
        expect = {"title": [doc, marker]}

        def action() -> None:
            project.update_document(doc, title=marker)

    elif op == "edit_text" and docs:
        doc = rng.choice(docs)
        text = edited(rng, project.document(doc).text, marker)
        expect = {"text": [doc, marker]}

        def action() -> None:
            project.edit_document_text(doc, text)

    elif op in ("undo", "redo"):
        status = project.undo_status()
        if (status[0] if op == "undo" else status[1]) is None:
            return False
        expect = {"undo_status_not": list(status)}
        action = project.undo if op == "undo" else project.redo

    elif op == "set_setting":
        expect = {"setting": marker}

        def action() -> None:
            project.set_setting("crash-marker", marker)

    elif op == "import":
        total = rng.randint(IMPORT_BATCH + 1, 4 * IMPORT_BATCH)
        documents = [
            Document(
                text=article(rng, f"{marker}d{i}"), title=f"{marker}d{i}", file=f"{marker}/{i}.txt"
            )
            for i in range(total)
        ]
        expect = {"import": [marker, total, IMPORT_BATCH]}

        def action() -> None:
            project.import_documents(
                documents,
                batch_size=IMPORT_BATCH,
                progress=lambda _n: say("batch", n, fingerprint(project), counts(project)),
            )

    elif op == "backup":
        expect = {"backup": True}

        def action() -> None:
            make_backup(project, "manual")

    elif op == "empty_trash":
        expect = {"trash_empty": True}
        action = project.empty_trash
    if action is None:
        return False
    say("begin", n, op, json.dumps(expect, ensure_ascii=False, separators=(",", ":")))
    action()
    return True


def main() -> int:
    path, seed, run, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed * 100_003 + run)
    ops = OPS_IMPORT if mode == "import" else OPS_EDIT
    names, weights = [o for o, _ in ops], [w for _, w in ops]
    say("opening")
    project = Project.open(path, coder=f"coder{run % 3}")
    say("ready", fingerprint(project), counts(project))
    for n in range(1, 100_000):
        op = rng.choices(names, weights)[0]
        try:
            did = step(project, rng, n, run, op)
        except ClaimdeskError:
            did = False
        if did:
            say("done", n, fingerprint(project), counts(project))
        else:
            say("skip", n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
