"""Names are sanitised: no folder, no control or bidi character, a bounded length, the
extension kept. The name is only ever shown and offered as a download name."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacte.attachments.files import sanitise_name
from pacte.attachments.models import NAME_MAX_LENGTH

from .helpers import PDF, attach, recommendation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/abs/path/accord signé.pdf", "accord_signé.pdf"),
        ("Réunion du 3 mai.PDF", "Réunion_du_3_mai.pdf"),
        ("facture\u202efdp.exe", "facturefdp.exe"),  # the bidi override is dropped
        ("a\x00b\x1bc.txt", "abc.txt"),
        ("\u2066evil\u2069.pdf", "evil.pdf"),
        ("..", "file"),
        ("", "file"),
        (".htaccess", "htaccess"),
        ("<script>.pdf", "script.pdf"),
        ("e\u0301te\u0301.txt", "été.txt"),  # NFC
    ],
)
def test_names_are_sanitised(raw, expected):
    assert sanitise_name(raw, max_length=NAME_MAX_LENGTH) == expected


def test_a_long_name_is_cut_keeping_its_extension():
    name = sanitise_name("x" * 500 + ".pdf", max_length=NAME_MAX_LENGTH)
    assert len(name) == NAME_MAX_LENGTH
    assert name.endswith(".pdf")


@given(st.text(max_size=400))
def test_any_name_becomes_a_safe_one(raw):
    name = sanitise_name(raw, max_length=NAME_MAX_LENGTH)
    assert 0 < len(name) <= NAME_MAX_LENGTH
    assert "/" not in name and "\\" not in name
    assert not name.startswith(".")
    assert all(unicodedata.category(c)[0] not in "CZ" for c in name)


@pytest.mark.django_db
def test_the_stored_name_is_the_sanitised_one_and_the_path_is_the_hash(world):
    attachment = attach(world, recommendation(world), name="../../etc/\u202eaccord.pdf", data=PDF)
    assert attachment.name == "accord.pdf"
    assert (
        attachment.file.name == f"{world.workspace.pk}/{attachment.sha256[:2]}/{attachment.sha256}"
    )
