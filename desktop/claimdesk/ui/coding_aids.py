"""The coding aids of the main window: actor manager, suggested mentions, keywords, codebook.

The window creates one :class:`CodingAids`, which adds the actor manager dock,
its actions and menu entries, and paints two reading aids over each document
it shows: every occurrence of a known actor's name or alias not yet tagged
(a dotted underline in the actor's colour, from :mod:`claimdesk.core.actors`)
and the keyword highlighter's words (a marker band, :mod:`claimdesk.core.keywords`).

A suggestion is accepted by clicking it and pressing A (or from the
right-click menu); Shift+A accepts every suggestion in the document; "Tag All
Mentions" tags an actor everywhere in the corpus in a background task with
progress. Each is one undo step.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from claimdesk.core.actors import MentionFinder, Suggestion, new_suggestions
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.keywords import Keyword, find_keywords, project_keywords
from claimdesk.core.model import Changes, Document
from claimdesk.ui.operations import actors as actor_ops
from claimdesk.ui.reader import PaintedSpan
from claimdesk.ui.theme import actor_color
from claimdesk.ui.workers import Task

if TYPE_CHECKING:
    from claimdesk.core.store import Project
    from claimdesk.ui.actors_dock import ActorsDock
    from claimdesk.ui.mainwindow import MainWindow


class CodingAids(QObject):
    """Actor manager, suggested mentions, keyword highlighter and codebook editor of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("codingAids")
        self.window = window
        self._finder: MentionFinder | None = None
        self._keywords: list[Keyword] = []
        self.suggestions: list[Suggestion] = []
        self._clicked: int | None = None
        self._context_offset: int | None = None
        self._dock: ActorsDock | None = None
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(300)
        self._counts_timer.timeout.connect(self._reload_dock)
        self._aids_timer = QTimer(self)  # the aids of a document just opened, after its paint
        self._aids_timer.setSingleShot(True)
        self._aids_timer.setInterval(0)
        self._aids_timer.timeout.connect(lambda: self.refresh())
        self._build_actions()
        reader = window.reader
        reader.suggestionClicked.connect(self._suggestion_clicked)
        reader.emptyClicked.connect(lambda: setattr(self, "_clicked", None))
        reader.contextRequested.connect(self._context_requested)
        reader.add_context_actions([self.contextAccept, self.contextTagAll])
        window.searchInfo.linkActivated.connect(self._search_link)

    @property
    def dock(self) -> ActorsDock:
        """The actor manager, built the first time it is asked for: the window starts without it."""
        if self._dock is None:
            from claimdesk.ui.actors_dock import ActorsDock

            dock = ActorsDock(self.window)
            dock.tagAllRequested.connect(self.tag_all_dialog)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
            dock.visibilityChanged.connect(self._dock_shown)
            dock.toggleViewAction().toggled.connect(self.actionActors.setChecked)
            self._dock = dock
        return self._dock

    def _dock_visible(self) -> bool:
        return self._dock is not None and self._dock.isVisible()

    def _reload_dock(self) -> None:
        """Re-read the actor manager if it shows (a hidden one re-reads when it is shown)."""
        if self._dock_visible():
            self.dock.reload()

    def _dock_shown(self, shown: bool) -> None:
        if shown:
            self.dock.reload()
            if not getattr(self, "_dock_sized", False):
                self._dock_sized = True  # a third of the window, so the reader keeps its room
                self.window.resizeDocks(
                    [self.dock], [max(220, self.window.height() // 3)], Qt.Orientation.Vertical
                )

    # ================================================================== actions and menus

    def _action(
        self, name: str, text: str, slot: Callable[[], Any], shortcut: str = "", tip: str = ""
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.actionActors = a(
            "actionActors",
            "&Actors",
            lambda: self.dock.setVisible(self.actionActors.isChecked()),
            "Ctrl+Shift+A",
            "Show the actor manager: sort, filter, edit, merge, delete",
        )
        self.actionActors.setCheckable(True)
        self.actionCodebook = a(
            "actionCodebook",
            "Code&book…",
            self.codebook_dialog,
            "Ctrl+Shift+B",
            "Edit the stance scale, issues, tags, actor types and variables; import or export",
        )
        self.actionKeywords = a(
            "actionKeywords",
            "&Keyword Highlighter…",
            self.keywords_dialog,
            tip="Words or regular expressions painted in colour while you read",
        )
        self.actionShowSuggestions = a(
            "actionShowSuggestions",
            "Show Suggested &Mentions",
            self.refresh,
            tip="Underline (dotted) every known actor's name not yet tagged as a mention",
        )
        self.actionShowSuggestions.setCheckable(True)
        self.actionShowSuggestions.setChecked(True)
        self.actionShowKeywords = a(
            "actionShowKeywords",
            "Show &Keywords",
            self.refresh,
            tip="Paint the highlighter's words",
        )
        self.actionShowKeywords.setCheckable(True)
        self.actionShowKeywords.setChecked(True)
        self.actionAcceptSuggestion = a(
            "actionAcceptSuggestion",
            "&Accept Suggested Mention",
            self.accept_at_cursor,
            "A",
            "Tag the suggested name under the cursor (click it first) as a mention",
        )
        self.actionAcceptAllSuggestions = a(
            "actionAcceptAllSuggestions",
            "Accept All Suggestions in &Document",
            self.accept_all,
            "Shift+A",
            "Tag every suggested name in this document as a mention of its actor",
        )
        self.actionTagAllMentions = a(
            "actionTagAllMentions",
            "&Tag All Mentions in the Corpus…",
            self.tag_all_at_cursor,
            tip="Tag every occurrence of an actor's names in every document",
        )
        # The right-click menu's own pair, named after the actor under the pointer.
        self.contextAccept = QAction("Tag as a Mention", self.window)
        self.contextAccept.setObjectName("contextAcceptSuggestion")
        self.contextAccept.triggered.connect(lambda _c=False: self.accept_at_cursor())
        self.contextTagAll = QAction("Tag All Mentions in the Corpus…", self.window)
        self.contextTagAll.setObjectName("contextTagAllMentions")
        self.contextTagAll.triggered.connect(lambda _c=False: self.tag_all_at_cursor())
        self.write_actions = [
            self.actionAcceptSuggestion,
            self.actionAcceptAllSuggestions,
            self.actionTagAllMentions,
            self.contextAccept,
            self.contextTagAll,
        ]
        window = self.window
        window.codeMenu.addSeparator()
        window.codeMenu.addActions(self.write_actions)
        window.viewMenu.addSeparator()
        window.viewMenu.addActions(
            [self.actionActors, self.actionShowSuggestions, self.actionShowKeywords]
        )
        window.toolsMenu.insertActions(
            window.toolsMenu.actions()[0] if window.toolsMenu.actions() else None,
            [self.actionCodebook, self.actionKeywords],
        )

    # ================================================================== the project and its changes

    @property
    def project(self) -> Project:
        return self.window.project

    def attach(self) -> None:
        """A (new) project is shown: re-read actors, keywords, and what may be edited."""
        self._finder = None
        self._keywords = project_keywords(self.project)
        for action in self.write_actions:
            action.setEnabled(not self.project.readonly)
        self._reload_dock()

    def stop(self) -> None:
        """The window closes its project: drop the work still waiting to read it."""
        self._aids_timer.stop()
        self._counts_timer.stop()

    def apply_changes(self, changes: Changes) -> None:
        """Called first by the window for every change, so that the aids it repaints are current."""
        if changes.actors or changes.codebook:
            self._finder = None
        if changes.project:
            self._keywords = project_keywords(self.project)
            self.refresh()
        if changes.actors:
            self._reload_dock()
        elif (changes.claims or changes.mentions or changes.documents) and self._dock_visible():
            self._counts_timer.start()  # the counts follow coding, a moment later

    def finder(self) -> MentionFinder:
        if self._finder is None:
            self._finder = MentionFinder(self.project.actors())
        return self._finder

    # ================================================================== painting the aids

    def document_refreshed(self, document: Document | None = None, *, opened: bool = False) -> None:
        """The window re-read its document: recompute and repaint the aids.

        :param opened: the document was just opened: its text and claims paint first and
            the aids follow at once after (scanning a long article for every actor's names
            takes longer than painting it)
        """
        if opened:
            self.suggestions, self._clicked = [], None
            self._aids_timer.start()
        else:
            self._aids_timer.stop()
            self.refresh(document)

    def refresh(self, document: Document | None = None) -> None:
        """Recompute the suggestions and keywords of the shown document and paint them."""
        reader = self.window.reader
        document_id = self.window.current_document
        self._clicked = None
        if document_id is None:
            self.suggestions = []
            reader.set_aids([], [])
            return
        text = reader.text
        if self.actionShowSuggestions.isChecked():
            found = self.finder().find(text)
            mentions = self.project.mentions(document=document_id)
            self.suggestions = new_suggestions(found, mentions)
        else:
            self.suggestions = []
        actors = self.window.actors
        painted = [
            PaintedSpan(
                i,
                s.start,
                s.end,
                actor_color(s.actor, actors[s.actor].color if s.actor in actors else "").name(),
            )
            for i, s in enumerate(self.suggestions)
        ]
        keywords = []
        if self.actionShowKeywords.isChecked() and self._keywords:
            keywords = [
                PaintedSpan(-1 - i, k.start, k.end, k.color)
                for i, k in enumerate(find_keywords(text, self._keywords))
            ]
        reader.set_aids(painted, keywords)

    # ================================================================== accepting suggestions

    def _suggestion_clicked(self, index: int) -> None:
        self._clicked = index
        if 0 <= index < len(self.suggestions):
            s = self.suggestions[index]
            actor = self.window.actors.get(s.actor)
            name = actor.name if actor else s.name
            quote = self.window.reader.text[s.start : s.end]
            self.window.statusBar().showMessage(
                f"“{quote}” may be a mention of {name}: press A to tag it, Shift+A for every "
                "suggestion in this article",
                8000,
            )

    def _context_requested(self, offset: int) -> None:
        self._context_offset = offset
        index = self._suggestion_at(offset)
        actor_name = ""
        if index is not None:
            actor = self.window.actors.get(self.suggestions[index].actor)
            actor_name = actor.name if actor else self.suggestions[index].name
        self.contextAccept.setVisible(index is not None)
        self.contextTagAll.setVisible(index is not None)
        if index is not None:
            self.contextAccept.setText(f"Tag as a Mention of {actor_name}")
            self.contextTagAll.setText(f"Tag All Mentions of {actor_name} in the Corpus…")
        else:
            self._context_offset = None

    def _suggestion_at(self, offset: int) -> int | None:
        for i, s in enumerate(self.suggestions):
            if s.start <= offset < s.end:
                return i
        return None

    def _current_suggestion(self) -> int | None:
        """The suggestion the coder means: right-clicked, clicked, under the selection or cursor."""
        if self._context_offset is not None:
            found = self._suggestion_at(self._context_offset)
            self._context_offset = None
            if found is not None:
                return found
        if self._clicked is not None and 0 <= self._clicked < len(self.suggestions):
            return self._clicked
        reader = self.window.reader
        selection = reader.selection()
        if selection is not None:
            return self._suggestion_at(selection[0])
        return self._suggestion_at(reader.position_at(reader.cursorRect().center()))

    def accept_at_cursor(self) -> Changes | None:
        """Accept the suggestion the coder clicked (or right-clicked, or put the cursor in)."""
        index = self._current_suggestion()
        if index is None:
            self.window.statusBar().showMessage(
                "Click a name with a dotted underline first, then press A.", 5000
            )
            return None
        return self.accept([index])

    def accept(self, indexes: list[int]) -> Changes | None:
        """Tag these suggestions (indexes into :attr:`suggestions`) as mentions, one undo step."""
        document = self.window.current_document
        if document is None or self.project.readonly:
            return None
        chosen = [self.suggestions[i] for i in indexes if 0 <= i < len(self.suggestions)]
        return self.window.perform(
            actor_ops.accept_suggestions,
            document=document,
            suggestions=[(s.start, s.end, s.actor) for s in chosen],
        )

    def accept_all(self) -> Changes | None:
        """Tag every suggestion in the document as a mention of its actor (one undo step)."""
        if not self.suggestions:
            self.window.statusBar().showMessage("No suggested mentions in this article.", 4000)
            return None
        return self.accept(list(range(len(self.suggestions))))

    # ================================================================== tagging in the corpus

    def tag_all_at_cursor(self) -> None:
        """Tag all mentions of the actor of the suggestion at hand, or of the actor selected in the dock."""
        index = self._current_suggestion()
        if index is not None:
            self.tag_all_dialog(self.suggestions[index].actor)
            return
        selected = self.dock.selected_ids() if self._dock_visible() else []
        if len(selected) == 1:
            self.tag_all_dialog(selected[0])
            return
        self.window.statusBar().showMessage(
            "Click a suggested name in the article, or select one actor in the actor manager.",
            5000,
        )

    def tag_all_dialog(self, actor_id: int) -> Task | None:
        """Ask, then tag every occurrence of an actor's names in the corpus."""
        actor = self.project.actor(actor_id)
        names = ", ".join(f"“{n}”" for n in actor.names())
        answer = QMessageBox.question(
            self.window,
            "Tag all mentions",
            f"Tag every occurrence of {names} in all {self.project.document_count():,} documents "
            f"as a mention of {actor.name}?\n\nPlaces already tagged are left alone. "
            "Undo takes all of it back in one step.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.tag_all(actor_id)

    def tag_all(self, actor_id: int) -> Task:
        """Tag every occurrence of an actor's names in the corpus, in the background with progress."""
        window = self.window
        name = self.project.actor(actor_id).name

        def job(
            project: Project,
            progress: Callable[[str, int, int], None],
            cancelled: Callable[[], bool],
        ) -> Changes:
            return actor_ops.tag_all_mentions(
                project,
                actor=actor_id,
                progress=lambda done, total: progress("searching document", done, total),
                cancel=cancelled,
            )

        task = Task(
            window,
            title=f"Tagging mentions of {name}",
            path=self.project.path,
            coder=window.settings.coder,
            job=job,
        )
        task.done.connect(self._tagged)
        task.error.connect(window._task_failed)
        window._tasks.append(task)
        task.start()
        return task

    def _tagged(self, changes: Changes) -> None:
        self.window.apply_changes(changes)
        self.window.statusBar().showMessage(
            f"{changes.name}: {len(changes.mentions):,} mentions in "
            f"{len(changes.documents):,} documents — Undo takes them back",
            10000,
        )

    # ================================================================== memos in the search

    def notes_found(self, query: str) -> str:
        """For the search's summary: the actors and project memo that match, as links (HTML)."""
        try:
            hits = self.project.search_notes(query, limit=12)
        except ClaimdeskError:
            return ""
        links = [
            f'<a href="actor:{h.actor}">{html.escape(h.title)}</a>'
            if h.kind == "actor"
            else '<a href="project:memo">the project memo</a>'
            for h in hits
        ]
        return f"<br>Also in actors and memos: {', '.join(links)}." if links else ""

    def _search_link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "actor" and value.isdigit():
            self.dock.show()
            self.dock.raise_()
            self.dock.filter.clear()
            self.dock.reload()
            self.dock.select_actors([int(value)])
        elif kind == "project":
            self.window.project_properties_dialog()

    # ================================================================== dialogs

    def codebook_dialog(self) -> None:
        from claimdesk.ui.codebook_dialog import CodebookDialog

        dialog = CodebookDialog(self.window)
        self._dialog = dialog
        dialog.exec()

    def keywords_dialog(self) -> None:
        from claimdesk.ui.keywords_dialog import KeywordsDialog
        from claimdesk.ui.operations.codebook import set_keywords

        dialog = KeywordsDialog(project_keywords(self.project), self.window)
        self._dialog = dialog
        if dialog.exec():
            self.window.perform(set_keywords, keywords=dialog.keywords())
