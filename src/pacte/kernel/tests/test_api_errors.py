"""API errors are JSON with a code, in the language asked."""

import pytest

pytestmark = pytest.mark.django_db


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
