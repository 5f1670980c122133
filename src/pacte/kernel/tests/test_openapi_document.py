"""The OpenAPI document is valid JSON for every reader: no key twice in one object.

Python lets a dict hold both 200 and "200"; django-ninja adds its own 200 while an endpoint's
`openapi_extra` may add "200", and the document then holds a key twice, which Swagger UI
refuses to render ("duplicated mapping key")."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_no_object_of_the_openapi_document_repeats_a_key(client):
    repeated = []

    def each_object(pairs):
        keys = [key for key, _value in pairs]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=each_object)
    assert not repeated
