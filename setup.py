"""Packaging details pyproject.toml cannot say: resources/ ships inside the package.

The source tree keeps icons, translations, fonts and PDF assets in the top-level `resources/`
folder; the wheel (and so every installed program) carries it as `crm_desktop/resources`, which
is where `crm_desktop.paths.RESOURCES` looks first. An editable install and a source checkout use
the folder where it is.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["crm_desktop*", "crm_server*"]), "crm_desktop.resources"],
    package_dir={"crm_desktop.resources": "resources"},
    package_data={
        "crm_desktop": ["migrations/*.mako", "migrations/versions/*.py"],
        "crm_desktop.resources": ["**/*"],
    },
    exclude_package_data={"crm_desktop.resources": ["**/__pycache__/*"]},
)
