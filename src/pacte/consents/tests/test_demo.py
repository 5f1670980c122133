"""The demo's consent stories (issue 12, item 10)."""

import pytest
from django.utils import timezone

from pacte.attachments.models import Attachment
from pacte.clients.models import Client
from pacte.consents.selectors import reference_list, valid_scopes
from pacte.consents.services import reference_list_export
from pacte.demo.consents import PHOTOGRAPHER
from pacte.demo.loader import load_demo
from pacte.kernel.tenancy import Actor

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_three_consent_stories():
    workspace = load_demo()
    actor = Actor.system(workspace)
    today = timezone.localdate()
    clients = {c.name: c for c in Client.objects.for_actor(actor)}
    delorme, studio, ravel = (
        clients["Fonderie Delorme"],
        clients[PHOTOGRAPHER],
        clients["Cabinet Ravel Avocats"],
    )
    assert (delorme.confidentiality, studio.confidentiality, ravel.confidentiality) == (
        "named",
        "named",
        "confidential",
    )
    assert studio.city == "Québec"
    scopes = valid_scopes(actor=actor, client_ids=[delorme.pk, studio.pk], on=today)
    assert scopes[delorme.pk] == {"reference", "logo"}  # the case study was refused
    assert scopes[studio.pk] == {"case_study", "testimonial", "figures"}
    written = studio.consents.first()
    assert written.method == "document" and "10 pour cent" in written.consideration
    assert (written.until - written.given_on).days == 730
    assert studio.engagements.get().currency == "CAD"
    (listed,) = reference_list(actor=actor, on=today)
    assert listed.client.name == "Fonderie Delorme" and listed.logo_url.startswith("/files/")
    # The photographer's signed authorisation is attached to its case-study consent.
    signed = Attachment.objects.in_workspace(workspace).filter(
        subject_kind="consents.consent", name="autorisation-signee.pdf"
    )
    assert {a.content_type for a in signed} == {"application/pdf"}
    assert len({a.sha256 for a in signed}) == 1  # one signed page for the three scopes
    assert set(
        studio.consents.filter(pk__in=[a.subject_id for a in signed]).values_list(
            "scope", flat=True
        )
    ) == {"case_study", "testimonial", "figures"}
    text, _t, _n = reference_list_export(actor=actor, format="csv")
    assert "Fonderie Delorme" in text and "Ravel" not in text
