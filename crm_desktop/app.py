"""Composition root: settings, language, database, services, main window."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from crm_desktop.schema_version import DatabaseProblem

# Hidden switch for bench/bench_ui_start.py: start on Accounts, print when ready, exit.
EXIT_WHEN_READY = "CRM_DESKTOP_EXIT_WHEN_READY"
# With it, also print the modules loaded by then (tests/test_start_imports.py checks them).
MODULES_WHEN_READY = "CRM_DESKTOP_MODULES_WHEN_READY"


def pick_language(requested: str | None, chosen: str | None = None) -> str:
    """--lang wins, then the language chosen in Settings; otherwise Spanish, whatever the
    machine's locale: the program's users are Spanish speakers (issue 11, item 4)."""
    for language in (requested, chosen):
        if language and language.strip().lower() in ("es", "en"):
            return language.strip().lower()
    return "es"


def run_app(db_path: Path, lang: str | None = None, self_test: bool = False) -> int:
    """Start the program on db_path; in self-test mode, show the window offscreen and exit."""
    if self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QMessageBox

    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.views.common.translations import install_translator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("crm-desktop")
    app.setOrganizationName("crm-desktop")
    from crm_desktop.settings import Settings

    settings = Settings.beside(db_path)
    language = pick_language(lang, str(settings.get("general.language") or ""))
    i18n.set_language(language)
    install_translator(app, language)  # type: ignore[arg-type]
    if not _after_a_wipe(db_path, self_test):
        return 4
    settings = Settings.beside(db_path)  # erased with the data if the server had it wiped
    from crm_desktop.views.common.instance_lock import InstanceLock, already_open_text

    lock = InstanceLock(db_path)
    holder = lock.acquire() if _folder_writable(db_path) else None  # read-only: nothing to guard
    if holder is not None:  # a second copy on the same file: say where the first one is
        message = already_open_text(db_path, holder)
        if self_test:
            print(f"self-test failed: {message}", file=sys.stderr)
        else:
            QMessageBox.warning(None, "crm-desktop", message)
        return 3
    if not self_test:  # the self-test, like the command line, takes CRM_DESKTOP_DB_PASSPHRASE
        from crm_desktop.secure.keys import set_passphrase_provider
        from crm_desktop.views.common.passphrase import ask_passphrase

        set_passphrase_provider(ask_passphrase)  # only asked when there is no keyring at all
    try:
        database = open_database(db_path)
    except DatabaseProblem as exc:
        if self_test:
            print(f"self-test failed: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "crm-desktop", str(exc))
        return 2
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.main_window import MainWindow

    ctx = AppContext(
        database=database,
        ops=Operations(database.new_session, app),  # SQLAlchemy loads with the first operation
        settings=settings,
        language=language,
    )
    ctx.ops.hold()  # the window's first paint comes first; it releases them (first_painted)
    ctx.ops.read_only = database.read_only
    ready_probe = bool(os.environ.get(EXIT_WHEN_READY))
    window = MainWindow(ctx, start_page="accounts" if ready_probe else "today")
    window.fit_screen()  # no bigger than the screen (1366×768 is common), stored size or not
    window.show()
    if database.read_only is not None:
        from crm_desktop.views.common.read_only import show_read_only

        show_read_only(window, database.read_only)
    elif not ready_probe:
        window.first_painted.connect(lambda: _install_background_services(ctx, window))
    if self_test:
        return _self_test(app, window, ctx)
    status = _exit_when_ready(app, window) if ready_probe else app.exec()
    # The event loop may still have fired a timer (a count, a refresh) after the window closed
    # and waited: let that work finish while its objects exist, not during interpreter exit.
    ctx.ops.wait()
    lock.release()
    return status


def _after_a_wipe(db_path: Path, self_test: bool) -> bool:
    """A database erased by the server's order (secure/wipe.py): finish the erase, say why, and
    go on only if the rep chooses to start anew with an empty database."""
    from crm_desktop.secure.wipe import clear_notice, finish_pending_wipe

    notice = finish_pending_wipe(db_path)
    if notice is None:
        return True
    if self_test:
        print(
            f"self-test failed: the data of {db_path} was erased ({notice.code})", file=sys.stderr
        )
        return False
    from PySide6.QtWidgets import QMessageBox

    from crm_desktop.views.sync.remote_wipe import wipe_box

    box = wipe_box(notice, None, at_start=True)
    box.exec()
    if box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.AcceptRole:
        return False
    clear_notice(db_path)
    return True


def _folder_writable(db_path: Path) -> bool:
    folder = db_path.expanduser().resolve().parent
    return not folder.exists() or (
        os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    )


def _exit_when_ready(app: object, window: object) -> int:
    """Benchmarks: once the accounts page has painted its first page, print the time and exit."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from crm_desktop.views.main_window import MainWindow

    assert isinstance(app, QApplication) and isinstance(window, MainWindow)
    rows: list[int] = []

    def ready() -> None:
        rows.append(window.page("accounts").model.rowCount())  # type: ignore[attr-defined]
        print(f"ready {time.time():.6f} rows={rows[0]}", flush=True)  # wall clock: bench mark
        if os.environ.get(MODULES_WHEN_READY):
            print("modules " + " ".join(sorted(sys.modules)), flush=True)
        app.quit()

    window.first_painted.connect(ready)
    QTimer.singleShot(120_000, app.quit)  # never painted: fail rather than hang the benchmark
    app.exec()
    window.close()
    return 0 if rows and rows[0] else 1


