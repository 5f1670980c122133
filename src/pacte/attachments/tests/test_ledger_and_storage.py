"""The file's SHA-256 is in the ledger entry of the record it supports; bytes are stored by
content, once; a storage failure writes nothing."""

import hashlib
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage

from pacte.attachments.models import Attachment
from pacte.kernel import ledger
from pacte.kernel.models import LedgerEntry

from .helpers import PDF, PNG, attach, recommendation

pytestmark = pytest.mark.django_db


def test_the_sha256_goes_into_the_ledger_entry_whose_subject_is_the_record(world):
    rec = recommendation(world)
    attachment = attach(world, rec, name="refus signé.pdf", data=PDF)
    entry = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq").first()
    assert entry.action == "attachment.added"
    assert (entry.subject_type, entry.subject_id) == ("decisions.recommendation", str(rec.pk))
    assert entry.payload["sha256"] == hashlib.sha256(PDF).hexdigest() == attachment.sha256
    assert entry.payload["attachment_id"] == attachment.pk
    assert entry.payload["name"] == "refus_signé.pdf"
    assert entry.payload["size"] == len(PDF)
    assert entry.payload["content_type"] == "application/pdf"
    assert ledger.verify(world.workspace).ok


def test_the_same_bytes_are_stored_once(world, attachment_storage):
    first = attach(world, recommendation(world), name="a.pdf", data=PDF)
    second = attach(world, world.client, kind="clients.client", name="b.pdf", data=PDF)
    other = attach(world, world.client, kind="clients.client", name="c.png", data=PNG)
    assert first.pk != second.pk
    assert first.file.name == second.file.name != other.file.name
    stored = [p for p in attachment_storage.rglob("*") if p.is_file()]
    assert len(stored) == 2
    assert second.file.open("rb").read() == PDF


def test_a_storage_failure_writes_nothing(world):
    rec = recommendation(world)
    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    with (
        mock.patch.object(FileSystemStorage, "save", side_effect=OSError("disk full")),
        pytest.raises(OSError),
    ):
        attach(world, rec)
    assert not Attachment.objects.in_workspace(world.workspace).exists()
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before


def test_a_database_failure_after_storing_leaves_a_harmless_orphan(world, attachment_storage):
    """The bytes stay under their hash; no row names them, so nothing serves them; the next
    upload of the same bytes reuses them."""
    rec = recommendation(world)
    with (
        mock.patch("pacte.attachments.services.ledger.append", side_effect=RuntimeError("db")),
        pytest.raises(RuntimeError),
    ):
        attach(world, rec)
    assert not Attachment.objects.in_workspace(world.workspace).exists()
    again = attach(world, rec)
    assert [p for p in attachment_storage.rglob("*") if p.is_file()] == [
        attachment_storage / again.file.name
    ]
