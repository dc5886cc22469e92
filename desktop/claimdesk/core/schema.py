"""The project file's schema and its ordered migrations.

``PRAGMA user_version`` is the schema version; ``PRAGMA application_id``
marks the file as a Claimdesk project. Each migration takes a connection
inside an open transaction and brings the schema from version ``n - 1`` to
``n``. Only the store (and these migrations) write SQL on the project file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

#: ``PRAGMA application_id`` of a Claimdesk project ("CLMD").
APPLICATION_ID = 0x434C4D44

FTS_TOKENIZE = "unicode61 remove_diacritics 2"

_V1 = """
CREATE TABLE project (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    memo TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE stances (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    value REAL,
    color TEXT NOT NULL DEFAULT '',
    key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    deleted TEXT
);
CREATE TABLE issues (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    parent_id INTEGER REFERENCES issues(id),
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    deleted TEXT
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    deleted TEXT
);
CREATE TABLE actor_types (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE variables (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    applies_to TEXT NOT NULL CHECK (applies_to IN ('claim', 'document')),
    kind TEXT NOT NULL CHECK (kind IN ('categorical', 'text', 'number', 'actor')),
    "values" TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    deleted TEXT
);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'other',
    aliases TEXT NOT NULL DEFAULT '[]',
    parent_id INTEGER REFERENCES actors(id),
    color TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted TEXT
);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    started TEXT NOT NULL,
    finished TEXT,
    coder_id INTEGER REFERENCES coders(id),
    source TEXT NOT NULL DEFAULT '',
    report TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    published TEXT,
    source TEXT NOT NULL DEFAULT '',
    language TEXT,
    url TEXT NOT NULL DEFAULT '',
    file TEXT NOT NULL DEFAULT '',
    other_files TEXT NOT NULL DEFAULT '[]',
    encoding TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    variables TEXT NOT NULL DEFAULT '{}',
    structure TEXT NOT NULL DEFAULT '[]',
    memo TEXT NOT NULL DEFAULT '',
    import_id INTEGER REFERENCES imports(id),
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted TEXT
);
CREATE UNIQUE INDEX documents_sha256 ON documents(sha256) WHERE deleted IS NULL;
CREATE INDEX documents_published ON documents(published);
CREATE TABLE document_status (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    status TEXT NOT NULL CHECK (status IN ('todo', 'in-progress', 'done')),
    modified TEXT NOT NULL,
    UNIQUE (document_id, coder_id)
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    claimant_id INTEGER REFERENCES actors(id),
    stance_id INTEGER REFERENCES stances(id),
    target_issue_id INTEGER REFERENCES issues(id),
    target_actor_id INTEGER REFERENCES actors(id),
    addressee_id INTEGER REFERENCES actors(id),
    tags TEXT NOT NULL DEFAULT '[]',
    variables TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders(id),
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted TEXT,
    CHECK (start >= 0 AND "end" > start),
    CHECK (target_issue_id IS NULL OR target_actor_id IS NULL)
);
CREATE INDEX claims_document ON claims(document_id, start);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    actor_id INTEGER REFERENCES actors(id),
    coder_id INTEGER REFERENCES coders(id),
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted TEXT,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX mentions_document ON mentions(document_id, start);
CREATE INDEX mentions_actor ON mentions(actor_id);
CREATE TABLE undo_steps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    coder_id INTEGER REFERENCES coders(id),
    time TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone'))
);
CREATE TABLE undo_rows (
    id INTEGER PRIMARY KEY,
    step_id INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX undo_rows_step ON undo_rows(step_id);
"""

#: The document index's insert trigger; bulk imports drop and recreate it.
DOCUMENTS_FTS_INSERT_TRIGGER = """
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, text, memo)
  VALUES (new.id, new.title, new.text, new.memo);
END
"""

_V1_FTS = f"""
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, memo, content='documents', content_rowid='id', tokenize='{FTS_TOKENIZE}'
);
{DOCUMENTS_FTS_INSERT_TRIGGER};
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text, memo)
  VALUES ('delete', old.id, old.title, old.text, old.memo);
END;
CREATE TRIGGER documents_au AFTER UPDATE OF title, text, memo ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, text, memo)
  VALUES ('delete', old.id, old.title, old.text, old.memo);
  INSERT INTO documents_fts(rowid, title, text, memo) VALUES (new.id, new.title, new.text, new.memo);
