"""Evidence on the steps of a conflict (a letter, the minutes): attached to the step, its
SHA-256 in the step's ledger entry, shown on the case page, never served to the portal."""

import pytest

from pacte.attachments.tests.helpers import PDF, attach
from pacte.kernel.models import LedgerEntry
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

from .helpers import move, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(attachment_storage):
    return attachment_storage


def test_a_letter_attached_to_a_step_is_on_the_case_page_for_members_only(world):
    case = open_case(world)
    move(world, case, "cause_identified")
    step = case.steps.order_by("-pk").first()
    letter = attach(world, step, kind="conflicts.conflictstep", name="lettre recommandée.pdf")
    entry = LedgerEntry.objects.get(workspace=world.workspace, action="attachment.added")
    assert (
        entry.subject_type == "conflicts.conflictstep" and entry.payload["sha256"] == letter.sha256
    )
    page = check_page_as_each_actor(world, f"/conflicts/{case.pk}/", MEMBERS_ONLY)
    assert f"/files/{letter.pk}/" in page["viewer"].content.decode()
    assert (
        b"".join(
            check_page_as_each_actor(
                world, f"/files/{letter.pk}/", {**MEMBERS_ONLY, "anonymous": 302}
            )["owner"].streaming_content
        )
        == PDF
    )
