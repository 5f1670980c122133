"""The API contract of the engagement core, as an outside client uses it."""

import pytest
from django.test import Client as HttpClient

from pacte.engagements.models import Engagement
from pacte.kernel.models import LedgerEntry

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, token):
        self.http = HttpClient(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"}
        )

    def post(self, url, body=None):
        return self.http.post(f"/api/v1{url}", body or {}, content_type="application/json")

    def get(self, url):
        return self.http.get(f"/api/v1{url}")


@pytest.fixture
def api(world):
    return Api(world.token("owner"))


@pytest.fixture
def outsider(world):
    return Api(world.token("other_workspace"))


def test_deposit_gate_from_creation_to_activation(api):
    client = api.post("/clients", {"name": "Fromagerie Lenoir"})
    assert client.status_code == 201
    client_id = client.json()["id"]
    assert api.get(f"/clients/{client_id}").json()["name"] == "Fromagerie Lenoir"
    assert any(c["id"] == client_id for c in api.get("/clients").json()["items"])

    engagement = api.post(
        "/engagements",
        {
            "client_id": client_id,
            "title": "Refonte du site",
            "value": "10000.00",
            "currency": "EUR",
            "deposit_percent": 30,
        },
    )
    assert engagement.status_code == 201
    body = engagement.json()
    engagement_id = body["id"]
    assert body["status"] == "draft"
    assert body["deposit"]["required"] == "3000.00"

    refused = api.post(f"/engagements/{engagement_id}/activate")
    assert refused.status_code == 409
    assert refused.json()["code"] == "deposit_missing"
    assert "3,000.00\u00a0EUR" in refused.json()["detail"]

    invoice = api.post(
        "/invoices",
        {
            "engagement_id": engagement_id,
            "kind": "deposit",
            "amount": "3000.00",
            "due_date": "2026-12-01",
        },
    )
    assert invoice.status_code == 201
    invoice_id = invoice.json()["id"]
    assert api.get(f"/engagements/{engagement_id}").json()["status"] == "awaiting_deposit"

    partial = api.post(
        f"/invoices/{invoice_id}/payments", {"amount": "1000.00", "paid_on": "2026-11-10"}
    )
    assert partial.status_code == 201
    assert api.post(f"/engagements/{engagement_id}/activate").json()["code"] == "deposit_missing"
    api.post(f"/invoices/{invoice_id}/payments", {"amount": "2000.00", "paid_on": "2026-11-12"})
    assert api.get(f"/invoices/{invoice_id}").json()["balance_due"] == "0.00"

    activated = api.post(f"/engagements/{engagement_id}/activate")
    assert activated.status_code == 200
    assert activated.json()["status"] == "active"


def test_override_needs_an_owner_and_a_reason(world, api):
    client_id = api.post("/clients", {"name": "Atelier Vélo"}).json()["id"]
    engagement_id = api.post(
        "/engagements",
        {"client_id": client_id, "title": "Audit", "value": "2000.00", "currency": "EUR"},
    ).json()["id"]
    missing = api.post(f"/engagements/{engagement_id}/override-deposit", {})
    assert missing.status_code == 400 and missing.json()["code"] == "reason_required"
    blank = api.post(f"/engagements/{engagement_id}/override-deposit", {"reason": "   "})
    assert blank.status_code == 400
    manager = Api(world.token("manager"))
    forbidden = manager.post(
        f"/engagements/{engagement_id}/override-deposit", {"reason": "client de longue date"}
    )
    assert forbidden.status_code == 403
    done = api.post(
        f"/engagements/{engagement_id}/override-deposit",
        {"reason": "Client de longue date, acompte promis par écrit"},
    )
    assert done.status_code == 200
    assert done.json()["status"] == "active"
    assert done.json()["deposit"]["overridden"] is True
    assert api.post(f"/engagements/{engagement_id}/activate").json()["status"] == "active"
    entry = (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="engagement.deposit_overridden")
        .get()
    )
    assert entry.payload["reason"] == "Client de longue date, acompte promis par écrit"


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
    refusals = api.get(f"/clients/{client_id}/refusals").json()
    assert refusals[0]["recommendation"] == "Passer en HTTPS partout"
    assert refusals[0]["still_refused"] is True
    # The client changes their mind: now it can be done, and the refusal stays on record.
    api.post(
        f"/recommendations/{rec_id}/decision", {"decision": "accepted", "decided_by": "M. le maire"}
    )
    assert api.post(f"/recommendations/{rec_id}/implement").json()["status"] == "implemented"
    refusals = api.get(f"/clients/{client_id}/refusals").json()
    assert len(refusals) == 1 and refusals[0]["still_refused"] is False


@pytest.mark.parametrize(
    "body, field",
    [
        ({"client_id": "x", "title": "T", "value": "10.00"}, "client_id"),
        ({"client_id": 1, "title": "", "value": "10.00"}, "title"),
        ({"client_id": 1, "title": "T", "value": "-5"}, "value"),
        ({"client_id": 1, "title": "T", "value": "abc"}, "value"),
        ({"client_id": 1, "title": "T", "value": "10.001"}, "value"),
        ({"client_id": 1, "title": "T", "value": "10.00", "currency": "XYZ"}, "currency"),
        (
            {"client_id": 1, "title": "T", "value": "10.00", "deposit_percent": 150},
            "deposit_percent",
        ),
        ({"client_id": 1, "title": "T", "value": "10.00", "deposit_percent": 0}, "deposit_percent"),
    ],
)
def test_bad_engagement_input_is_400_and_writes_nothing(world, api, body, field):

    if body["client_id"] == 1:
        body = {**body, "client_id": world.client.pk}
    response = api.post("/engagements", body)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert field in str(response.json())
    assert not Engagement.objects.in_workspace(world.workspace).exists()


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
