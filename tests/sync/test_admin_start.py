"""Admin commands start without the laptop's models; the static table order matches them."""

from __future__ import annotations

import subprocess
import sys

from crm_server import rows as R


def test_the_static_table_order_is_the_laptops() -> None:
    rank = R.table_rank()
    derived = [t for t in sorted(rank, key=rank.__getitem__) if t in R.synced_tables()]
    assert list(R.SYNCED_ORDER) == derived


def test_the_command_line_imports_no_heavy_module_before_a_command_runs() -> None:
    probe = (
        "import sys, crm_server.__main__ as m; m.build_parser(); "
        "print(sorted(n for n in ('sqlalchemy', 'alembic', 'argon2', 'uvicorn', 'fastapi', "
        "'crm_desktop.models') if n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
