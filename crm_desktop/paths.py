"""Where the program's resources are: in the installed package, the bundle, or the source tree.

The source tree keeps them in the top-level `resources/` folder (ARCHITECTURE.md's layout); the
wheel maps that folder into the package as `crm_desktop/resources` (pyproject's package-dir), and
the PyInstaller bundle puts it at the same place, so an installed program finds them beside its
own code, and a source checkout or an editable install one folder up.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resources() -> Path:
    inside = _PACKAGE / "resources"
    return inside if inside.is_dir() else _PACKAGE.parent / "resources"


RESOURCES = _resources()
