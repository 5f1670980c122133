"""`pacte attach KIND ID PATH`: the operator's way to file evidence (the system actor)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacte.attachments.models import Attachment
from pacte.kernel.models import LedgerEntry

from .helpers import EXE, PDF, recommendation

pytestmark = pytest.mark.django_db


def test_attach_a_file_from_the_command_line(world, tmp_path):
    rec = recommendation(world)
    path = tmp_path / "refus signé.pdf"
    path.write_bytes(PDF)
    out = io.StringIO()
    call_command(
        "attach", "decisions.recommendation", str(rec.pk), str(path),
        "--workspace", "Atelier Nord", stdout=out,
    )  # fmt: skip
    attachment = Attachment.objects.in_workspace(world.workspace).get()
    assert attachment.sha256 in out.getvalue()
    entry = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.payload["sha256"]) == (
        "attachment.added",
        "system",
        attachment.sha256,
    )


def test_a_refused_file_is_one_line(world, tmp_path):
    rec = recommendation(world)
    path = tmp_path / "facture.pdf"
    path.write_bytes(EXE)
    with pytest.raises(CommandError):
        call_command(
            "attach", "decisions.recommendation", str(rec.pk), str(path),
            "--workspace", "Atelier Nord",
        )  # fmt: skip
    assert not Attachment.objects.in_workspace(world.workspace).exists()
