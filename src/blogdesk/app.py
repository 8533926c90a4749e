"""The composition root: builds the application, settings, library, window and controller.

Nothing here runs at import time. The window is shown first; the preview (QtWebEngine, Markdown,
Pygments) is built after the first paint so the library and the post appear at once.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from blogdesk.core.document import DocumentSession
    from blogdesk.core.journal import Journal
    from blogdesk.core.library import Library
    from blogdesk.ui.actions import ActionCollection
    from blogdesk.ui.controller import Controller
    from blogdesk.ui.main_window import MainWindow
    from blogdesk.ui.render_process import RenderWorkerProcess
    from blogdesk.ui.settings import AppSettings
    from blogdesk.ui.widgets.editor import EditorPane

DESKTOP_ID = "io.github.blogdesk.Blogdesk"
# the spelling dictionary and the git feature load once the preview is drawn, or after this long
LATER_FALLBACK_MS = 3000


@dataclass
class StartTarget:
    """What to open: a library folder and maybe a post in it (both None: nothing to open)."""

    root: Path | None = None
    post: Path | None = None
    error: str | None = None


@dataclass
class AppParts:
    """The objects of a running app, for the caller (and tests) to reach."""

    window: MainWindow
    controller: Controller
    session: DocumentSession
    actions: ActionCollection
    settings: AppSettings


class Probe:
    """Start-up timing lines for bench/bench_startup.py: BLOGDESK_STARTUP_PROBE=1 quits once the
    preview is drawn; ``hold`` keeps running (for the memory measures)."""

    def __init__(self) -> None:
        value = os.environ.get("BLOGDESK_STARTUP_PROBE", "")
        self.enabled = bool(value)
        self.quits = self.enabled and value != "hold"
        self.cpu_ms: float | None = None

    def event(self, name: str) -> None:
        if self.enabled:
            print(f"probe: {name}", flush=True)

    def cpu_mark(self) -> None:
        """Keep the CPU time this process has used so far (steadier than wall time when other
        work shares the machine); ``cpu`` prints it later, after the lines tests look for."""
        if self.enabled:
            import resource

            usage = resource.getrusage(resource.RUSAGE_SELF)
            self.cpu_ms = 1000 * (usage.ru_utime + usage.ru_stime)

    def cpu(self) -> None:
        """``probe: cpu-ms N``: the CPU time kept by ``cpu_mark`` (at the window's first paint)."""
        if self.enabled and self.cpu_ms is not None:
            print(f"probe: cpu-ms {self.cpu_ms:.0f}", flush=True)

    def rss(self) -> None:
        """The memory in use: this process and its children (QtWebEngine, the render worker)."""
        if self.enabled:
            print(f"probe: rss-kb {process_tree_rss_kb()}", flush=True)


def process_tree_rss_kb(pid: int | None = None) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc; elsewhere
    this process's peak)."""
    root = os.getpid() if pid is None else pid
    proc = Path("/proc")
    if not proc.is_dir():
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid_ = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0")), []).append(pid_)
        rss[pid_] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, ()))
    return total


