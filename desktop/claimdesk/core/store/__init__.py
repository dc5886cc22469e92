"""The project file: one SQLite database per project, the single source of truth.

Every edit is one method of :class:`Project`, one transaction and one named
undo step; it returns a :class:`~claimdesk.core.model.Changes` record. The
GUI, the command line and the formats all write through these methods.

>>> project = Project.create("study.claimdesk")
>>> changes = project.add_actor("Donald Trump", type="person", aliases=["Trump"])
>>> project.actor(changes.id).aliases
['Trump']
>>> project.undo().name
'Undo Add Actor'
"""

from claimdesk.core.store._actors import ActorsMixin, ActorUsage
from claimdesk.core.store._assignments import AssignmentsMixin, CoderProgress
from claimdesk.core.store._base import (
    IMPORT_BATCH,
    UNDO_LIMIT,
    UNSET,
    ProjectBase,
    backup_before_migration,
)
from claimdesk.core.store._codebook import CodebookMixin
from claimdesk.core.store._codebook_edit import CodebookEditMixin
from claimdesk.core.store._documents import DocumentsMixin, ImportResult
from claimdesk.core.store._exports import ExportsMixin, json_value
from claimdesk.core.store._records import RecordsMixin
from claimdesk.core.store._search import SearchHit, SearchMixin
from claimdesk.core.store._spans import SpansMixin
from claimdesk.core.store._versions import (
    DocumentVersion,
    Orphan,
    TextChange,
    VersionsMixin,
)


class Project(
    CodebookMixin,
    CodebookEditMixin,
    ActorsMixin,
    DocumentsMixin,
    SpansMixin,
    ExportsMixin,
    RecordsMixin,
    SearchMixin,
    AssignmentsMixin,
    VersionsMixin,
    ProjectBase,
):
    """An open project file. Create with :meth:`create`, open with :meth:`open`."""


__all__ = [
    "IMPORT_BATCH",
    "UNDO_LIMIT",
    "UNSET",
    "ActorUsage",
    "CoderProgress",
    "DocumentVersion",
    "ImportResult",
    "Orphan",
    "Project",
    "ProjectBase",
    "SearchHit",
    "TextChange",
    "backup_before_migration",
    "json_value",
]
