"""Synthetic corpora and projects for the benchmarks, generated once and kept in a cache.

The cache lives in the system's temporary folder (``claimdesk-bench/<key>``),
where ``<key>`` changes whenever the generator, ``GENERATION`` or the project
schema changes, so a stale corpus is never measured. Everything is built with
``claimdesk.synthetic`` from fixed seeds: the same key always means the same
files, byte for byte (apart from the random uuids and times a project gets).

    corpus = Corpora()
    folder = corpus.articles(10_000)           # seed-format files
    project = corpus.project(10_000)           # imported and coded (about 10 claims an article)
    dense = corpus.dense_document(project)     # the id of the 50,000-character article with 1,000 claims
    big = corpus.edit_project()                # 10,000 articles and 500,000 claims
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from claimdesk.core import Project
from claimdesk.core.model import Claim, Mention
from claimdesk.core.schema import SCHEMA_VERSION
from claimdesk.core.text import sentence_bounds
from claimdesk.formats.article_text import parse_article
from claimdesk.formats.importing import import_paths
from claimdesk.synthetic import annotate_project, make_article, write_articles

#: As in the design notes on import: 1 % cp1252, 0.1 % UTF-16 with a BOM, 0.5 % duplicates, 5 % CRLF.
SHARES = {"cp1252_share": 0.01, "utf16_share": 0.001, "duplicate_share": 0.005, "crlf_share": 0.05}
#: Claims and mentions coded per article (at most: claims on the same sentence count once).
CODING_PER_ARTICLE = 11
#: The densely coded article the reading view opens.
DENSE_CHARS = 50_000
DENSE_CLAIMS = 1_000
DENSE_MENTIONS = 300
#: Claims in the project for the editing figure.
EDIT_CLAIMS = 500_000
CODER = "bench"


def cache_root() -> Path:
    return Path(tempfile.gettempdir()) / "claimdesk-bench"


#: Bump when what this module builds changes (the generator and the schema count by themselves).
GENERATION = 4


def cache_key() -> str:
    """Changes with the generator's source, with :data:`GENERATION` and with the schema version."""
    import claimdesk.synthetic as synthetic

    digest = hashlib.sha256(Path(synthetic.__file__).read_bytes())
    digest.update(f"{GENERATION}/{SCHEMA_VERSION}".encode())
    return digest.hexdigest()[:12]


class Corpora:
    """The benchmark's inputs, built on first use and reused after (``log`` says when it builds)."""

    def __init__(self, root: Path | None = None, log=print) -> None:
        base = root or cache_root()
        self.root = base / cache_key()
        self.root.mkdir(parents=True, exist_ok=True)
        for stale in base.iterdir():  # corpora of an older generator or schema: never read again
            if stale.is_dir() and stale != self.root:
                shutil.rmtree(stale, ignore_errors=True)
        self.log = log
        # Every project here is opened with a coder name, never through the user's settings.
        os.environ.setdefault("CLAIMDESK_CONFIG_DIR", str(self.root / "config"))
        os.environ.setdefault("CLAIMDESK_DATA_DIR", str(self.root / "data"))

    def _build(self, name: str, make) -> Path:
        """``root/name``, made by ``make(partial_path)`` once and moved into place when complete."""
        final = self.root / name
        if final.exists():
            return final
        partial = self.root / f".{name}.partial"
        if partial.is_dir():
            shutil.rmtree(partial)
        else:
            partial.unlink(missing_ok=True)
        started = time.perf_counter()
        self.log(f"  building {name} (once; cached in {self.root}) …")
        make(partial)
        for leftover in partial.parent.glob(f"{partial.name}-*"):  # -wal, -shm, lock files
            leftover.unlink()
        partial.rename(final)
        self.log(f"  built {name} in {time.perf_counter() - started:.0f} s")
        return final

    def articles(self, count: int) -> Path:
        """A folder of ``count`` seed-format article files."""
        return self._build(
            f"articles-{count}", lambda path: write_articles(path, count, seed=0, **SHARES)
        )

    def project(self, count: int) -> Path:
        """The articles imported and coded, plus the dense article; no history beyond that."""

        def make(path: Path) -> None:
            with Project.create(path, coder=CODER, name=f"bench {count}") as project:
                # Opened again and again by the benchmarks: no daily backup copies.
                project.set_setting("backups_daily", False)
                import_paths(project, [self.articles(count)])
                annotate_project(
                    project,
                    seed=0,
                    claims_per_document=CODING_PER_ARTICLE,
                    mentions_per_document=CODING_PER_ARTICLE,
                )
                add_dense_document(project)
                project.clear_history()

        return self._build(f"project-{count}.claimdesk", make)

    def edit_project(self) -> Path:
        """10,000 coded articles with more coding until there are 500,000 claims."""

        def make(path: Path) -> None:
            shutil.copyfile(self.project(10_000), path)
            with Project.open(path, coder=CODER) as project:
                seed = 1
                while project.counts()["claims"] < EDIT_CLAIMS:
                    annotate_project(
                        project, seed=seed, claims_per_document=10, mentions_per_document=0
                    )
                    seed += 1
                project.clear_history()

        return self._build("project-edits.claimdesk", make)


def dense_text() -> str:
    """A 50,000-character article (seed format, with emoji) for the reading view."""
    return make_article(random.Random(7), language="nl", size=DENSE_CHARS + 4000)


def add_dense_document(project: Project) -> int:
    """Add the dense article with 1,000 overlapping claims and 300 mentions; returns its id."""
    doc = parse_article(dense_text(), file="dense/long-article.txt")
    document_id = project.add_document(doc).id
    assert document_id is not None
    rng = random.Random(11)
    text = doc.text
    stances = [s.id for s in project.codebook().stances]
    actors = [a.id for a in project.actors()]
    claims, seen = [], set()
    while len(claims) < DENSE_CLAIMS:
        start = rng.randrange(len(text) - 1)
        # One to four sentences: nested and overlapping spans, as coders make them.
        end = min(len(text), start + rng.randint(1, 4) * 120)
        start, end = sentence_bounds(text, start, end)
        if start >= end or (start, end, len(claims) % 7) in seen:
            continue
        seen.add((start, end, len(claims) % 7))
        claims.append(
            Claim(
                document=document_id,
                start=start,
                end=end,
                claimant=rng.choice(actors),
                stance=rng.choice(stances),
            )
        )
    mentions = []
    while len(mentions) < DENSE_MENTIONS:
        start = rng.randrange(len(text) - 20)
        end = start + rng.randint(3, 20)
        if text[start:end].strip() != text[start:end]:
            continue
        mentions.append(
            Mention(document=document_id, start=start, end=end, actor=rng.choice(actors))
        )
    project.add_claims(claims)
    project.add_mentions(mentions)
    return document_id


def dense_document(project: Project) -> int:
    """The id of the dense article in a benchmark project."""
    return project.document_id("dense/long-article.txt")
