"""The API contract of issue 12 (consents, revocation, the client's confidentiality, the
reference list), and every endpoint as every kind of actor."""

import pytest
from django.test import Client as HttpClient

from pacte.consents.models import Consent
from pacte.testing import API_READ, API_WRITERS, check_endpoint_as_each_actor

from .helpers import contact, days, grant, level, today

pytestmark = pytest.mark.django_db

API = "/api/v1"


def call(world, method, url, kind="owner", json=None):
    http = HttpClient(
        headers={"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    )
    kwargs = {"data": json, "content_type": "application/json"} if json is not None else {}
    return getattr(http, method)(API + url, **kwargs)


def test_recording_a_consent(world):
    who = contact(world)
    body = {
        "client_id": world.client.pk,
        "scope": "case_study",
        "granted": True,
        "by_contact_id": who.pk,
        "on": days(-3).isoformat(),
        "until": days(700).isoformat(),
        "method": "document",
        "consideration": "10 per cent off",
    }
    response = call(world, "post", "/consents", json=body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["scope"] == "case_study" and data["granted"] is True
    assert data["by_contact_id"] == who.pk and data["until"] == days(700).isoformat()
    refusal = call(
        world,
        "post",
        "/consents",
        json={
            "client_id": world.client.pk,
            "scope": "logo",
            "granted": False,
            "on": days(-1).isoformat(),
        },
    )
    assert refusal.status_code == 201 and refusal.json()["method"] == "document"


def test_refusals_of_the_contract(world):
    theirs = contact(world, "Autre", client=world.other_client)
    base = {
        "client_id": world.client.pk,
        "scope": "logo",
        "granted": True,
        "on": days(-1).isoformat(),
    }
    assert (
        call(world, "post", "/consents", json={**base, "by_contact_id": theirs.pk}).json()["code"]
        == "contact_of_another_client"
    )
    assert (
        call(world, "post", "/consents", json={**base, "until": days(-2).isoformat()}).status_code
        == 400
    )
    assert call(world, "post", "/consents", json={**base, "scope": "everything"}).status_code in (
        400,
        422,
    )
    assert call(world, "post", "/consents", "viewer", json=base).status_code == 403
    assert (
        call(
            world, "post", "/consents", json={**base, "client_id": world.foreign_client.pk}
        ).status_code
        == 404
    )


def test_revoking(world):
    c = grant(world)
    response = call(
        world, "post", f"/consents/{c.pk}/revoke", json={"on": today().isoformat(), "reason": "Non"}
    )
    assert response.status_code == 200 and response.json()["revoked_on"] == today().isoformat()
    again = call(
        world, "post", f"/consents/{c.pk}/revoke", json={"on": today().isoformat(), "reason": "Non"}
    )
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"


def test_the_standing_decision_per_scope(world):
    level(world, "named")
    grant(world, "reference")
    from .helpers import refuse

    refuse(world, "case_study")
    data = call(world, "get", f"/clients/{world.client.pk}/consents").json()
    assert data["confidentiality"] == "named" and data["may_be_named"] is True
    states = {s["scope"]: (s["state"], s["in_force"]) for s in data["scopes"]}
    assert states == {
        "reference": ("granted", True),
        "logo": ("none", False),
        "case_study": ("refused", False),
        "testimonial": ("none", False),
        "figures": ("none", False),
    }


def test_the_list_is_paginated_and_filtered(world):
    grant(world)
    grant(world, client=world.other_client)
    data = call(world, "get", f"/consents?client_id={world.client.pk}").json()
    assert data["count"] == 1 and data["items"][0]["client_id"] == world.client.pk
    assert call(world, "get", "/consents").json()["count"] == 2
    # The portal user sees their own client's records only.
    assert call(world, "get", "/consents", "portal").json()["count"] == 1


def test_patching_the_confidentiality_level(world):
    response = call(
        world, "patch", f"/clients/{world.client.pk}", json={"confidentiality": "confidential"}
    )
    assert response.status_code == 200 and response.json()["confidentiality"] == "confidential"
    assert (
        call(world, "get", f"/clients/{world.client.pk}").json()["confidentiality"]
        == "confidential"
    )
    bad = call(world, "patch", f"/clients/{world.client.pk}", json={"confidentiality": "public"})
    assert bad.status_code in (400, 422)


def test_the_reference_list_and_its_file(world):
    level(world, "named")
    grant(world, "reference")
    data = call(world, "get", "/references").json()
    assert [r["name"] for r in data["items"]] == ["Boulangerie Alpha"]
    csv_file = call(world, "get", "/references/export?format=csv").json()
    assert csv_file["content_type"].startswith("text/csv")
    assert csv_file["text"].splitlines()[1].startswith("Boulangerie Alpha,")
    assert csv_file["filename"] == f"references-{today().isoformat()}.csv"
    html = call(world, "get", "/references/export?format=html").json()
    assert html["content_type"].startswith("text/html") and "Boulangerie Alpha" in html["text"]
    assert call(world, "get", "/references/export?format=pdf").status_code in (400, 422)


def test_every_endpoint_as_every_actor(world):
    c = grant(world)
    client = world.client.pk
    check_endpoint_as_each_actor(world, f"{API}/clients/{client}/consents", API_READ)
    check_endpoint_as_each_actor(world, f"{API}/consents?client_id={client}", API_READ)
    check_endpoint_as_each_actor(
        world, f"{API}/consents", {**API_READ, "portal_other_client": 200, "other_workspace": 200}
    )
    exporters = {
        **API_READ,
        "viewer": 403,
        "portal": 403,
        "portal_other_client": 403,
        "other_workspace": 200,
    }
    check_endpoint_as_each_actor(world, f"{API}/references/export?format=csv", exporters)
    check_endpoint_as_each_actor(
        world,
        f"{API}/references",
        {**API_READ, "portal_other_client": 403, "portal": 403, "other_workspace": 200},
    )
    # Writing: a member writer records, the viewer may not, the portal user without the
    # decisions right may not, the other workspace does not find the client.
    body = {"client_id": client, "scope": "logo", "granted": True, "on": today().isoformat()}
    writes = check_endpoint_as_each_actor(
        world,
        f"{API}/consents",
        API_WRITERS,
        method="post",
        json=body,
    )
    assert writes["owner"].json()["client_id"] == client
    revoke = check_endpoint_as_each_actor(
        world,
        f"{API}/consents/{c.pk}/revoke",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 409,
            "consultant": 409,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"on": today().isoformat(), "reason": "Non"},
    )
    assert Consent.objects.in_workspace(world.workspace).get(pk=c.pk).revoked_on == today()
    assert revoke["manager"].json()["code"] == "already_revoked"
