"""The French catalogue is complete and compiled: every UI string reads in French."""

import gettext
import re
from pathlib import Path

import pacte

LOCALE = Path(pacte.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def po_entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:  # the first block is the header
        if "#~ msgid" in block:
            continue  # obsolete entries
        yield block


def unquote(lines):
    return "".join(
        bytes(m, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        for m in re.findall(r'^"(.*)"$', "\n".join(lines), re.M)
    )


def test_no_entry_is_fuzzy_or_empty():
    problems = []
    for block in po_entries():
        if "#, fuzzy" in block or re.search(r'^msgstr(\[\d\])? ""\n(?!")', block + "\n", re.M):
            problems.append(block.splitlines()[-3:])
    assert problems == []


def test_the_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    missing = []
    for block in po_entries():
        lines = block.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
        end = next(i for i, line in enumerate(lines) if line.startswith(("msgid_plural", "msgstr")))
        msgid = unquote([lines[start][6:], *lines[start + 1 : end]])
        # A msgid with a context is stored as "context\x04msgid".
        context = next((line for line in lines if line.startswith("msgctxt ")), None)
        if context is not None:
            msgid = unquote([context[8:]]) + "\x04" + msgid
        key = (msgid, 0) if "msgid_plural" in block else msgid
        if key not in compiled._catalog:
            missing.append(msgid)
    assert missing == [], "run `make messages` to recompile the catalogue"
