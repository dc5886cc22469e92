"""The actor manager's questions: which actor a merge keeps, what happens to a deleted actor's claims."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.model import Actor
from claimdesk.core.store import ActorUsage


class MergeActorsDialog(QDialog):
    """Which of the actors to keep; the others' claims, mentions and names move to it."""

    def __init__(
        self, actors: list[Actor], usage: dict[int, ActorUsage], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergeActorsDialog")
        self.setWindowTitle("Merge actors")
        layout = QVBoxLayout(self)
        label = QLabel(
            f"Merge {len(actors)} actors into one. Keep which one? The others' claims, mentions "
            "and names move to it (their names become aliases), and they go to the trash. "
            "Undo takes the whole merge back."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.group = QButtonGroup(self)
        most = max(actors, key=lambda a: _weight(usage.get(a.id or 0)))
        for actor in actors:
            assert actor.id is not None
            u = usage.get(actor.id) or ActorUsage()
            button = QRadioButton(f"{actor.name} ({actor.type}) — {u.describe()}")
            button.setObjectName(f"keep_{actor.id}")
            button.setChecked(actor is most)
            self.group.addButton(button, actor.id)
            layout.addWidget(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> int:
        return self.group.checkedId()

    def choose(self, actor_id: int) -> None:
        self.group.button(actor_id).setChecked(True)


def _weight(usage: ActorUsage | None) -> int:
    if usage is None:
        return 0
    return usage.claims + usage.targeted + usage.addressed + usage.mentions


class DeleteActorDialog(QDialog):
    """What happens to the claims of actors still in use: reassign them, clear them, or cancel."""

    def __init__(
        self,
        actors: list[Actor],
        used: dict[int, ActorUsage],
        others: list[Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deleteActorDialog")
        self.setWindowTitle("Delete actor" if len(actors) == 1 else "Delete actors")
        layout = QVBoxLayout(self)
        lines = [
            f"<b>{_html(a.name)}</b> is {used[a.id].describe()}." for a in actors if a.id in used
        ]
        label = QLabel("<br>".join(lines) + "<br><br>What should happen to them?")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.group = QButtonGroup(self)
        self.reassign = QRadioButton("Give its claims and mentions to:")
        self.reassign.setObjectName("deleteReassign")
        self.target = QComboBox()
        self.target.setObjectName("deleteReassignTarget")
        for actor in sorted(others, key=lambda a: a.name.casefold()):
            self.target.addItem(actor.name, actor.id)
        row = QHBoxLayout()
        row.addWidget(self.reassign)
        row.addWidget(self.target, 1)
        layout.addLayout(row)
        self.clear = QRadioButton(
            "Remove it from its claims (they keep no claimant); its mentions go to the trash"
        )
        self.clear.setObjectName("deleteClear")
        layout.addWidget(self.clear)
        self.group.addButton(self.reassign)
        self.group.addButton(self.clear)
        if others:
            self.reassign.setChecked(True)
        else:
            self.reassign.setEnabled(False)
            self.target.setEnabled(False)
            self.clear.setChecked(True)
        self.target.activated.connect(lambda _i: self.reassign.setChecked(True))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Delete")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, int | None]:
        """``("reassign", actor id)`` or ``("clear", None)``."""
        if self.reassign.isChecked() and self.target.currentData() is not None:
            return "reassign", self.target.currentData()
        return "clear", None


def _html(text: str) -> str:
    return html.escape(text)
