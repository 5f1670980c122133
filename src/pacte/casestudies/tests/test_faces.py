"""Case studies' faces as each kind of actor: the API contract (exact codes), the pages (the
engagement's list, the case study's page with its preview and refusals, the panels) and the
export, each reaching the same guard."""

import hashlib

import pytest
from django.test import Client as HttpClient

from pacte.casestudies.models import CaseStudy
from pacte.clients.services import contact_create
from pacte.kernel.models import LedgerEntry
from pacte.testing import (
    API_MEMBERS_READ,
    MEMBERS_ONLY,
    check_endpoint_as_each_actor,
    check_page_as_each_actor,
)

from .helpers import consent, hotel, set_level, study

pytestmark = pytest.mark.django_db

EXPORTERS = {**API_MEMBERS_READ, "consultant": 403, "viewer": 403}


def api(world, kind="owner"):
    return HttpClient(headers={"Authorization": f"Bearer {world.token(kind)}"})


def http_as(world, kind):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


# --- API ---------------------------------------------------------------------------------------


def test_create_then_export_anonymised_markdown(world):
    engagement, _helene = hotel(world)
    created = api(world).post(
        "/api/v1/case-studies",
        {
            "engagement_id": engagement.pk,
            "title": "Un site qui remplit les chambres",
            "body": "L'Hôtel du Lac a repris la main sur ses réservations.",
            "descriptor": "un hôtel de charme savoyard",
            "results": "2 134 nuitées réservées en direct.",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["client_id"] == world.client.pk and body["named_allowed"] is False
    assert {n["scope"] for n in body["consents_needed"]} == {"case_study", "figures"}
    url = f"/api/v1/case-studies/{body['id']}/export?mode=anonymised&format=md"
    exported = api(world).get(url, headers={"Accept-Language": "en"})
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/markdown")
    text = exported.content.decode()
    assert "Hôtel du Lac" not in text and "Un hôtel de charme savoyard" in text
    assert "about 2,000" in text
    entry = LedgerEntry.objects.filter(workspace=world.workspace, action="casestudy.exported").get()
    assert entry.payload["sha256"] == hashlib.sha256(exported.content).hexdigest()


def test_export_refusals_answer_409_with_their_codes(world):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement, results="37 % de réservations directes en plus.")
    named = f"/api/v1/case-studies/{s.pk}/export?mode=named&format=md"
    answer = api(world).get(named)
    assert answer.status_code == 409 and answer.json()["code"] == "consent_missing"
    assert "case_study" in answer.json()["detail"] and "figures" in answer.json()["detail"]
    consent(world, "case_study")
    consent(world, "figures")
    assert api(world).get(named).status_code == 200
    set_level(world.client, "confidential")
    for mode in ("named", "anonymised"):
        for fmt in ("md", "html", "odt"):
            answer = api(world).get(f"/api/v1/case-studies/{s.pk}/export?mode={mode}&format={fmt}")
            assert answer.status_code == 409 and answer.json()["code"] == "confidential_client"
    set_level(world.client, "anonymised")
    api(world).patch(
        f"/api/v1/case-studies/{s.pk}",
        {"descriptor": "un hôtel d'Annecy"},
        content_type="application/json",
    )
    answer = api(world).get(f"/api/v1/case-studies/{s.pk}/export")
    assert answer.status_code == 409 and answer.json()["code"] == "identity_leak"
    assert "Annecy" in answer.json()["detail"]
    bad = api(world).get(f"/api/v1/case-studies/{s.pk}/export?format=pdf")
    assert bad.status_code == 400


def test_html_and_odt_exports(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement, testimonial="<script>alert(1)</script> Merci !")
    page = api(world).get(f"/api/v1/case-studies/{s.pk}/export?format=html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert (
        html.startswith("<!DOCTYPE html>") and "<script>" not in html and "&lt;script&gt;" in html
    )
    odt = api(world).get(f"/api/v1/case-studies/{s.pk}/export?format=odt")
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert odt.content[:2] == b"PK"


def test_the_api_as_each_actor(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement)
    # Each workspace lists its own (the other's owner gets an empty page).
    check_endpoint_as_each_actor(
        world, "/api/v1/case-studies", {**API_MEMBERS_READ, "other_workspace": 200}
    )
    check_endpoint_as_each_actor(world, f"/api/v1/case-studies/{s.pk}", API_MEMBERS_READ)
    check_endpoint_as_each_actor(world, f"/api/v1/case-studies/{s.pk}/export", EXPORTERS)
    check_endpoint_as_each_actor(
        world,
        "/api/v1/case-studies",
        {
            **API_MEMBERS_READ,
            "owner": 201,
            "manager": 201,
            "consultant": 201,
            "viewer": 403,
            "other_workspace": 404,
        },
        method="post",
        json={"engagement_id": engagement.pk, "title": "T", "body": "B", "descriptor": "d"},
    )
    check_endpoint_as_each_actor(
        world,
        f"/api/v1/case-studies/{s.pk}",
        {**API_MEMBERS_READ, "viewer": 403},
        method="patch",
        json={"title": "Nouveau titre"},
    )
    listed = api(world).get(f"/api/v1/case-studies?engagement_id={engagement.pk}").json()
    assert listed["count"] == 4 and {"items", "count", "count_capped"} <= set(listed)


def test_the_quotes_author_must_be_a_contact_of_the_client(world):
    engagement, _helene = hotel(world)
    stranger = contact_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, full_name="Bob"
    )
    answer = api(world).post(
        "/api/v1/case-studies",
        {
            "engagement_id": engagement.pk,
            "title": "T",
            "body": "B",
            "testimonial_by_id": stranger.pk,
        },
        content_type="application/json",
    )
    assert answer.status_code == 400 and answer.json()["code"] == "contact_of_another_client"
    assert not CaseStudy.objects.in_workspace(world.workspace).exists()


