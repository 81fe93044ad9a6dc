"""The second language is complete: every string of the pages and views has a German translation,
and the committed compiled catalog (.mo) says the same as its source (.po)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import polemica.web.ui as ui

UI = Path(ui.__file__).parent
LOCALE = UI / "locale" / "de" / "LC_MESSAGES"
Entry = str | tuple[str, str]


def _unquote(s: str) -> str:
    return str(ast.literal_eval(f'"{s}"'))


def read_po(path: Path) -> dict[str, tuple[Entry, Entry, bool]]:
    """msgid → (msgid_plural or msgid, msgstr or (msgstr[0], msgstr[1]), fuzzy)."""
    out: dict[str, tuple[Entry, Entry, bool]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                fields[key] = _unquote(m.group(2))
            elif line.startswith('"') and key:
                fields[key] += _unquote(line[1:-1])
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        fuzzy = "#, fuzzy" in block
        if "msgid_plural" in fields:
            plural = (fields.get("msgstr[0]", ""), fields.get("msgstr[1]", ""))
            out[fields["msgid"]] = (fields["msgid_plural"], plural, fuzzy)
        else:
            out[fields["msgid"]] = (fields["msgid"], fields.get("msgstr", ""), fuzzy)
    return out


def _block_msgid(body: str) -> list[str]:
    text = re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", body)
    return text.split("{% plural %}")


def template_strings() -> set[str]:
    found: set[str] = set()
    for path in (UI / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\{%\s*translate\s+(\"[^\"]*\"|'[^']*')", text):
            found.add(m.group(1)[1:-1])
        for m in re.finditer(
            r"\{%\s*blocktranslate[^%]*%\}(.*?)\{%\s*endblocktranslate\s*%\}", text
        ):
            found.add(_block_msgid(m.group(1))[0])
        for m in re.finditer(r"_\(\"([^\"]*)\"\)", text):
            found.add(m.group(1))
    return found


def python_strings() -> set[str]:
    found: set[str] = set()
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\b_\(\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\)", text):
            parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", m.group(1))
            found.add("".join(_unquote(p) for p in parts))
    return found


def test_every_string_has_a_german_translation() -> None:
    catalog = read_po(LOCALE / "django.po")
    wanted = template_strings() | python_strings()
    assert len(wanted) > 200
    missing = sorted(s for s in wanted if s not in catalog)
    assert not missing, f"not in the German catalog (run makemessages): {missing[:10]}"
    untranslated = sorted(
        k
        for k, (_, v, fuzzy) in catalog.items()
        if fuzzy or not all(v if isinstance(v, tuple) else (v,))
    )
    assert not untranslated, f"no German translation for: {untranslated[:10]}"


def test_compiled_catalog_matches_its_source() -> None:
    catalog = read_po(LOCALE / "django.po")
    with open(LOCALE / "django.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    for msgid, (plural, msgstr, _) in catalog.items():
        if isinstance(msgstr, tuple):
            assert mo.ngettext(msgid, str(plural), 1) == msgstr[0], msgid
            assert mo.ngettext(msgid, str(plural), 5) == msgstr[1], msgid
        else:
            assert mo.gettext(msgid) == msgstr, f"{msgid!r}: recompile the .mo"


def test_extraction_finds_what_it_should() -> None:
    strings = template_strings()
    assert "Argument map" in strings
    assert "%(n)s contribution" in strings
    assert "Join %(org)s" in strings
    assert "Next: voting. Every objection is answered." in python_strings()