# -- environment -------------------------------------------------------------------------
def prepare_environment() -> None:
    """QtWebEngine's Chromium needs --no-sandbox as root, and no GPU where there is none; the
    preview is one page, so one renderer process is enough (measured with bench_startup.py).

    Without a GPU (Xvfb, offscreen, a machine with no /dev/dri) Qt Quick, which QtWebEngine
    draws through, renders in software and the X11 plugin loads no OpenGL, instead of Mesa's
    llvmpipe: about 60 MiB less and a faster first page. Without the sandbox, Chromium's zygote
    processes serve no purpose (about 25 MiB): the renderer is started directly. A value the
    user set is kept.
    """
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    wanted = ["--renderer-process-limit=1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        wanted.append("--no-sandbox")
    if "--no-sandbox" in flags + wanted:
        wanted.append("--no-zygote")
    if _no_gpu():
        wanted += ["--disable-gpu", "--disable-gpu-compositing"]
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
        os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")
    names = {flag.split("=", 1)[0] for flag in flags}
    missing = [flag for flag in wanted if flag.split("=", 1)[0] not in names]
    if missing:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join([*flags, *missing])


def skip_pyside_source_scan() -> None:
    """PySide6 reads the source of every module imported after it (``inspect.getsource``) to
    see whether it mentions PySide6, for its optional ``__feature__`` switches (snake_case,
    true_property), which blogdesk does not use: about 170 files read and scanned before the
    window is shown (bench_startup.py's profile). Every module is taken as a PySide6 user with
    no feature selected (Qt's usual names, as a module that mentions PySide6 gets). A PySide6
    without that hook is left alone."""
    import PySide6  # noqa: F401  (sets the hook up)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", lambda _module: True)  # noqa: B010 (private hook)


def _no_gpu() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return True
    return sys.platform.startswith("linux") and not Path("/dev/dri").exists()


def create_application(qt_args: list[str]) -> QApplication:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from blogdesk import __version__

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # QtWebEngine is imported after the window is up (its library alone took ~50 ms of CPU to
    # load before the window); drawn with OpenGL it needs shared GL contexts set first. In
    # software (no GPU: prepare_environment) a shared context would only load Mesa's llvmpipe
    # for nothing (about 17 MiB and 20 ms).
    if os.environ.get("QT_QUICK_BACKEND") != "software":
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(["blogdesk", *qt_args])
    app.setOrganizationName("blogdesk")
    app.setApplicationName("blogdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    from blogdesk.ui.i18n import install_translators

    install_translators(app)  # the system locale's translation, when there is one
    return app


def app_icon() -> QIcon:
    """The icon theme's (an installed desktop entry's) icon first, then the package's SVG."""
    from PySide6.QtGui import QIcon

    from blogdesk.core.packaged import icon_file

    try:
        fallback = QIcon(str(icon_file()))
    except FileNotFoundError:
        fallback = QIcon()
    return QIcon.fromTheme(DESKTOP_ID, fallback)


def _register_preview_schemes() -> None:
    """The preview's URL scheme: registered before QtWebEngine's first profile or page (Qt
    locks its schemes then; a QApplication may exist already)."""
    from blogdesk.ui.widgets.preview import register_schemes

    register_schemes()


# -- what to open ------------------------------------------------------------------------
def resolve_target(path: str | None, last_library: Path | None) -> StartTarget:
    """A folder is a library; a file opens its folder with that post; nothing: the last library,
    or the sample library (copied to the user's data folder when installed)."""
    if path:
        target = Path(path).expanduser()
        if target.is_file():
            return StartTarget(target.resolve().parent, target.resolve())
        if target.is_dir():
            return StartTarget(target.resolve())
        return StartTarget(error=f"no such file or folder: {path}")
    if last_library is not None and last_library.is_dir():
        return StartTarget(last_library)
    from blogdesk.core.packaged import sample_library

    try:
        sample = sample_library()
    except OSError:  # no room or no rights to copy it: open nothing rather than fail
        sample = None
    return StartTarget(sample) if sample is not None else StartTarget()


# -- building ----------------------------------------------------------------------------
def build(
    settings: AppSettings, target: StartTarget, editor_pane: EditorPane | None = None,
    journal: Journal | None = None, first_paint: bool = False,
) -> AppParts:
    """The window, its actions, the document session (with the recovery journal) and the
    controller, with the target library and post opened. ``first_paint``: what can wait for
    the window to be on screen waits (the spelling dictionary and the git feature; run_app
    wires them)."""
    from blogdesk.core.document import DocumentSession
    from blogdesk.core.journal import Journal
    from blogdesk.ui.actions import ActionCollection
    from blogdesk.ui.controller import Controller
    from blogdesk.ui.main_window import MainWindow
    from blogdesk.ui.widgets.editor import EditorPane
    from blogdesk.ui.window_layout import restore_state

    actions = ActionCollection()
    window = MainWindow(actions, settings, editor_pane or EditorPane())
    actions.setParent(window)
    session = DocumentSession(window, journal or Journal(), autosave=settings.autosave)
    controller = Controller(window, session, open_library=lambda root: _open_library(root, window))
    window.attach(controller, defer_git=first_paint)
    if first_paint:
        window.writing.hold_spelling()
    restore_state(window, settings)
    if target.root is not None:
        controller.open_library(target.root, prefer=(target.post, settings.last_post))
    if controller.library is None:
        window.show_welcome(True)
    window.apply_settings()
    return AppParts(window, controller, session, actions, settings)


def _open_library(root: Path, window: MainWindow) -> Library:
    from blogdesk.core.library import Library

    # exact word counts and the search index may finish on a thread: refresh the list then
    return Library.open(root, on_indexed=window.libraryIndexed.emit)


def install_preview(parts: AppParts, worker: RenderWorkerProcess | None = None) -> bool:
    """Build the preview and its scheduler (heavy imports) and put them in place. ``worker``: a
    render worker started already (``_start_render_worker``), for the scheduler to adopt."""
    try:
        from blogdesk.ui.preview_scheduler import PreviewScheduler
        from blogdesk.ui.widgets.preview import PreviewPane
    except ImportError as exc:
        from blogdesk.ui.i18n import translate

        parts.window.show_message(
            translate("App", "The preview is not available: {0}").format(exc))
        return False
    from blogdesk.core.document.notices import KEY_PREVIEW_TIMEOUT, preview_timeout_notice

    _register_preview_schemes()
    pane = PreviewPane()
    scheduler = PreviewScheduler(pane, parts.window, worker=worker)
    bar = parts.window.notice_bar
    scheduler.timedOut.connect(
        lambda message: bar.show_notice(preview_timeout_notice(message, scheduler.render_now))
    )
    scheduler.rendered.connect(lambda *_: bar.clear_notice(KEY_PREVIEW_TIMEOUT))
    parts.window.preview.install(pane, scheduler)
    return True


def _start_render_worker(parent: QObject) -> RenderWorkerProcess:
    """The preview's render worker process, started before the preview is built (the scheduler
    adopts it): its Python and its Markdown stack load in another process meanwhile. (Started
    before the window was shown, it cost the window more than it gained the preview, on two
    busy cores.)"""
    from blogdesk.ui.render_process import RenderWorkerProcess

    return RenderWorkerProcess(parent)


def _warm_render_worker(worker: RenderWorkerProcess, parts: AppParts) -> None:
    """Tell the worker the library's generator: it imports that flavour's renderer now."""
    library = parts.controller.library
    site = library.site if library is not None else None
    generator = site.generator if site is not None else None
    worker.send({"op": "warm", "generator": generator})


# -- running -----------------------------------------------------------------------------
def run_app(path: str | None, qt_args: list[str]) -> int:
    """Start the desktop app on ``path`` (a library folder or a post file); returns the status."""
    # No garbage collection until the window is shown: the start allocates tens of thousands of
    # objects that live on (modules, classes, Qt wrappers), and the collector walked them about
    # ninety times over before the first paint (15-20 ms); from then on it runs on the GUI
    # thread only (GuiCollector: a Qt object in a cycle must not be destroyed on another thread).
    gc.disable()
    probe = Probe()
    prepare_environment()
    skip_pyside_source_scan()
    from blogdesk.ui.settings import AppSettings

    app = create_application(qt_args)
    from blogdesk.ui.widgets.crash_dialog import install_excepthook

    crash_hook = install_excepthook(app)  # log and show an error; the app carries on
    settings = AppSettings()
    target = resolve_target(path, settings.last_library)
    if target.error:
        gc.enable()
        print(f"blogdesk: {target.error}", file=sys.stderr)
        return 2
    parts = build(settings, target, first_paint=True)
    crash_hook.on_crash.append(parts.session.record_now)
    parts.window.show()
    app.processEvents()  # the first paint, before the heavy imports
    probe.event("window-shown")
    probe.cpu_mark()
    from blogdesk.ui.gui_collector import GuiCollector

    collector = GuiCollector(app)
    collector.install()
    _probe_indexing(parts, probe)
    _after_first_paint(parts, probe)
    status = app.exec()
    shutdown(parts)
    collector.uninstall()
    crash_hook.uninstall()
    return status


def shutdown(parts: AppParts) -> None:
    """Stop threads and processes and close the library before Python tears Qt down."""
    window = parts.window
    window.counter.shutdown()
    window.library_panel.stop_watching()
    window.preview.shutdown()
    parts.controller.close_library()


def _probe_indexing(parts: AppParts, probe: Probe) -> None:
    """``probe: library-indexed`` once the library's background indexing is done (``hold``
    mode: the memory measures wait for it)."""
    library = parts.controller.library
    if not probe.enabled or probe.quits or library is None:
        return
    parts.window.libraryIndexed.connect(lambda: probe.event("library-indexed"))
    if library.is_indexed:  # done already (the line may come twice: readers take the first)
        probe.event("library-indexed")


def _after_first_paint(parts: AppParts, probe: Probe) -> None:
    """What waits for the window to be on screen. The preview comes first: its render worker
    starts at once and imports its flavour's renderer while QtWebEngine starts here; the
    spelling dictionary and the git feature (about 150 ms of this process's time together) wait
    until the page is drawn, so as not to hold the preview up on a machine with few cores (or
    LATER_FALLBACK_MS, if the page never comes)."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from blogdesk import logs

    worker = _start_render_worker(parts.window)
    _warm_render_worker(worker, parts)
    QTimer.singleShot(0, logs.finish_setup)  # the log file's handlers (faulthandler is on)
    QTimer.singleShot(0, parts.window.show_recovery)
    later_done = False

    def later() -> None:
        nonlocal later_done
        if not later_done:
            later_done = True
            parts.window.writing.release_spelling()
            parts.window.wire_git()

    def build_preview() -> None:
        if not install_preview(parts, worker):
            worker.stop()
            later()
            if probe.enabled:  # nothing more to wait for
                _probe_done(probe)
            return
        pane = parts.window.preview.pane
        if pane is not None:  # the first page only
            pane.pageShown.connect(lambda _gen: QTimer.singleShot(0, later),
                                   type=Qt.ConnectionType.SingleShotConnection)
            if probe.enabled:
                pane.pageShown.connect(lambda _gen: _probe_done(probe))

    def _probe_done(probe: Probe) -> None:
        probe.event("preview-shown")
        probe.cpu()
        probe.rss()
        probe.event(f"window-icon {int(not parts.window.windowIcon().isNull())}")
        if probe.quits:
            QApplication.instance().quit()  # type: ignore[union-attr]

    QTimer.singleShot(0, build_preview)
    QTimer.singleShot(LATER_FALLBACK_MS, later)
