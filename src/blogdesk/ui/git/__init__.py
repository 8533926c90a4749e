"""The git feature's Qt side: workers, the publish and conflict dialogs, library marks, the
branch in the status bar. ``install_git`` wires it to a window's parts in one call."""

from blogdesk.ui.git.controller import GitController, install_git

__all__ = ["GitController", "install_git"]
