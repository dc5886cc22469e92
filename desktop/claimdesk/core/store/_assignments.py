"""The team part of the store: which coder codes which documents, and how far each has got.

A study usually draws a *reliability sample* that every coder codes, so that
their agreement can be measured, and splits the other documents between the
coders. Both live in the ``assignments`` table: one row per document and
coder, ``reliability = 1`` for the documents of the sample.

>>> changes = project.assign_documents(coders=["anna", "ben"], reliability=4, seed=7)
>>> [(p.coder, p.assigned, p.reliability) for p in project.coder_progress() if p.assigned]
[('anna', 9, 4), ('ben', 9, 4)]
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimdesk.core.errors import ProjectError
from claimdesk.core.model import Changes, utc_now
from claimdesk.core.store._base import ProjectBase


@dataclass(slots=True)
class CoderProgress:
    """How far one coder has got: assigned documents, done, in progress, claims."""

    coder: str
    coder_id: int
    assigned: int = 0
    #: Of the assigned documents, those in the reliability sample.
    reliability: int = 0
    #: Of the assigned documents, those the coder marked done.
    done: int = 0
    in_progress: int = 0
    reliability_done: int = 0
    #: Claims by this coder, anywhere in the project.
    claims: int = 0
    #: Documents the coder marked done, assigned or not.
    done_total: int = 0

    @property
    def to_do(self) -> int:
        return self.assigned - self.done - self.in_progress


def plan_assignments(
    documents: Sequence[int],
    coders: Sequence[str],
    *,
    reliability: int = 0,
    seed: int | None = None,
) -> list[tuple[int, str, bool]]:
    """Draw a reliability sample for every coder and deal out the rest: ``[(document, coder, in sample)]``.

    The sample is ``reliability`` documents drawn at random; the others are
    shuffled and dealt to the coders in turn, so that each gets as many as
    the others (give or take one). The same ``seed`` gives the same plan.
    """
    names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if not names:
        raise ProjectError("name at least one coder to assign documents to")
    if not 0 <= reliability <= len(documents):
        raise ProjectError(
            f"the reliability sample cannot hold {reliability} of {len(documents)} documents"
        )
    rng = random.Random(seed)
    sample = set(rng.sample(list(documents), reliability))
    rest = [d for d in documents if d not in sample]
    rng.shuffle(rest)
    plan = [(d, coder, True) for d in documents if d in sample for coder in names]
    plan += [(d, names[i % len(names)], False) for i, d in enumerate(rest)]
    order = {name: i for i, name in enumerate(names)}
    return sorted(plan, key=lambda row: (order[row[1]], row[0]))


class AssignmentsMixin(ProjectBase):
    # ------------------------------------------------------------------ assignments

    def assign_documents(
        self,
        *,
        coders: Sequence[str],
        reliability: int = 0,
        documents: Iterable[int] | None = None,
        seed: int | None = None,
    ) -> Changes:
        """Assign documents to coders: a reliability sample to all of them, the rest split.

        Replaces the earlier assignments of these documents, as one undo step.

        :param coders: the coders' names (new names become coders)
        :param reliability: how many documents every coder codes
        :param documents: which documents (default: every one not in the trash)
        :param seed: makes the random draw repeatable
        """
        ids = list(documents) if documents is not None else self._live_document_ids()
        plan = plan_assignments(ids, coders, reliability=reliability, seed=seed)
        now = utc_now()
        with self.write("Assign Documents") as step:
            self._clear_assignments(ids)
            coder_ids = {name: self.coder_id(name) for name in dict.fromkeys(c for _, c, _ in plan)}
            for document, coder, sample in plan:
                step.insert(
                    "assignments",
                    {
                        "document_id": document,
                        "coder_id": coder_ids[coder],
                        "reliability": int(sample),
                        "created": now,
                    },
                )
            step.changes.documents.update(ids)
        return step.changes

    def assign(
        self, documents: Iterable[int], *, coder: str | None = None, reliability: bool = False
    ) -> Changes:
        """Assign documents to one coder (default: the current one), keeping other assignments."""
        ids = list(documents)
        coder_id = self.coder_id(coder)
        with self.write("Assign Documents") as step:
            for document in ids:
                row = self._conn.execute(
                    "SELECT id FROM assignments WHERE document_id = ? AND coder_id = ?",
                    (document, coder_id),
                ).fetchone()
                if row:
                    step.update("assignments", row[0], {"reliability": int(reliability)})
                else:
                    step.insert(
                        "assignments",
                        {
                            "document_id": document,
                            "coder_id": coder_id,
                            "reliability": int(reliability),
                            "created": utc_now(),
                        },
                    )
            step.changes.documents.update(ids)
        return step.changes

    def unassign(self, documents: Iterable[int]) -> Changes:
        """Take documents away from every coder they were assigned to."""
        ids = list(documents)
        with self.write("Unassign Documents") as step:
            self._clear_assignments(ids)
            step.changes.documents.update(ids)
        return step.changes

    def _clear_assignments(self, documents: Sequence[int]) -> None:
        step = self._step
        if step is None:
            raise RuntimeError("assignments change inside Project.write()")
        for start in range(0, len(documents), 500):
            chunk = documents[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT id FROM assignments WHERE document_id IN ({marks})", chunk
            ).fetchall()
            for (row_id,) in rows:
                step.delete("assignments", row_id)

    def _live_document_ids(self) -> list[int]:
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM documents WHERE deleted IS NULL ORDER BY id"
            )
        ]

    def assignments(self) -> dict[int, dict[str, bool]]:
        """``{document id: {coder name: in the reliability sample}}`` for assigned documents."""
        result: dict[int, dict[str, bool]] = {}
        for document, name, sample in self._conn.execute(
            "SELECT a.document_id, c.name, a.reliability FROM assignments a "
            "JOIN coders c ON c.id = a.coder_id JOIN documents d ON d.id = a.document_id "
            "WHERE d.deleted IS NULL ORDER BY a.document_id, c.id"
        ):
            result.setdefault(document, {})[name] = bool(sample)
        return result

    def assigned_documents(self, coder: str | None = None) -> list[int]:
        """The documents assigned to a coder (default: the current one), in id order."""
        coder_id = self.coder_id(coder)
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT a.document_id FROM assignments a JOIN documents d ON d.id = a.document_id "
                "WHERE a.coder_id = ? AND d.deleted IS NULL ORDER BY a.document_id",
                (coder_id,),
            )
        ]

    def assignment_progress(self, coder: str | None = None) -> tuple[int, int, int, int]:
        """``(done, assigned, sample done, sample)``: a coder's assigned documents, in one query."""
        row = self._conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(s.status = 'done'), 0), COALESCE(SUM(a.reliability), 0), "
            "COALESCE(SUM(a.reliability AND s.status = 'done'), 0) FROM assignments a "
            "JOIN documents d ON d.id = a.document_id LEFT JOIN document_status s "
            "ON s.document_id = a.document_id AND s.coder_id = a.coder_id "
            "WHERE a.coder_id = ? AND d.deleted IS NULL",
            (self.coder_id(coder),),
        ).fetchone()
        return row[1], row[0], row[3], row[2]

    def reliability_sample(self) -> list[int]:
        """The documents of the reliability sample (assigned to coders with ``reliability``)."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT DISTINCT a.document_id FROM assignments a "
                "JOIN documents d ON d.id = a.document_id "
                "WHERE a.reliability = 1 AND d.deleted IS NULL ORDER BY a.document_id"
            )
        ]

    # ------------------------------------------------------------------ what each coder has done

    def coded_documents(self) -> dict[int, set[int]]:
        """``{coder id: documents}`` each coder has coded: marked done, or made a claim in."""
        result: dict[int, set[int]] = {}
        for coder_id, document in self._conn.execute(
            "SELECT s.coder_id, s.document_id FROM document_status s "
            "JOIN documents d ON d.id = s.document_id WHERE s.status = 'done' AND d.deleted IS NULL "
            "UNION SELECT c.coder_id, c.document_id FROM claims c "
            "JOIN documents d ON d.id = c.document_id "
            "WHERE c.deleted IS NULL AND d.deleted IS NULL AND c.coder_id IS NOT NULL"
        ):
            result.setdefault(coder_id, set()).add(document)
        return result

    def coder_progress(self) -> list[CoderProgress]:
        """Every coder with assignments, statuses or claims, and how far each has got."""
        conn = self._conn
        progress = {
            coder_id: CoderProgress(coder=name, coder_id=coder_id)
            for coder_id, name in conn.execute("SELECT id, name FROM coders ORDER BY id")
        }
        for coder_id, sample, status in conn.execute(
            "SELECT a.coder_id, a.reliability, s.status FROM assignments a "
            "JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN document_status s ON s.document_id = a.document_id AND s.coder_id = a.coder_id "
            "WHERE d.deleted IS NULL"
        ):
            p = progress[coder_id]
            p.assigned += 1
            p.reliability += sample
            if status == "done":
                p.done += 1
                p.reliability_done += sample
            elif status == "in-progress":
                p.in_progress += 1
        for coder_id, count in conn.execute(
            "SELECT c.coder_id, COUNT(*) FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE c.deleted IS NULL AND d.deleted IS NULL AND c.coder_id IS NOT NULL "
            "GROUP BY c.coder_id"
        ):
            progress[coder_id].claims = count
        for coder_id, count in conn.execute(
            "SELECT s.coder_id, COUNT(*) FROM document_status s "
            "JOIN documents d ON d.id = s.document_id "
            "WHERE s.status = 'done' AND d.deleted IS NULL GROUP BY s.coder_id"
        ):
            progress[coder_id].done_total = count
        return [p for p in progress.values() if p.assigned or p.claims or p.done_total]
