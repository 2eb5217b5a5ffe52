"""argmap.app: the main window, its panels, settings, recent files and autosave."""

from argmap.app.main_window import MainWindow

__all__ = ["MainWindow"]
