"""The side panel for the selected claim: claimant, stance, target, addressee, tags, note.

Every field saves at once through ``ui.operations``: Enter in a text field,
a click on a stance, or leaving the note. Names complete over actors' names
and aliases; a name the project does not know creates the actor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.model import Actor, Claim, Codebook
from claimdesk.ui.operations import claims as ops

Perform = Callable[..., Any]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def resolve_name(text: str, names: list[str]) -> str | None:
    """The name a typed text means: an exact match, else the first that starts with it,
    else the first that contains it; None when nothing does."""
    wanted = _fold(text)
    if not wanted:
        return None
    folded = [(_fold(n), n) for n in names]
    for test in (
        lambda f: f == wanted,
        lambda f: f.startswith(wanted),
        lambda f: any(w.startswith(wanted) for w in f.split()),
        lambda f: wanted in f,
    ):
        for f, name in folded:
            if test(f):
                return name
    return None


class CompletingLineEdit(QLineEdit):
    """A line edit with case-insensitive completion that commits on Enter or on leaving it."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated.connect(self._activated)
        self.setCompleter(completer)
        self.returnPressed.connect(self._commit)
        self._last = ""
        self.setClearButtonEnabled(True)

    def set_choices(self, names: list[str]) -> None:
        self._model.setStringList(names)

    def choices(self) -> list[str]:
        return self._model.stringList()

    def set_value(self, text: str) -> None:
        self._last = text
        self.setText(text)

    def _activated(self, text: str) -> None:
        self.setText(text)
        self._commit()

    def _commit(self) -> None:
        if self.text() != self._last:
            self._last = self.text()
            self.committed.emit(self.text())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not (self.completer() and self.completer().popup().isVisible()):
            self._commit()


