"""Pages fetch nothing from the internet."""

import re

import pytest
from django.test import Client as HttpClient

pytestmark = pytest.mark.django_db


def test_pages_fetch_nothing_from_the_internet(world):
    http = HttpClient()
    http.force_login(world.users["owner"])
    for url in ("/dashboard/", "/members/", "/ledger/", "/tokens/", "/accounts/login/"):
        html = http.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert external == [], (url, external)
    assert "/static/django_htmx/htmx" in http.get("/dashboard/").content.decode()
