"""Another workspace cannot see, act on or point into our engagements, from the page and the
API."""

import pytest

from pacte.engagements.tests.helpers import browser
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_another_workspace_cannot_act_on_our_engagement(world, engagement):
    http = browser(world, "other_workspace")
    for action in ("activate", "override-deposit", "invoice", "time", "risk"):
        assert http.post(f"/engagements/{engagement.pk}/do/{action}/").status_code == 404
    engagement.refresh_from_db()
    assert engagement.status == "draft"


def test_another_workspace_gets_404_and_cannot_point_into_ours(world, api, outsider):
    client_id = api.post("/clients", {"name": "Pharmacie Centrale"}).json()["id"]
    engagement_id = api.post(
        "/engagements",
        {"client_id": client_id, "title": "Boutique", "value": "8000.00", "currency": "EUR"},
    ).json()["id"]
    invoice_id = api.post(
        "/invoices",
        {
            "engagement_id": engagement_id,
            "kind": "deposit",
            "amount": "2400.00",
            "due_date": "2026-12-01",
        },
    ).json()["id"]
    rec_id = api.post(
        "/recommendations", {"engagement_id": engagement_id, "title": "CDN", "rationale": "vitesse"}
    ).json()["id"]
    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    for url in (
        f"/clients/{client_id}",
        f"/engagements/{engagement_id}",
        f"/invoices/{invoice_id}",
        f"/recommendations/{rec_id}",
        f"/clients/{client_id}/refusals",
        f"/clients/{client_id}/contacts",
    ):
        assert outsider.get(url).status_code == 404, url
    for url, body in (
        (f"/engagements/{engagement_id}/activate", {}),
        (f"/engagements/{engagement_id}/override-deposit", {"reason": "x"}),
        (f"/invoices/{invoice_id}/payments", {"amount": "10.00", "paid_on": "2026-11-01"}),
        (f"/recommendations/{rec_id}/decision", {"decision": "refused", "decided_by": "x"}),
        (f"/recommendations/{rec_id}/implement", {}),
        ("/engagements", {"client_id": client_id, "title": "x", "value": "1.00"}),
        (
            "/invoices",
            {
                "engagement_id": engagement_id,
                "kind": "deposit",
                "amount": "1.00",
                "due_date": "2026-12-01",
            },
        ),
        ("/recommendations", {"engagement_id": engagement_id, "title": "x"}),
        ("/change-requests", {"engagement_id": engagement_id, "title": "x"}),
        ("/risks", {"engagement_id": engagement_id, "description": "x"}),
        (
            "/exchanges",
            {"client_id": client_id, "channel": "email", "direction": "outbound", "summary": "x"},
        ),
        (f"/clients/{client_id}/contacts", {"full_name": "Intrus"}),
    ):
        response = outsider.post(url, body)
        assert response.status_code == 404, (url, response.content)
        assert response.json()["code"] == "not_found"
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before
    assert outsider.get("/clients").json()["items"] == [
        {**c} for c in outsider.get("/clients").json()["items"]
    ]
    assert all(c["id"] != client_id for c in outsider.get("/clients").json()["items"])