END;
"""

# Version 2: claim quotes and notes become searchable (DESIGN decision 8).
_V2 = f"""
CREATE VIRTUAL TABLE claims_fts USING fts5(
    quote, note, content='claims', content_rowid='id', tokenize='{FTS_TOKENIZE}'
);
CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
  INSERT INTO claims_fts(rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
  INSERT INTO claims_fts(claims_fts, rowid, quote, note) VALUES ('delete', old.id, old.quote, old.note);
END;
CREATE TRIGGER claims_au AFTER UPDATE OF quote, note ON claims BEGIN
  INSERT INTO claims_fts(claims_fts, rowid, quote, note) VALUES ('delete', old.id, old.quote, old.note);
  INSERT INTO claims_fts(rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
"""

# Version 3: documents assigned to coders; ``reliability`` marks the sample every coder codes.
_V3 = """
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    reliability INTEGER NOT NULL DEFAULT 0 CHECK (reliability IN (0, 1)),
    created TEXT NOT NULL,
    UNIQUE (document_id, coder_id)
);
CREATE INDEX assignments_coder ON assignments(coder_id);
"""

# Version 4: actors (names, aliases, notes) and the project memo become searchable.
_V4 = f"""
CREATE VIRTUAL TABLE actors_fts USING fts5(
    name, aliases, notes, content='actors', content_rowid='id', tokenize='{FTS_TOKENIZE}'
);
CREATE TRIGGER actors_ai AFTER INSERT ON actors BEGIN
  INSERT INTO actors_fts(rowid, name, aliases, notes) VALUES (new.id, new.name, new.aliases, new.notes);
END;
CREATE TRIGGER actors_ad AFTER DELETE ON actors BEGIN
  INSERT INTO actors_fts(actors_fts, rowid, name, aliases, notes)
  VALUES ('delete', old.id, old.name, old.aliases, old.notes);
END;
CREATE TRIGGER actors_au AFTER UPDATE OF name, aliases, notes ON actors BEGIN
  INSERT INTO actors_fts(actors_fts, rowid, name, aliases, notes)
  VALUES ('delete', old.id, old.name, old.aliases, old.notes);
  INSERT INTO actors_fts(rowid, name, aliases, notes) VALUES (new.id, new.name, new.aliases, new.notes);
END;
INSERT INTO actors_fts(actors_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE project_fts USING fts5(
    name, memo, content='project', content_rowid='id', tokenize='{FTS_TOKENIZE}'
);
CREATE TRIGGER project_ai AFTER INSERT ON project BEGIN
  INSERT INTO project_fts(rowid, name, memo) VALUES (new.id, new.name, new.memo);
END;
CREATE TRIGGER project_ad AFTER DELETE ON project BEGIN
  INSERT INTO project_fts(project_fts, rowid, name, memo) VALUES ('delete', old.id, old.name, old.memo);
END;
CREATE TRIGGER project_au AFTER UPDATE OF name, memo ON project BEGIN
  INSERT INTO project_fts(project_fts, rowid, name, memo) VALUES ('delete', old.id, old.name, old.memo);
  INSERT INTO project_fts(rowid, name, memo) VALUES (new.id, new.name, new.memo);
END;
INSERT INTO project_fts(project_fts) VALUES ('rebuild');
"""

# Document versions and orphans: a document's text can change (edited, or re-imported with new
# text); the text it replaced is kept, and a claim or mention that could not be placed in the
# new text is kept as an orphan (``orphaned`` is when), never deleted.
_DOCUMENT_VERSIONS = """
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    structure TEXT NOT NULL DEFAULT '[]',
    replaced TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    coder_id INTEGER REFERENCES coders(id),
    import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL
);
CREATE INDEX document_versions_document ON document_versions(document_id);
ALTER TABLE claims ADD COLUMN orphaned TEXT;
ALTER TABLE mentions ADD COLUMN orphaned TEXT;
"""


# Corpus scale (10,000 documents, 500,000 claims): an index for every query the window runs
# (tests/test_query_plans.py checks them). A document's row holds its text, so any column
# after ``text`` (``deleted``, ``file``, ``published``...) costs a walk through the text's
# overflow pages: the document list filters, sorts and counts from one covering index instead.
# Claims are counted (per document, and in all), and coders found, from indexes that hold
# ``deleted`` and ``orphaned`` (SQLite 3.40 reads the row to check a partial index's condition). Full-text ranking is
# configured once (titles weigh ten times the text), so searches can ``ORDER BY rank``,
# which FTS5 sorts itself. Orphans are found from an index of the few there are, and each
# actor's use (claimant, target, addressee, mentions) is counted from covering indexes.
_CORPUS_SCALE = """
CREATE INDEX documents_live ON documents(deleted, published, title, source, file, language);
CREATE INDEX documents_file ON documents(file);
CREATE INDEX claims_live ON claims(document_id, deleted, orphaned);
CREATE INDEX claims_coder ON claims(coder_id, deleted, orphaned);
CREATE INDEX mentions_coder ON mentions(coder_id, deleted, orphaned);
CREATE INDEX document_status_coder ON document_status(coder_id, status);
CREATE INDEX claims_orphaned ON claims(orphaned) WHERE orphaned IS NOT NULL;
CREATE INDEX mentions_orphaned ON mentions(orphaned) WHERE orphaned IS NOT NULL;
DROP INDEX claims_claimant;
CREATE INDEX claims_claimant ON claims(claimant_id, deleted, document_id);
CREATE INDEX claims_target_actor ON claims(target_actor_id, deleted, document_id);
CREATE INDEX claims_addressee ON claims(addressee_id, deleted, document_id);
DROP INDEX mentions_actor;
CREATE INDEX mentions_actor ON mentions(actor_id, deleted, document_id);
INSERT INTO documents_fts(documents_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 1.0)');
CREATE TABLE tallies (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
"""

#: Claims and mentions not in the trash nor orphaned, kept counted by triggers: the status
#: bar shows them after every edit, and counting half a million rows takes a tenth of a second.
_TALLIED = ("claims", "mentions")
_TALLY = """
INSERT INTO tallies (name, n)
  SELECT '{t}', COUNT(*) FROM {t} WHERE deleted IS NULL AND orphaned IS NULL;
CREATE TRIGGER {t}_tally_ai AFTER INSERT ON {t}
  WHEN new.deleted IS NULL AND new.orphaned IS NULL BEGIN
  UPDATE tallies SET n = n + 1 WHERE name = '{t}';
END;
CREATE TRIGGER {t}_tally_ad AFTER DELETE ON {t}
  WHEN old.deleted IS NULL AND old.orphaned IS NULL BEGIN
  UPDATE tallies SET n = n - 1 WHERE name = '{t}';
END;
CREATE TRIGGER {t}_tally_au AFTER UPDATE OF deleted, orphaned ON {t} BEGIN
  UPDATE tallies
  SET n = n + (new.deleted IS NULL AND new.orphaned IS NULL)
            - (old.deleted IS NULL AND old.orphaned IS NULL)
  WHERE name = '{t}';
END;
"""


def _executescript(conn: sqlite3.Connection, script: str) -> None:
    # ``executescript`` would commit the open transaction; run statement by statement.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def _migrate_1(conn: sqlite3.Connection) -> None:
    _executescript(conn, _V1)
    _executescript(conn, _V1_FTS)


def _migrate_2(conn: sqlite3.Connection) -> None:
    _executescript(conn, _V2)


def _migrate_3(conn: sqlite3.Connection) -> None:
    _executescript(conn, _V3)


def _migrate_4(conn: sqlite3.Connection) -> None:
    _executescript(conn, _V4)


def _migrate_document_versions(conn: sqlite3.Connection) -> None:
    _executescript(conn, _DOCUMENT_VERSIONS)


def _migrate_corpus_scale(conn: sqlite3.Connection) -> None:
    _executescript(conn, _CORPUS_SCALE)
    for table in _TALLIED:
        _executescript(conn, _TALLY.format(t=table))


#: The ordered migrations: ``MIGRATIONS[n - 1]`` brings a file to version ``n``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1,
    _migrate_2,
    _migrate_3,
    _migrate_4,
    _migrate_document_versions,
    _migrate_corpus_scale,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, *, current: int, target: int = SCHEMA_VERSION) -> None:
    """Run migrations ``current + 1 .. target`` inside the caller's transaction."""
    for version in range(current + 1, target + 1):
        MIGRATIONS[version - 1](conn)
        conn.execute(f"PRAGMA user_version = {version}")
