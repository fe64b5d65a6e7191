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

# What the program cannot do without: the Spanish catalogs (Qt's and the domain's), the PDF fonts
# and the proposal's sample logo. `crm-desktop --self-test` checks they are where it looks.
REQUIRED_RESOURCES = (
    "translations/crm_es.qm",
    "locale/es.json",
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DejaVuSans-Oblique.ttf",
    "proposal/sample-logo.png",
)


def missing_resources(folder: Path = RESOURCES) -> list[Path]:
    return [folder / name for name in REQUIRED_RESOURCES if not (folder / name).is_file()]
