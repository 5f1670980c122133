"""The REST API face: bearer tokens, JSON errors, the OpenAPI description, /me."""

import pytest

from pacte.kernel.models import ApiToken, LedgerEntry, Member
from pacte.testing import check_endpoint_as_each_actor
from pacte.workspace.services import token_revoke

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(
    [
        "owner",
        "manager",
        "consultant",
        "viewer",
        "portal",
        "portal_other_client",
        "other_workspace",
    ],
    200,
)


def test_me_answers_for_each_kind_of_actor(world):
    responses = check_endpoint_as_each_actor(world, "/api/v1/me", {"anonymous": 401, **EVERYONE})
    owner = responses["owner"].json()
    assert owner["kind"] == "member" and owner["role"] == "owner"
    assert owner["workspace"]["name"] == "Atelier Nord"
    portal = responses["portal"].json()
    assert portal["kind"] == "portal" and portal["client_id"] == world.client.pk
    assert responses["other_workspace"].json()["workspace"]["name"] == "Studio Sud"


def test_errors_are_json_with_a_code(client, world):
    response = client.get("/api/v1/me", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "detail": "Authentication is required: send a valid bearer token.",
    }
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer pacte_wrong"})
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    response = client.get(
        "/api/v1/nothing-here", headers={"Authorization": f"Bearer {world.token('owner')}"}
    )
    assert response.status_code == 404


def test_error_messages_follow_the_language_asked(client, world):
    response = client.get("/api/v1/me", headers={"Accept-Language": "fr"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "jeton" in response.json()["detail"]


def test_a_revoked_token_gets_401(client, world):
    raw = world.token("viewer")

    token = ApiToken.objects.in_workspace(world.workspace).get(user=world.users["viewer"])
    token_revoke(actor=world.actor("viewer"), token_id=token.pk)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_a_token_records_when_it_was_last_used(client, world):

    raw = world.token("manager")
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    token = ApiToken.objects.in_workspace(world.workspace).get(user=world.users["manager"])
    assert token.last_used_at is not None


def test_openapi_description_and_docs_are_served_locally(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    body = spec.json()
    assert body["info"]["title"] == "Pacte API"
    assert "/api/v1/me" in body["paths"]
    assert "BearerToken" in body["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html


MEMBERS_READ = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 403,
    "portal_other_client": 403,
    "other_workspace": 200,
}


def test_members_list_as_each_actor(world):
    responses = check_endpoint_as_each_actor(world, "/api/v1/members", MEMBERS_READ)
    emails = {m["email"] for m in responses["owner"].json()}
    assert emails == {
        "owner@nord.test",
        "manager@nord.test",
        "consultant@nord.test",
        "viewer@nord.test",
    }
    assert {m["email"] for m in responses["other_workspace"].json()} == {"owner@sud.test"}


def test_adding_a_member_through_the_api_as_each_actor(world):

    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/members",
        {
            "anonymous": 401,
            "owner": 201,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 201,
        },
        method="post",
        json={"email": "api@nord.test", "role": "viewer"},
    )
    assert responses["manager"].json()["code"] == "forbidden"
    assert Member.objects.in_workspace(world.workspace).filter(user__email="api@nord.test").exists()


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"email": "x@nord.test", "role": "emperor"}, 400, "invalid"),
        ({"email": "not-an-email", "role": "viewer"}, 400, "invalid"),
        ({"role": "viewer"}, 400, "invalid"),
        ({"email": "viewer@nord.test", "role": "viewer"}, 409, "already_member"),
    ],
)
def test_bad_member_input_through_the_api_writes_nothing(client, world, body, status, code):

    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    response = client.post(
        "/api/v1/members",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token('owner')}"},
    )
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before + 1  # the token


def test_changing_a_role_through_the_api(client, world):

    viewer = Member.objects.in_workspace(world.workspace).get(user=world.users["viewer"])
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/members/{viewer.pk}/role",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 403,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"role": "consultant"},
    )
    viewer.refresh_from_db()
    assert viewer.role == "consultant"
    owner = Member.objects.in_workspace(world.workspace).get(user=world.users["owner"])
    response = client.post(
        f"/api/v1/members/{owner.pk}/role",
        {"role": "viewer"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token('owner')}"},
    )
    assert response.status_code == 409 and response.json()["code"] == "last_owner"


def test_ledger_verification_through_the_api(world):
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/ledger/verify",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 200,
        },
    )
    assert responses["owner"].json()["ok"] is True
