"""The preview's render worker process (``python -m blogdesk.ui.render_worker``) and its pipe.

Apart from the preview scheduler, which owns it, so that app.py can start the worker right after
the first paint without loading the scheduler and the preview: the worker's Python and its
Markdown stack then load in another process while this one starts QtWebEngine, and the first
preview is drawn sooner. The scheduler adopts it (``PreviewScheduler(worker=...)``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from blogdesk.ui.render_worker import encode_message, parse_messages

__all__ = ["RenderWorkerProcess"]


class RenderWorkerProcess(QObject):
    """One render worker process and its pipe."""

    answered = Signal(dict)
    died = Signal()

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._buffer = bytearray()
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        environment = QProcessEnvironment.systemEnvironment()
        source = str(Path(__file__).resolve().parent.parent.parent)
        paths = [source, *filter(None, [os.environ.get("PYTHONPATH")])]
        environment.insert("PYTHONPATH", os.pathsep.join(paths))
        self.process.setProcessEnvironment(environment)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self._stopping = False
        self.process.start(sys.executable, ["-m", "blogdesk.ui.render_worker"])

    def send(self, message: dict[str, Any]) -> None:
        self.process.write(encode_message(message))

    def cpu_seconds(self) -> float | None:
        """The CPU time the process has used so far (Linux, from /proc), or None."""
        pid = int(self.process.processId())
        return _cpu_seconds(pid) if pid > 0 else None

    def _read(self) -> None:
        self._buffer += self.process.readAllStandardOutput().data()
        for message in parse_messages(self._buffer):
            self.answered.emit(message)

    def _finished(self) -> None:
        if not self._stopping:
            self.died.emit()

    def running(self) -> bool:
        """True while the process is starting or running."""
        return self.process.state() != QProcess.ProcessState.NotRunning

    def stop(self) -> None:
        """Kill the process now (a runaway render cannot be interrupted any other way)."""
        self._stopping = True
        with contextlib.suppress(RuntimeError, TypeError):
            self.process.readyReadStandardOutput.disconnect(self._read)
        if self.running():
            self.process.kill()
            self.process.waitForFinished(1000)
        self.deleteLater()


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None

