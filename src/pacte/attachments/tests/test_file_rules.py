"""The service's rules on the file itself: size, emptiness, the allow-list (extension AND
content), a logo is an image on a client. Each refusal writes nothing."""

import pytest

from pacte.attachments.models import Attachment
from pacte.attachments.services import attachment_add
from pacte.kernel.errors import InvalidInput
from pacte.kernel.models import LedgerEntry

from .helpers import (
    DOCX,
    EML,
    EXE,
    GIF,
    HTML,
    JPEG,
    ODT,
    PDF,
    PNG,
    SVG,
    TEXT,
    WEBP,
    XLSX,
    attach,
    recommendation,
    upload,
    zipped,
)

pytestmark = pytest.mark.django_db


def written():
    return (
        Attachment.objects.across_workspaces().count(),
        LedgerEntry.objects.across_workspaces().filter(action="attachment.added").count(),
    )


def refused(world, record, code, **kwargs):
    before = written()
    with pytest.raises(InvalidInput) as refusal:
        attach(world, record, **kwargs)
    assert refusal.value.code == code
    assert "file" in refusal.value.fields
    assert written() == before
    return refusal.value


def test_a_file_over_the_limit_is_refused_413(world, settings):
    settings.PACTE_ATTACHMENT_MAX_BYTES = 100
    rec = recommendation(world)
    error = refused(world, rec, "too_large", name="big.pdf", data=PDF + b"x" * 100)
    assert error.status == 413
    attach(world, rec, name="small.pdf", data=PDF[:100])  # exactly at the limit: accepted


def test_the_size_is_counted_not_believed(world, settings):
    """The limit is enforced on the bytes read, whatever size the upload declares."""
    settings.PACTE_ATTACHMENT_MAX_BYTES = 100
    rec = recommendation(world)
    lying = upload("big.pdf", PDF + b"x" * 200)
    lying.size = 10
    with pytest.raises(InvalidInput) as refusal:
        attachment_add(
            actor=world.actor("consultant"),
            subject_kind="decisions.recommendation",
            subject_id=rec.pk,
            upload=lying,
        )
    assert refusal.value.code == "too_large"


def test_an_empty_file_is_refused(world):
    refused(world, recommendation(world), "empty_file", name="vide.pdf", data=b"")


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("accord.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.webp", WEBP, "image/webp"),
        ("anim.gif", GIF, "image/gif"),
        ("notes.txt", TEXT, "text/plain"),
        ("chiffres.csv", b"a;b\n1;2\n", "text/csv"),
        ("mail.eml", EML, "message/rfc822"),
        ("lettre.odt", ODT, "application/vnd.oasis.opendocument.text"),
        (
            "lettre.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "tableau.xlsx",
            XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_the_allowed_types_are_accepted_with_their_own_content_type(
    world, name, data, content_type
):
    attachment = attach(world, recommendation(world), name=name, data=data)
    assert attachment.content_type == content_type
    assert attachment.size == len(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("facture.pdf", EXE),  # an executable renamed .pdf: refused by its bytes
        ("programme.exe", EXE),
        ("logo.svg", SVG),  # SVG carries scripts
        ("logo.png", SVG),  # and is not a PNG whatever its name
        ("page.html", HTML),
        ("page.txt", HTML),  # HTML named .txt
        ("script.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("binaire.txt", b"abc\x00def"),
        ("photo.jpg", PNG),  # a PNG named .jpg: the bytes must keep the name's promise
        ("lettre.docx", ODT),  # a zip, but not a DOCX
        ("lettre.odt", zipped({"mimetype": b"application/x-evil"}, stored_first="mimetype")),
        ("archive.zip", DOCX),
        ("sans-extension", PDF),
        ("mail.eml", b"not a header line\n"),
    ],
)
def test_types_outside_the_allow_list_or_whose_bytes_lie_are_refused(world, name, data):
    refused(world, recommendation(world), "type_not_allowed", name=name, data=data)


def test_a_logo_is_an_image_on_a_client(world):
    client = world.client
    logo = attach(world, client, kind="clients.client", name="logo.png", data=PNG, purpose="logo")
    assert logo.purpose == "logo"
    refused(
        world, client, "type_not_allowed", kind="clients.client", name="logo.pdf", purpose="logo"
    )
    # A recommendation carries no logo.
    refused(
        world, recommendation(world), "type_not_allowed", name="logo.png", data=PNG, purpose="logo"
    )


def test_an_unknown_purpose_is_refused(world):
    with pytest.raises(InvalidInput) as refusal:
        attach(world, recommendation(world), purpose="decoration")
    assert "purpose" in refusal.value.fields
