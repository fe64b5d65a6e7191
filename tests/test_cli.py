"""The program as a user starts it: `crm-desktop --self-test`, `--db`, subcommands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.__main__ import build_parser
from crm_desktop.models.database import make_engine
from crm_desktop.models.migrate import current_revision, head_revision


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_self_test_opens_the_database_and_the_window(tmp_path: Path) -> None:
    db = tmp_path / "deep" / "crm.db"
    result = _run("--db", str(db), "--self-test", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
    engine = make_engine(db)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_self_test_fails_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    db.write_bytes(b"this is not a database" * 100)
    result = _run("--db", str(db), "--self-test")
    assert result.returncode != 0
    assert "not a database" in (result.stderr + result.stdout)


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    result = _run("migrate", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "crm-desktop" / "crm.db").exists()


@pytest.mark.parametrize(
    "bad", [["seed", "--accounts", "0"], ["seed", "--accounts", "muchas"], ["--lang", "fr"]]
)
def test_bad_arguments_get_a_clear_message(bad: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(bad)
    assert exit_info.value.code == 2


def test_self_test_checks_the_translations_and_fonts_it_ships(tmp_path: Path) -> None:
    from crm_desktop.app import resource_problems
    from crm_desktop.paths import RESOURCES

    assert resource_problems() == []
    copy = tmp_path / "resources"
    shutil.copytree(RESOURCES, copy)
    (copy / "fonts" / "DejaVuSans.ttf").write_bytes(b"not a font")
    (problem,) = resource_problems(copy)
    assert problem.startswith(f"cannot read the font {copy / 'fonts' / 'DejaVuSans.ttf'}")
    (copy / "translations" / "crm_es.qm").unlink()
    assert resource_problems(copy) == [f"missing resource {copy / 'translations' / 'crm_es.qm'}"]
