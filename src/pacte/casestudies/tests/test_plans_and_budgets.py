"""Case studies' lists read their page from an index (workspace, engagement or client, newest
first, no temporary B-tree), and the case study's page costs the same queries however many
contacts, assets and engagements feed its deny-list."""

import itertools

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.assets.services import asset_create
from pacte.clients.services import contact_create
from pacte.engagements.services import engagement_create
from pacte.portal.services import portal_user_create
from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

from .helpers import hotel, study

pytestmark = pytest.mark.django_db


@SQLITE_PLANS_ONLY
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "casestudy_ws_idx"),
        ("?engagement_id={engagement}", "casestudy_eng_idx"),
        ("?client_id={client}", "casestudy_client_idx"),
    ],
)
def test_each_list_reads_its_index(world, query, index):
    engagement, _helene = hotel(world)
    study(world, engagement)
    study(world, engagement)
    http = HttpClient(headers={"Authorization": f"Bearer {world.token('owner')}"})
    url = "/api/v1/case-studies" + query.format(engagement=engagement.pk, client=world.client.pk)
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url + ("&" if "?" in url else "?") + "limit=1").status_code == 200
    pages = [
        q["sql"]
        for q in captured
        if 'FROM "casestudies_casestudy"' in q["sql"]
        and " LIMIT " in q["sql"]
        and not q["sql"].startswith("SELECT COUNT(*)")
    ]
    plan = "\n".join(sqlite_plan(pages[0]))
    assert index in plan and "TEMP B-TREE" not in plan, plan


_portal_emails = itertools.count()


def grow(world, n):
    owner = world.actor("owner")
    for i in range(n):
        contact_create(actor=owner, client_id=world.client.pk, full_name=f"Personne Numéro{i}")
        asset_create(
            actor=owner, client_id=world.client.pk, kind="domain", identifier=f"site{i}.example"
        )
        engagement_create(actor=owner, client_id=world.client.pk, title=f"Mission {i}", value="10")
        portal_user_create(
            actor=owner,
            client_id=world.client.pk,
            email=f"portail{next(_portal_emails)}@example.org",
            full_name=f"Portail Numéro{i}",
            password="x-Pass-1234-long",
        )


def count(http, url):
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code in (200, 409)
    return len(captured)


@pytest.mark.parametrize("path", ["/case-studies/{id}/", "/case-studies/{id}/export/anonymised.md"])
def test_the_case_study_page_and_export_cost_fixed_queries(world, path):
    engagement, _helene = hotel(world)
    s = study(world, engagement)
    http = HttpClient()
    http.force_login(world.users["owner"])
    url = path.format(id=s.pk)
    grow(world, 1)
    small = count(http, url)
    grow(world, 10)
    assert count(http, url) == small
    # The page: session and actor, the case study, the deny-list (contacts, assets,
    # engagements, and the portal's users: four), the consents,
    # the contacts of the edit form.
    assert small <= 17, small
