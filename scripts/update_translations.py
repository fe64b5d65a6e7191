"""Refresh the Spanish Qt catalog from the views' tr() strings and the JSON translation files.

Translations live in resources/translations/es/*.json, one file per area of the
program ({"English source": "Spanish"}, or a list of two forms for "%n" plurals), so several
people can add strings without editing the .ts XML by hand. This script:
  1. runs pyside6-lupdate over crm_desktop/views to (re)write crm_es.ts,
  2. fills every message from the JSON files,
  3. lists the messages that still have no Spanish (exit 1 with --check),
  4. writes crm_en.ts with the English forms of every "%n" message (resources/translations/en/):
     the source text ("%n visit(s)") is never what a user reads; "1 visit", "7 visits" is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ROOT / "crm_desktop" / "views"
TS = ROOT / "resources" / "translations" / "crm_es.ts"
TS_EN = TS.with_name("crm_en.ts")
JSON_DIR = TS.parent / "es"
JSON_DIR_EN = TS.parent / "en"


def load_translations(folder: Path = JSON_DIR) -> dict[str, str | list[str]]:
    merged: dict[str, str | list[str]] = {}
    for path in sorted(folder.glob("*.json")):
        for source, target in json.loads(path.read_text(encoding="utf-8")).items():
            if source in merged and merged[source] != target:
                raise SystemExit(f"{path.name}: “{source}” is translated differently elsewhere")
            merged[source] = target
    return merged


def run_lupdate(ts: Path = TS) -> None:
    sources = sorted(str(p) for p in VIEWS.rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(ts)],
        check=True,
    )


def english_plurals() -> list[str]:
    """crm_en.ts: only the numerus messages, with their English forms; the rest reads as written."""
    run_lupdate(TS_EN)
    forms = load_translations(JSON_DIR_EN)
    tree = ET.parse(TS_EN)
    missing: list[str] = []
    for context in tree.getroot().findall("context"):
        for message in context.findall("message"):
            source = message.findtext("source") or ""
            if message.get("numerus") != "yes":
                context.remove(message)
                continue
            node = message.find("translation")
            if node is None:
                node = ET.SubElement(message, "translation")
            for child in list(node):
                node.remove(child)
            node.text = None
            node.attrib.pop("type", None)
            found = forms.get(source)
            if not isinstance(found, list):
                missing.append(source)
                found = [source, source]
            for form in found:
                ET.SubElement(node, "numerusform").text = form
    tree.getroot().set("language", "en_US")
    tree.write(TS_EN, encoding="utf-8", xml_declaration=True)
    return missing


def fill(translations: dict[str, str | list[str]]) -> list[str]:
    tree = ET.parse(TS)
    missing: list[str] = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        target = translations.get(source)
        node = message.find("translation")
        if node is None:
            node = ET.SubElement(message, "translation")
        for child in list(node):
            node.remove(child)
        node.text = None
        if target is None:
            node.set("type", "unfinished")
            missing.append(source)
            continue
        node.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            forms = target if isinstance(target, list) else [target, target]
            for form in forms:
                ET.SubElement(node, "numerusform").text = form
        else:
            node.text = target if isinstance(target, str) else target[0]
    tree.getroot().set("language", "es_CO")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    run_lupdate()
    missing = fill(load_translations())
    for source in sorted(set(missing)):
        print(f"no Spanish for: {source!r}")
    english = english_plurals()
    for source in sorted(set(english)):
        print(f"no English plural forms for: {source!r}")
    missing += english
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
