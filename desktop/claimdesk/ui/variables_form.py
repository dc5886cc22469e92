"""A form for the codebook's further variables (DESIGN decision 9) of a claim or a document.

One field per variable: a list of its values (categorical), a line of text,
a number, or an actor's name (stored as the actor's uuid). In the claim
panel each field saves as soon as it changes (``committed``); in the
document properties dialog the values are read when the dialog is accepted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from claimdesk.core.model import Actor, Variable
from claimdesk.ui.claimpanel import CompletingLineEdit


class VariablesForm(QWidget):
    """Fields for a list of variables; empty (and hidden by its owner) when there are none."""

    #: A field changed: ``(variable uuid, value)``; the value is None when the field was emptied.
    committed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variablesForm")
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._variables: list[Variable] = []
        self._fields: dict[str, QWidget] = {}
        self._actors: dict[int, Actor] = {}
        self._loading = False

    # ------------------------------------------------------------------ building

    def set_variables(self, variables: list[Variable]) -> None:
        """One field per variable, in the codebook's order."""
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._variables = list(variables)
        self._fields = {}
        for variable in self._variables:
            field = self._field(variable)
            field.setObjectName(f"variable_{variable.name}")
            if variable.description:
                field.setToolTip(variable.description)
            self._fields[variable.uuid] = field
            label = QLabel(variable.name)
            label.setTextFormat(Qt.TextFormat.PlainText)  # a name from a codebook file: no markup
            self._layout.addRow(label, field)

    def _field(self, variable: Variable) -> QWidget:
        uuid = variable.uuid
        if variable.kind == "categorical":
            combo = QComboBox()
            combo.addItem("", None)
            for value in variable.values:
                combo.addItem(value, value)
            combo.activated.connect(lambda _i, c=combo, u=uuid: self._emit(u, c.currentData()))
            return combo
        if variable.kind == "actor":
            edit = CompletingLineEdit()
            edit.setPlaceholderText("an actor's name")
            edit.set_choices(self._actor_names())
            edit.committed.connect(lambda text, u=uuid: self._emit(u, self._actor_uuid(text)))
            return edit
        edit = CompletingLineEdit()
        edit.setCompleter(None)
        if variable.kind == "number":
            edit.setValidator(QDoubleValidator())
            edit.setPlaceholderText("a number")
        edit.committed.connect(lambda text, u=uuid: self._emit(u, text.strip() or None))
        return edit

    def set_actors(self, actors: list[Actor]) -> None:
        """The actors an actor variable can name."""
        self._actors = {a.id: a for a in actors if a.id is not None}
        for variable in self._variables:
            field = self._fields.get(variable.uuid)
            if variable.kind == "actor" and isinstance(field, CompletingLineEdit):
                field.set_choices(self._actor_names())

    def _actor_names(self) -> list[str]:
        return sorted({a.name for a in self._actors.values()}, key=str.casefold)

    def _actor_uuid(self, text: str) -> str | None:
        wanted = " ".join(text.casefold().split())
        if not wanted:
            return None
        for actor in self._actors.values():
            if any(" ".join(n.casefold().split()) == wanted for n in actor.names()):
                return actor.uuid
        return text.strip()  # not an actor: the operation says so

    def _emit(self, uuid: str, value: Any) -> None:
        if not self._loading:
            self.committed.emit(uuid, value)

    # ------------------------------------------------------------------ values

    @property
    def empty(self) -> bool:
        return not self._variables

    def show_values(self, values: dict[str, Any] | None) -> None:
        """Show a claim's or document's values (None: nothing selected; the fields are disabled)."""
        self._loading = True
        try:
            by_uuid = {a.uuid: a.name for a in self._actors.values()}
            for variable in self._variables:
                field = self._fields[variable.uuid]
                field.setEnabled(values is not None)
                value = (values or {}).get(variable.uuid)
                if isinstance(field, QComboBox):
                    index = field.findData(value) if value is not None else 0
                    if index < 0:  # a value the codebook no longer lists: shown as it is
                        field.addItem(str(value), value)
                        index = field.count() - 1
                    field.setCurrentIndex(index)
                elif isinstance(field, CompletingLineEdit):
                    if variable.kind == "actor" and value is not None:
                        text = by_uuid.get(str(value), str(value))
                    else:
                        text = "" if value is None else _number_text(value)
                    field.set_value(text)
        finally:
            self._loading = False

    def values(self) -> dict[str, Any]:
        """Every field's value by variable uuid (None for an empty field)."""
        result: dict[str, Any] = {}
        for variable in self._variables:
            field = self._fields[variable.uuid]
            if isinstance(field, QComboBox):
                result[variable.uuid] = field.currentData()
            elif isinstance(field, QLineEdit):
                text = field.text().strip()
                if variable.kind == "actor":
                    result[variable.uuid] = self._actor_uuid(text)
                else:
                    result[variable.uuid] = text or None
        return result


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
