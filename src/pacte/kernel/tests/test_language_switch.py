"""The language switch turns the interface French and back."""

import pytest
from django.test import Client as HttpClient

pytestmark = pytest.mark.django_db


def test_the_language_switch_turns_the_ui_french_and_back(world):
    http = HttpClient()
    http.force_login(world.users["owner"])
    http.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    html = http.get("/dashboard/").content.decode()
    assert "Dashboard" in html and "Proof ledger" in html and 'lang="en"' in html
    http.post("/i18n/setlang/", {"language": "fr", "next": "/dashboard/"})
    html = http.get("/dashboard/").content.decode()
    assert "Tableau de bord" in html and "Registre de preuves" in html and 'lang="fr"' in html
