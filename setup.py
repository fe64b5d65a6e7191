"""Packaging details pyproject.toml cannot say: resources/ in the package, its catalogs built.

The source tree keeps icons, translations, fonts and PDF assets in the top-level `resources/`
folder; the wheel (and so every installed program) carries it as `crm_desktop/resources`, which
is where `crm_desktop.paths.RESOURCES` looks first. An editable install and a source checkout use
the folder where it is. The Qt catalogs (.qm) are built from their sources (.ts), never kept in
git, so building the package compiles them first (PySide6's lrelease, a build requirement):
`pip install .` from a fresh clone gives the program in Spanish too.
"""

import subprocess
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path(__file__).resolve().parent / "resources" / "translations"
LRELEASE = "import sys; from PySide6.scripts.pyside_tool import lrelease; lrelease()"


class BuildWithTranslations(build_py):
    def run(self) -> None:
        for ts in sorted(TRANSLATIONS.glob("*.ts")):
            qm = ts.with_suffix(".qm")
            if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
                subprocess.run(
                    [sys.executable, "-c", LRELEASE, "-silent", str(ts), "-qm", str(qm)],
                    check=True,
                )
        super().run()


setup(
    cmdclass={"build_py": BuildWithTranslations},
    packages=[*find_packages(include=["crm_desktop*", "crm_server*"]), "crm_desktop.resources"],
    package_dir={"crm_desktop.resources": "resources"},
    package_data={
        "crm_desktop": ["migrations/*.mako", "migrations/versions/*.py"],
        "crm_desktop.resources": ["**/*"],
    },
    exclude_package_data={"crm_desktop.resources": ["**/__pycache__/*"]},
)
