"""The OpenAPI description and the docs are served locally."""

import pytest

pytestmark = pytest.mark.django_db


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
