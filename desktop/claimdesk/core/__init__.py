"""The Qt-free core of Claimdesk: model, store, text helpers, matching.

Nothing under ``claimdesk.core`` imports Qt, so everything here works from
scripts, notebooks and the command line::

    >>> from claimdesk.core import Project
    >>> with Project.create("study.claimdesk") as project:
    ...     project.document_count()
    0
"""

from claimdesk.core.errors import (
    ClaimdeskError,
    DecodeError,
    FormatError,
    NotAProject,
    ProjectError,
    ProjectTooNew,
    ReadOnlyProject,
    SpanMismatch,
    SpanOutOfRange,
)
from claimdesk.core.model import (
    Actor,
    Changes,
    Claim,
    Codebook,
    Coder,
    Document,
    Issue,
    Mention,
    Stance,
    Tag,
    Variable,
)
from claimdesk.core.store import Project

__all__ = [
    "Actor",
    "Changes",
    "Claim",
    "ClaimdeskError",
    "Codebook",
    "Coder",
    "DecodeError",
    "Document",
    "FormatError",
    "Issue",
    "Mention",
    "NotAProject",
    "Project",
    "ProjectError",
    "ProjectTooNew",
    "ReadOnlyProject",
    "SpanMismatch",
    "SpanOutOfRange",
    "Stance",
    "Tag",
    "Variable",
]