class NoteEdit(QPlainTextEdit):
    """The note field: saved when the coder pauses typing or leaves it."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Note (Markdown)")
        self._last = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(800)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._timer.start)

    def set_value(self, text: str) -> None:
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self._last = text

    def commit(self) -> None:
        self._timer.stop()
        if self.toPlainText() != self._last:
            self._last = self.toPlainText()
            self.committed.emit(self._last)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()


class ClaimPanel(QFrame):
    """Shows and edits the selected claim; empty and disabled when none is selected."""

    def __init__(self, perform: Perform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimPanel")
        self._perform = perform
        self._claim: Claim | None = None
        self._actors: dict[int, Actor] = {}
        self._actor_by_name: dict[str, int] = {}
        self._codebook = Codebook()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        title = QLabel("Claim")
        title.setProperty("sectionTitle", True)
        layout.addWidget(title)
        self.quote = QLabel("Select text in the article and press C to code a claim.")
        self.quote.setObjectName("claimQuote")
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # article text, never markup
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.quote)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.claimant = CompletingLineEdit()
        self.claimant.setObjectName("claimantEdit")
        self.claimant.setPlaceholderText("Who makes the claim? (type a name)")
        self.claimant.committed.connect(lambda text: self._edit(ops.set_claimant, name=text))
        form.addRow("Claimant", self.claimant)

        self.stance_box = QWidget()
        self.stance_grid = QGridLayout(self.stance_box)
        self.stance_grid.setContentsMargins(0, 0, 0, 0)
        self.stance_grid.setSpacing(4)
        self.stances = QButtonGroup(self)
        self.stances.setExclusive(True)
        self.stances.idClicked.connect(self._stance_clicked)
        form.addRow("Stance", self.stance_box)

        self.target = CompletingLineEdit()
        self.target.setObjectName("targetEdit")
        self.target.setPlaceholderText("Toward what: an issue, or actor: Name")
        self.target.committed.connect(lambda text: self._edit(ops.set_target, label=text))
        form.addRow("Target", self.target)

        self.addressee = CompletingLineEdit()
        self.addressee.setObjectName("addresseeEdit")
        self.addressee.setPlaceholderText("Addressed to (optional)")
        self.addressee.committed.connect(lambda text: self._edit(ops.set_addressee, name=text))
        form.addRow("Addressee", self.addressee)

        self.tags = CompletingLineEdit()
        self.tags.setObjectName("tagsEdit")
        self.tags.setPlaceholderText("Tags, separated by commas")
        self.tags.committed.connect(
            lambda text: self._edit(ops.set_tags, labels=[t for t in text.split(",") if t.strip()])
        )
        form.addRow("Tags", self.tags)

        self.note = NoteEdit()
        self.note.setObjectName("noteEdit")
        self.note.setMaximumHeight(90)
        self.note.committed.connect(lambda text: self._edit(ops.set_note, note=text))
        form.addRow("Note", self.note)
        layout.addLayout(form)

        # The codebook's further claim variables (ui/variables_form.py), below the built-in fields.
        from claimdesk.ui.variables_form import VariablesForm

        self.variables = VariablesForm()
        self.variables.committed.connect(self._variable_committed)
        layout.addWidget(self.variables)

        meta = QHBoxLayout()
        self.meta = QLabel("")
        self.meta.setObjectName("documentMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)  # a coder's name
        self.meta.setWordWrap(True)
        meta.addWidget(self.meta, 1)
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete")
        self.delete_button.setToolTip("Delete this claim (Delete); Undo brings it back")
        meta.addWidget(self.delete_button)
        layout.addLayout(meta)
        layout.addStretch(1)

        self.setTabOrder(self.claimant, self.target)
        self.setTabOrder(self.target, self.addressee)
        self.setTabOrder(self.addressee, self.tags)
        self.setTabOrder(self.tags, self.note)
        self.show_claim(None)

    # ------------------------------------------------------------------ data

    def set_codebook(self, codebook: Codebook) -> None:
        """Rebuild the stance buttons and the target completions."""
        self._codebook = codebook
        for button in self.stances.buttons():
            self.stances.removeButton(button)
            button.deleteLater()
        columns = 2
        for n, stance in enumerate(codebook.stances):
            label = f"{stance.key}  {stance.label}" if stance.key else stance.label
            button = QPushButton(label)
            button.setObjectName(f"stanceButton_{stance.label}")
            button.setCheckable(True)
            button.setProperty("stance", True)
            color = QColor(stance.color or "#9e9e9e")
            button.setStyleSheet(f"QPushButton {{ border-left: 5px solid {color.name()}; }}")
            tip = stance.description or stance.label
            button.setToolTip(f"{tip} (key {stance.key})" if stance.key else tip)
            assert stance.id is not None
            self.stances.addButton(button, stance.id)
            self.stance_grid.addWidget(button, n // columns, n % columns)
        self._update_target_choices()
        self.tags.set_choices([t.label for t in codebook.tags])
        self.variables.set_variables([v for v in codebook.variables if v.applies_to == "claim"])
        self.variables.setVisible(not self.variables.empty)
        self.variables.show_values(self._claim.variables if self._claim else None)

    def set_actors(self, actors: list[Actor]) -> None:
        self._actors = {a.id: a for a in actors if a.id is not None}
        self._actor_by_name = {}
        for actor in actors:
            for name in actor.names():
                self._actor_by_name.setdefault(name, actor.id or 0)
        names = sorted(self._actor_by_name, key=str.casefold)
        self.claimant.set_choices(names)
        self.addressee.set_choices(names)
        self._update_target_choices()
        self.variables.set_actors(actors)

    def _update_target_choices(self) -> None:
        choices = [i.label for i in self._codebook.issues]
        choices += [f"actor: {a.name}" for a in self._actors.values()]
        self.target.set_choices(choices)

    def actor_name(self, actor_id: int | None) -> str:
        actor = self._actors.get(actor_id) if actor_id is not None else None
        return actor.name if actor else ""

    @property
    def claim(self) -> Claim | None:
        return self._claim

    def show_claim(self, claim: Claim | None, *, coder: str = "") -> None:
        """Show a claim's coding (None: nothing selected)."""
        self.note.commit()
        self._claim = claim
        editable = claim is not None
        for widget in (
            self.claimant,
            self.stance_box,
            self.target,
            self.addressee,
            self.tags,
            self.note,
            self.delete_button,
        ):
            widget.setEnabled(editable)
        if claim is None:
            self.quote.setText("Select text in the article and press C to code a claim.")
            for edit in (self.claimant, self.target, self.addressee, self.tags):
                edit.set_value("")
            self.note.set_value("")
            self.variables.show_values(None)
            self._check_stance(None)
            self.meta.setText("")
            return
        quote = claim.quote if len(claim.quote) <= 220 else claim.quote[:217] + "…"
        self.quote.setText(f"“{quote}”")
        self.claimant.set_value(self.actor_name(claim.claimant))
        self.addressee.set_value(self.actor_name(claim.addressee))
        if claim.target_issue is not None:
            issue = self._codebook.issue(claim.target_issue)
            self.target.set_value(issue.label if issue else "")
        elif claim.target_actor is not None:
            self.target.set_value(f"actor: {self.actor_name(claim.target_actor)}")
        else:
            self.target.set_value("")
        labels = {t.uuid: t.label for t in self._codebook.tags}
        self.tags.set_value(", ".join(labels.get(t, t) for t in claim.tags))
        self.note.set_value(claim.note)
        self.variables.show_values(claim.variables)
        self._check_stance(claim.stance)
        modified = claim.modified[:16].replace("T", " ")
        self.meta.setText(f"Coded by {coder or 'unknown'} · modified {modified} UTC")

    def _check_stance(self, stance_id: int | None) -> None:
        self.stances.setExclusive(False)
        for button in self.stances.buttons():
            button.setChecked(self.stances.id(button) == stance_id)
        self.stances.setExclusive(True)

    # ------------------------------------------------------------------ edits

    def _edit(self, operation: Callable[..., Any], **kwargs: Any) -> None:
        if self._claim is None or self._claim.id is None:
            return
        if operation in (ops.set_claimant, ops.set_addressee) and kwargs.get("name"):
            resolved = resolve_name(kwargs["name"], list(self._actor_by_name))
            if resolved is not None:
                kwargs["name"] = resolved
        self._perform(operation, claim=self._claim.id, **kwargs)

    def _variable_committed(self, variable: str, value: Any) -> None:
        from claimdesk.ui.operations.codebook import set_claim_variable

        self._edit(set_claim_variable, variable=variable, value=value)

    def _stance_clicked(self, stance_id: int) -> None:
        self._edit(ops.set_stance, stance=stance_id)

    def set_stance_by_key(self, key: str) -> bool:
        """Set the stance whose shortcut digit is ``key``; False when none has it."""
        for stance in self._codebook.stances:
            if stance.key == key and stance.id is not None:
                self._edit(ops.set_stance, stance=stance.id)
                return True
        return False