def _install_background_services(ctx: object, window: object) -> None:
    """Sync (status bar, timer, exit offer) and follow-up alerts, once the window has painted.

    Imported here, not at the top: both load SQLAlchemy, which must not delay the first paint.
    """
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.idle_lock import install_idle_lock
    from crm_desktop.views.main_window import MainWindow
    from crm_desktop.views.sync.sync_status import install_sync
    from crm_desktop.views.today.alerts import install_alerts

    assert isinstance(ctx, AppContext) and isinstance(window, MainWindow)
    if getattr(window, "sync_controller", None) is not None:
        return
    window.sync_controller = install_sync(ctx, window)  # type: ignore[attr-defined]
    window.alerts = install_alerts(ctx, window)  # type: ignore[attr-defined]
    window.idle_lock = install_idle_lock(ctx, window)  # type: ignore[attr-defined]


def _self_test(app: object, window: object, ctx: object) -> int:
    from PySide6.QtWidgets import QApplication

    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.main_window import MainWindow

    assert isinstance(app, QApplication) and isinstance(window, MainWindow)
    assert isinstance(ctx, AppContext)
    try:
        app.processEvents()
        _install_background_services(ctx, window)  # the bundle must carry sync and alerts too
        problems = window.self_check() + resource_problems() + _encryption_problems(ctx)
        ctx.ops.wait()
    except Exception:  # the self-test reports any failure in words, never a crash
        traceback.print_exc()
        return 1
    if problems:
        print("self-test failed: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"self-test passed: {window.database.path}")
    window.close()
    return 0


def _encryption_problems(ctx: object) -> list[str]:
    """The self-test's check that the file it opened is encrypted (SQLCipher is in the bundle)."""
    from crm_desktop.secure.sqlcipher import is_plain
    from crm_desktop.views.common.context import AppContext

    assert isinstance(ctx, AppContext)
    path = ctx.database.path
    return [f"the database {path} is not encrypted"] if is_plain(path) else []


def resource_problems(folder: Path | None = None) -> list[str]:
    """The self-test's check that the translations and PDF fonts are there and load: the wheel
    and the bundle carry them as data files, which a packaging mistake drops silently."""
    from PySide6.QtCore import QTranslator
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    from crm_desktop.paths import RESOURCES, missing_resources

    folder = folder or RESOURCES
    problems = [f"missing resource {path}" for path in missing_resources(folder)]
    if problems:
        return problems
    if not QTranslator().load(str(folder / "translations" / "crm_es.qm")):
        problems.append(f"cannot load {folder / 'translations' / 'crm_es.qm'}")
    for font in sorted((folder / "fonts").glob("*.ttf")):
        try:
            TTFont(font.stem, str(font))
        except TTFError as exc:
            problems.append(f"cannot read the font {font}: {exc}")
    return problems
