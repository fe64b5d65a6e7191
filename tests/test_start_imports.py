"""The program's start paints the first page of accounts before loading the heavy libraries.

Alembic, SQLAlchemy and the validation libraries take longer to import than the whole window
takes to show (issue 3: cold start within 2.5x a bare window); they load after the first paint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crm_desktop.app import EXIT_WHEN_READY, MODULES_WHEN_READY
from crm_desktop.database import Database
from tests.factories import make_account, make_user

LATER = ("alembic", "sqlalchemy", "phonenumbers", "email_validator", "stdnum", "openpyxl")


def test_first_page_paints_before_alembic_sqlalchemy_and_validation_load(
    database: Database, tmp_path: Path
) -> None:
    with database.sessions() as session, session.begin():
        make_account(session, owner_id=make_user(session).id)
    database.engine.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    env.update({EXIT_WHEN_READY: "1", MODULES_WHEN_READY: "1"})
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "--db", str(database.path), "--lang", "es"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ready ") and lines[0].endswith(" rows=1")
    modules = lines[1].removeprefix("modules ").split()
    assert "crm_desktop.views.accounts.account_model" in modules  # the page really was built
    loaded = sorted({m for m in modules if m.split(".")[0] in LATER})
    assert loaded == []


TODAY_START = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from crm_desktop.database import open_database
from crm_desktop.settings import Settings
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.main_window import MainWindow
from crm_desktop.views.common.ops import Operations
app = QApplication(sys.argv[:1])
database = open_database(Path(sys.argv[1]))
ctx = AppContext(database, Operations(database.new_session, app), Settings(None), "es")
ctx.ops.hold()  # as app.run_app does
window = MainWindow(ctx, start_page="today")
window.first_painted.connect(lambda: (print(" ".join(sorted(sys.modules))), app.quit()))
window.show()
app.exec()
window.close()
"""


def test_the_today_page_also_paints_before_they_load(database: Database) -> None:
    """Today is where the program usually starts: its agenda is read after the first paint."""
    database.engine.dispose()
    done = subprocess.run(
        [sys.executable, "-c", TODAY_START, str(database.path)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = done.stdout.split()
    assert "crm_desktop.views.today.today" in modules
    assert sorted({m for m in modules if m.split(".")[0] in LATER}) == []
