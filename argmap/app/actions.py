"""Actions: every command of the window as a ``QAction`` with icon, shortcut and tooltip.

``ActionSet`` creates them from one table, so each shows its shortcut in its
tooltip and the menus, the toolbar and the shortcut help all list the same set.
Actions scoped to the canvas (Tab, Enter, Delete, F2, number keys, Alt+arrows)
use ``WidgetWithChildrenShortcut`` and are added to the view, so they never fire
while the user types in the Inspector or the find bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from argmap.app.icons import icon, kind_icon
from argmap.model import NodeKind

Key = QKeySequence.StandardKey | str
SK = QKeySequence.StandardKey


class Scope(Enum):
    WINDOW = "window"  # anywhere in the window
    CANVAS = "canvas"  # only while the canvas (or its children) has focus


@dataclass(frozen=True)
class Spec:
    name: str
    text: str
    icon: str | None = None
    keys: tuple[Key, ...] = ()
    tip: str = ""
    scope: Scope = Scope.WINDOW
    checkable: bool = False


#: Node kinds in the order of the number keys 1-9.
KIND_ORDER: tuple[NodeKind, ...] = (
    NodeKind.THESIS,
    NodeKind.PILLAR,
    NodeKind.CLAIM,
    NodeKind.REASON,
    NodeKind.EVIDENCE,
    NodeKind.ASSUMPTION,
    NodeKind.RISK,
    NodeKind.CONTENTION,
    NodeKind.INDICATOR,
)

C = Scope.CANVAS

SPECS: tuple[Spec, ...] = (
    # File
    Spec("new", "&New", "new", (SK.New,), "Start a new, empty map"),
    Spec("open", "&Open…", "open", (SK.Open,), "Open a map file"),
    Spec("save", "&Save", "save", (SK.Save,), "Save the map"),
    Spec(
        "save_as", "Save &As…", "save-as", (SK.SaveAs, "Ctrl+Shift+S"), "Save the map to a new file"
    ),
    Spec("revert", "&Revert", "revert", (), "Throw away unsaved changes and reload the file"),
    Spec("close", "&Close", "close", (SK.Close,), "Close this window"),
    Spec("quit", "&Quit", "quit", (SK.Quit, "Ctrl+Q"), "Quit Argmap"),
    # Edit
    Spec("cut", "Cu&t", "cut", (SK.Cut,), "Cut the selected subtrees", C),
    Spec("copy", "&Copy", "copy", (SK.Copy,), "Copy the selected subtrees", C),
    Spec("paste", "&Paste", "paste", (SK.Paste,), "Paste under the selected node", C),
    Spec("duplicate", "D&uplicate", "duplicate", ("Ctrl+D",), "Duplicate the selected subtrees", C),
    Spec("delete", "&Delete", "delete", (SK.Delete, "Backspace"), "Delete the selection", C),
    Spec("select_all", "Select &All", "select-all", (SK.SelectAll,), "Select every node", C),
    Spec("edit_text", "&Edit Text", "edit", ("F2",), "Edit the selected node's text", C),
    Spec("find", "&Find…", "find", (SK.Find,), "Search text, notes and tags"),
    Spec("find_next", "Find &Next", "find-next", (SK.FindNext, "F3"), "Go to the next hit"),
    Spec(
        "find_previous",
        "Find Pre&vious",
        "find-previous",
        (SK.FindPrevious, "Shift+F3"),
        "Go to the previous hit",
    ),
    # Node
    Spec(
        "add_child", "Add &Child", "add-child", ("Tab",), "Add a node bearing on the selection", C
    ),
    Spec(
        "add_sibling", "Add &Sibling", "add-sibling", ("Return", "Enter"), "Add a node beside it", C
    ),
    Spec("add_node", "Add &Free Node", "add-node", ("Ctrl+Shift+N",), "Add a node on its own", C),
    Spec("collapse", "Co&llapse / Expand", "collapse", ("Ctrl+.",), "Fold the subtree away", C),
    Spec("go_up", "Go &Up", None, ("Alt+Up",), "Select the node above", C),
    Spec("go_down", "Go &Down", None, ("Alt+Down",), "Select the node below", C),
    Spec("go_left", "Go &Left", None, ("Alt+Left",), "Select the node to the left", C),
    Spec("go_right", "Go &Right", None, ("Alt+Right",), "Select the node to the right", C),
    Spec("assess_holds", "Assess: &Holds", None, (), "Mark the node as holding"),
    Spec("assess_fails", "Assess: &Fails", None, (), "Mark the node as failing"),
    Spec("assess_clear", "Assess: &Default", None, (), "Clear the assessment"),
    # View
    Spec("zoom_in", "Zoom &In", "zoom-in", (SK.ZoomIn, "Ctrl+=", "Ctrl++"), "Zoom in"),
    Spec("zoom_out", "Zoom &Out", "zoom-out", (SK.ZoomOut, "Ctrl+-"), "Zoom out"),
    Spec("zoom_fit", "&Fit Map", "zoom-fit", ("Ctrl+0",), "Show the whole map"),
    Spec("zoom_reset", "&Actual Size", "zoom-reset", ("Ctrl+1",), "Zoom to 100%"),
    Spec(
        "zoom_selection", "Zoom to &Selection", "zoom-selection", ("Ctrl+2",), "Zoom to selection"
    ),
    Spec("auto_layout", "Auto &Layout", "layout", ("Ctrl+L",), "Forget hand-placed positions"),
    Spec("direction_down", "Lay Out &Downwards", "direction-down", (), "Thesis on top", C, True),
    Spec("direction_right", "Lay Out &Rightwards", "direction-right", (), "Thesis left", C, True),
    Spec(
        "full_screen", "F&ull Screen", None, (SK.FullScreen, "F11"), "Full screen", checkable=True
    ),
    # Help
    Spec("shortcuts", "&Keyboard Shortcuts", "help", (SK.HelpContents, "F1"), "List the shortcuts"),
    Spec("about", "&About Argmap", "about", (), "About Argmap"),
)


def _kind_specs() -> Iterator[Spec]:
    for number, kind in enumerate(KIND_ORDER, start=1):
        yield Spec(
            f"kind_{kind.value}",
            f"&{number} {kind.value.capitalize()}",
            f"kind-{kind.value}",
            (str(number),),
            f"Make the selected nodes {kind.value}s",
            C,
        )


def key_sequences(keys: Iterable[Key]) -> list[QKeySequence]:
    """Key sequences for standard keys and strings, without repeats or empty ones."""
    seen: list[QKeySequence] = []
    for key in keys:
        sequences = QKeySequence.keyBindings(key) if isinstance(key, SK) else [QKeySequence(key)]
        for seq in sequences:
            if not seq.isEmpty() and seq not in seen:
                seen.append(seq)
    return seen


def tooltip(text: str, shortcuts: Sequence[QKeySequence]) -> str:
    label = text.replace("&", "").rstrip("…")
    if shortcuts:
        return f"{label} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})"
    return label


class ActionSet(QObject):
    """All the window's actions, by name: ``actions["save"]``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._actions: dict[str, QAction] = {}
        self._specs: dict[str, Spec] = {}
        for spec in (*SPECS, *_kind_specs()):
            self._make(parent, spec)
        self.direction_group = QActionGroup(self)
        for name in ("direction_down", "direction_right"):
            self.direction_group.addAction(self[name])

    def _make(self, parent: QWidget, spec: Spec) -> QAction:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.name)
        if spec.icon:
            action.setIcon(
                kind_icon(spec.icon[5:]) if spec.icon.startswith("kind-") else icon(spec.icon)
            )
        shortcuts = key_sequences(spec.keys)
        action.setShortcuts(shortcuts)
        action.setToolTip(tooltip(spec.text, shortcuts))
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        if spec.scope is Scope.CANVAS:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._actions[spec.name] = action
        self._specs[spec.name] = spec
        return action

    def adopt(self, name: str, action: QAction, icon_name: str, keys: Iterable[Key]) -> QAction:
        """Take in an action made elsewhere (undo and redo from the undo stack)."""
        action.setObjectName(name)
        action.setIcon(icon(icon_name))
        shortcuts = key_sequences(keys)
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._actions[name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: str) -> bool:
        return name in self._actions

    def names(self) -> list[str]:
        return list(self._actions)

    def on(self, name: str, slot: Callable[[], object]) -> None:
        self._actions[name].triggered.connect(lambda _checked=False: slot())

    def canvas_actions(self) -> list[QAction]:
        return [self._actions[n] for n, s in self._specs.items() if s.scope is Scope.CANVAS]

    def kind_actions(self) -> list[QAction]:
        return [self._actions[f"kind_{k.value}"] for k in KIND_ORDER]

    def shortcut_table(self) -> list[tuple[str, str]]:
        """(action, shortcuts) rows for the help dialog."""
        rows = []
        for name, action in self._actions.items():
            keys = ", ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            if keys:
                rows.append((action.text().replace("&", "").rstrip("…"), keys))
            del name
        return rows
