"""The window's tripwire tools: the Analysis dock, what-if mode, and the status-bar cascade.

``install(window)`` adds them to a ``MainWindow``: an Analysis menu and toolbar
buttons, the dock, and the status-bar sentence that says what the hovered or
selected node would bring down. What-if flips live on the scene's
``Highlights``; they never touch the document unless the user saves them as a
story step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog

from argmap.app.analysis_panel import AnalysisPanel
from argmap.app.icons import icon
from argmap.editing.commands import EditMapCommand
from argmap.model import Step

if TYPE_CHECKING:
    from argmap.app.main_window import MainWindow


class TripwireTools:
    """Actions and panel for seeing what breaks; one per window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.highlights = window.scene.highlights
        #: Asks for a scenario name; tests replace it.
        self.ask_name = self._ask_name
        self.panel = AnalysisPanel(window.document, self.pick, self.highlights.set_thesis)
        window.add_dock(self.panel, Qt.DockWidgetArea.RightDockWidgetArea, "Analysis", "analysis")
        window.resizeDocks(
            [window.docks["inspector"], window.docks["analysis"]],
            [520, 380],
            Qt.Orientation.Vertical,
        )

        self.what_if = self._action("What-&If Mode", "what-if", "W", checkable=True)
        self.what_if.setToolTip(
            "What-if (W): click nodes to reject them, or to make risks materialise; "
            "see what falls. Nothing is changed in the map."
        )
        self.what_if.toggled.connect(self.set_what_if)
        self.reset = self._action("&Reset What-If", "reset", "Esc")
        self.reset.setToolTip("Back to the real map (Esc)")
        self.reset.triggered.connect(lambda: self.set_what_if(False))
        self.reset.setEnabled(False)
        self.save_scenario = self._action("&Save What-If as Story Step…", "save", None)
        self.save_scenario.setToolTip("Keep these flips in the map's story, to present them")
        self.save_scenario.triggered.connect(self.save_as_step)
        self.save_scenario.setEnabled(False)
        self.show_tripwires = self._action("Highlight &Tripwires", "tripwire", None, checkable=True)
        self.show_tripwires.setChecked(True)
        self.show_tripwires.setToolTip("Halo the nodes whose failure alone brings the thesis down")
        self.show_tripwires.toggled.connect(
            lambda on: self.highlights.set_mode("tripwires" if on else "none")
        )
        self.show_fragile = self._action("Show &Fragile Pairs", None, None, checkable=True)
        self.show_fragile.setToolTip("Mark pairs of nodes that bring the thesis down together")
        self.show_fragile.toggled.connect(self.highlights.set_show_fragile)
        # Esc and W belong to the canvas, so typing in a panel never triggers them.
        for action in (self.what_if, self.reset):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            window.view.addAction(action)

        menu = window.menuBar().addMenu("&Analysis")
        menu.setObjectName("analysis_menu")
        help_menu = next(
            (
                m.menuAction()
                for m in window.menuBar().findChildren(type(menu))
                if m.title() == "&Help"
            ),
            None,
        )
        if help_menu is not None:
            window.menuBar().insertMenu(help_menu, menu)
        menu.addActions([self.show_tripwires, self.show_fragile])
        menu.addSeparator()
        menu.addActions([self.what_if, self.reset, self.save_scenario])
        menu.addSeparator()
        menu.addAction(window.docks["analysis"].toggleViewAction())
        window.panels_menu.addAction(window.docks["analysis"].toggleViewAction())
        window.toolbar.addSeparator()
        window.toolbar.addActions([self.show_tripwires, self.what_if, self.reset])

        self.highlights.message_changed.connect(self._show_message)
        self.highlights.what_if_changed.connect(self._sync)

    def _action(
        self, text: str, icon_name: str | None, key: str | None, checkable: bool = False
    ) -> QAction:
        action = QAction(text, self.window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if key:
            action.setShortcut(QKeySequence(key))
        action.setCheckable(checkable)
        return action

    # -- behaviour -----------------------------------------------------------------------

    def pick(self, ids: list[str]) -> None:
        """Select and centre the nodes a panel row is about."""
        if not ids:
            return
        scene, view = self.window.scene, self.window.view
        scene.select_nodes(ids)
        view.center_on_node(ids[0])

    def set_what_if(self, on: bool) -> None:
        if on != self.highlights.what_if_active:
            self.highlights.set_what_if(on)
        if on:
            self._show_message(self.highlights.describe_what_if())
        else:
            self.window.statusBar().clearMessage()

    def save_as_step(self) -> None:
        flips = list(self.highlights.flips or [])
        if not flips:
            return
        doc = self.window.document
        default = f"What if {doc.node(flips[0]).text[:40]}…"
        name = self.ask_name(default)
        if not name:
            return
        step = Step(
            title=name,
            focus=flips,
            reveal=[],
            what_if=flips,
            notes=self.highlights.describe_what_if().removeprefix("What-if: "),
        )
        story = [s.model_copy(deep=True) for s in doc.map.story] + [step]
        doc.undo_stack.push(EditMapCommand(doc, {"story": story}, text=f"Save scenario “{name}”"))

    def _ask_name(self, default: str) -> str | None:
        name, ok = QInputDialog.getText(
            self.window, "Save What-If", "Name of this scenario (a story step):", text=default
        )
        return name.strip() if ok and name.strip() else None

    def _sync(self) -> None:
        active = self.highlights.what_if_active
        self.what_if.blockSignals(True)
        self.what_if.setChecked(active)
        self.what_if.blockSignals(False)
        self.reset.setEnabled(active)
        self.save_scenario.setEnabled(active and bool(self.highlights.flips))

    def _show_message(self, text: str) -> None:
        if text:
            self.window.statusBar().showMessage(text)
        else:
            self.window.statusBar().clearMessage()


def install(window: MainWindow) -> TripwireTools:
    return TripwireTools(window)
