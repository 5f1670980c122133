"""R-CONSENT: the written consent is attached to the record it supports, its SHA-256 in that
record's ledger entry, shown on the register, served only to who may see the consent; the
reference list takes each client's logo from its attached files."""

import hashlib

import pytest

from pacte.attachments.models import Attachment
from pacte.attachments.tests.helpers import PDF, PNG, attach
from pacte.consents import services as consent_services
from pacte.consents.selectors import reference_list
from pacte.consents.services import reference_list_export
from pacte.kernel.errors import PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.testing import check_page_as_each_actor

from .helpers import grant, level, today

pytestmark = pytest.mark.django_db

CONSENT_FILE = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,  # the client's own consent: its people see their signature
    "portal_other_client": 404,
    "other_workspace": 404,
}


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(attachment_storage):
    return attachment_storage


def test_the_signed_consent_is_in_the_ledger_entry_of_the_consent(world):
    consent = grant(world, "case_study")
    attachment = attach(world, consent, kind="consents.consent", name="accord signé.pdf")
    entry = LedgerEntry.objects.get(workspace=world.workspace, action="attachment.added")
    assert entry.subject_type == "consents.consent" and entry.subject_id == str(consent.pk)
    assert entry.payload["sha256"] == hashlib.sha256(PDF).hexdigest() == attachment.sha256


def test_the_register_lists_the_file_and_only_the_clients_people_download_it(world):
    consent = grant(world, "case_study")
    attachment = attach(world, consent, kind="consents.consent", name="accord.pdf")
    page = check_page_as_each_actor(
        world,
        f"/clients/{world.client.pk}/consents/",
        {**CONSENT_FILE, "portal": 404, "portal_other_client": 404},
    )
    assert f"/files/{attachment.pk}/" in page["viewer"].content.decode()
    check_page_as_each_actor(world, f"/files/{attachment.pk}/", CONSENT_FILE)


def test_the_reference_list_shows_the_logo_attached_to_the_client(world):
    level(world, "named")
    grant(world, "reference")
    grant(world, "logo")
    logo = attach(
        world, world.client, kind="clients.client", name="logo.png", data=PNG, purpose="logo"
    )
    (row,) = reference_list(actor=world.actor("owner"), on=today())
    assert row.logo and row.logo_url == f"/files/{logo.pk}/?inline=1"


def test_only_members_attach_evidence_to_a_consent(world):
    """The client's people answer in the portal, which is their written word; the evidence on
    the register is what the provider holds."""
    consent = grant(world, "case_study")
    with pytest.raises(PermissionDenied):
        attach(world, consent, kind="consents.consent", as_="portal")
    assert not Attachment.objects.in_workspace(world.workspace).exists()


def test_files_on_the_client_record_stay_with_the_provider(world):
    letter = attach(world, world.client, kind="clients.client", name="courrier.pdf")
    check_page_as_each_actor(world, f"/files/{letter.pk}/", {**CONSENT_FILE, "portal": 404})


def test_the_published_list_carries_the_logo_itself_and_only_under_its_consent(world, monkeypatch):
    level(world, "named")
    grant(world, "reference")
    logo_consent = grant(world, "logo")
    attach(world, world.client, kind="clients.client", name="logo.png", data=PNG, purpose="logo")
    html, _t, _n = reference_list_export(actor=world.actor("owner"), format="html")
    assert "data:image/png;base64," in html and "/files/" not in html
    text, _t, _n = reference_list_export(actor=world.actor("owner"), format="csv")
    assert ",yes,logo.png," in text
    # The guard re-checks the logo's consent, whatever the selector said: here a selector
    # that flags the logo although its consent was withdrawn today.
    rows = reference_list(actor=world.actor("owner"), on=today())
    assert rows[0].logo_consent.pk == logo_consent.pk
    rows[0].logo_consent.revoked_on = today()
    monkeypatch.setattr(consent_services, "reference_list", lambda **kw: rows)
    html, _t, _n = reference_list_export(actor=world.actor("owner"), format="html")
    assert "data:image" not in html


def test_a_written_consent_without_its_document_is_flagged_until_attached(world):
    consent = grant(world, "case_study", method="document")
    url = f"/clients/{world.client.pk}/consents/"
    owner = check_page_as_each_actor(world, url, {**CONSENT_FILE, "portal": 404})["owner"]
    assert f'id="unattached-{consent.pk}"' in owner.content.decode()
    attach(world, consent, kind="consents.consent", name="accord.pdf")
    owner = check_page_as_each_actor(world, url, {**CONSENT_FILE, "portal": 404})["owner"]
    assert f'id="unattached-{consent.pk}"' not in owner.content.decode()