# --- Pages -------------------------------------------------------------------------------------


def test_the_engagement_page_panel_and_writing_one(world):
    engagement, _helene = hotel(world)
    page = http_as(world, "consultant").get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'id="case-studies"' in page and "do/case-study/" in page
    assert (
        "do/case-study/"
        not in http_as(world, "viewer").get(f"/engagements/{engagement.pk}/").content.decode()
    )
    url = f"/engagements/{engagement.pk}/do/case-study/"
    data = {
        "case-study-title": "Titre",
        "case-study-body": "Histoire",
        "case-study-descriptor": "d",
    }
    check_page_as_each_actor(
        world,
        url,
        {**MEMBERS_ONLY, "owner": 302, "manager": 302, "consultant": 302, "viewer": 403},
        method="post",
        data=data,
    )
    assert CaseStudy.objects.in_workspace(world.workspace).count() == 3
    bad = http_as(world, "owner").post(
        url, {"case-study-title": "Sans histoire"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 200 and "This field is required." in bad.content.decode()
    client_page = http_as(world, "viewer").get(f"/clients/{world.client.pk}/").content.decode()
    assert 'id="case-studies"' in client_page and "Titre" in client_page


def test_the_engagements_list_page(world):
    engagement, _helene = hotel(world)
    study(world, engagement)
    url = f"/engagements/{engagement.pk}/case-studies/"
    responses = check_page_as_each_actor(world, url, MEMBERS_ONLY)
    assert "Un site qui remplit les chambres" in responses["viewer"].content.decode()
    done = http_as(world, "consultant").post(url, {"title": "Deux", "body": "Texte"})
    assert done.status_code == 302
    assert http_as(world, "viewer").post(url, {"title": "Deux", "body": "Texte"}).status_code == 403


def test_the_case_study_page_shows_the_preview_consents_and_refusals(world):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement, results="2 134 réservations.")
    consent(world, "case_study")
    url = f"/case-studies/{s.pk}/"
    responses = check_page_as_each_actor(world, url, MEMBERS_ONLY)
    owner = http_as(world, "owner").get(url).content.decode()  # in English
    assert 'id="preview"' in owner and "<mark" in owner and "about 2,000" in owner
    assert "Hôtel du Lac" in owner  # the page itself is internal: the crumbs name the client
    assert 'id="consents-needed"' in owner and "missing" in owner and "in force" in owner
    assert "/export/named.md" in owner
    assert "/export/" not in responses["consultant"].content.decode()
    assert 'id="edit"' not in responses["viewer"].content.decode()
    refused = http_as(world, "owner").get(f"/case-studies/{s.pk}/export/named.md")
    assert refused.status_code == 409 and 'id="refusal"' in refused.content.decode()
    assert "figures" in refused.content.decode()
    done = http_as(world, "owner").get(f"/case-studies/{s.pk}/export/anonymised.html")
    assert done.status_code == 200 and done["Content-Type"].startswith("text/html")
    assert (
        http_as(world, "consultant").get(f"/case-studies/{s.pk}/export/anonymised.md").status_code
        == 403
    )
    edited = http_as(world, "consultant").post(
        url,
        {"title": "Nouveau", "body": "Texte", "descriptor": "un hôtel", "testimonial_by_id": ""},
    )
    assert edited.status_code == 302
    s.refresh_from_db()
    assert s.title == "Nouveau"


def test_a_leak_shows_on_the_page_before_any_export(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement, descriptor="l'hôtel d'Hélène")
    page = http_as(world, "owner").get(f"/case-studies/{s.pk}/").content.decode()
    assert 'id="leaks"' in page and "Hélène" in page
