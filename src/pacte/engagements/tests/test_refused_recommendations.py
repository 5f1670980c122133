"""R-NO on an engagement: no work and no implementation against a refused recommendation, from
the page and the API."""

import pytest
from django.utils import timezone

from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.models import TimeEntry
from pacte.engagements.services import engagement_activate
from pacte.engagements.tests.helpers import browser, pay_deposit

pytestmark = pytest.mark.django_db


def test_work_against_a_refused_recommendation_is_refused_from_the_page(world, engagement):
    pay_deposit(world, engagement)
    owner = world.actor("owner")
    engagement_activate(actor=owner, engagement_id=engagement.pk)
    rec = recommendation_create(actor=owner, engagement_id=engagement.pk, title="CDN")
    recommendation_decide(
        actor=owner,
        recommendation_id=rec.pk,
        decision="refused",
        decided_by="Le client",
        note="Non merci",
    )
    http = browser(world, "consultant")
    page = http.post(
        f"/engagements/{engagement.pk}/do/time/",
        {
            "time-worked_on": timezone.localdate().isoformat(),
            "time-minutes": "30",
            "time-description": "Mise en place",
            "time-recommendation_id": str(rec.pk),
        },
        follow=True,
    )
    assert "The client refused “CDN”" in page.content.decode()
    page = http.post(f"/engagements/{engagement.pk}/do/implement/{rec.pk}/", follow=True)
    assert "The client refused “CDN”" in page.content.decode()
    assert not TimeEntry.objects.in_workspace(world.workspace).exists()


def test_refused_recommendation_cannot_be_implemented(api):
    client_id = api.post("/clients", {"name": "Mairie de Valcourt"}).json()["id"]
    engagement_id = api.post(
        "/engagements",
        {
            "client_id": client_id,
            "title": "Portail",
            "value": "5000.00",
            "currency": "EUR",
            "deposit_percent": 30,
        },
    ).json()["id"]
    rec = api.post(
        "/recommendations",
        {
            "engagement_id": engagement_id,
            "title": "Passer en HTTPS partout",
            "rationale": "Les formulaires transmettent des données",
        },
    )
    assert rec.status_code == 201
    rec_id = rec.json()["id"]
    decision = api.post(
        f"/recommendations/{rec_id}/decision",
        {"decision": "refused", "decided_by": "M. le maire", "note": "Pas cette année"},
    )
    assert decision.status_code in (200, 201)
    refused = api.post(f"/recommendations/{rec_id}/implement")
    assert refused.status_code == 409 and refused.json()["code"] == "client_refused"
    refusals = api.get(f"/clients/{client_id}/refusals").json()["items"]
    assert refusals[0]["recommendation"] == "Passer en HTTPS partout"
    assert refusals[0]["still_refused"] is True
    # The client changes their mind: now it can be done, and the refusal stays on record.
    api.post(
        f"/recommendations/{rec_id}/decision", {"decision": "accepted", "decided_by": "M. le maire"}
    )
    assert api.post(f"/recommendations/{rec_id}/implement").json()["status"] == "implemented"
    refusals = api.get(f"/clients/{client_id}/refusals").json()["items"]
    assert len(refusals) == 1 and refusals[0]["still_refused"] is False
