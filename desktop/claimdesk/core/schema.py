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


#: The ordered migrations: ``MIGRATIONS[n - 1]`` brings a file to version ``n``.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, *, current: int, target: int = SCHEMA_VERSION) -> None:
    """Run migrations ``current + 1 .. target`` inside the caller's transaction."""
    for version in range(current + 1, target + 1):
        MIGRATIONS[version - 1](conn)
        conn.execute(f"PRAGMA user_version = {version}")
