"""The register's pages, the client page's panel, the dashboard's consents to renew, and the
portal's consents section: every page as every kind of actor."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.clients.forms import ClientForm
from pacte.clients.services import client_create
from pacte.consents.models import Consent
from pacte.kernel.models import LedgerEntry
from pacte.testing import ANY_MEMBER, MEMBERS_ONLY, check_page_as_each_actor

from .helpers import contact, days, grant, level, refuse, today

pytestmark = pytest.mark.django_db

POST_MEMBERS = {**MEMBERS_ONLY, "viewer": 403}


def member(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_client_register_shows_each_scope_with_its_history(world):
    level(world, "named")
    grant(world, "case_study", on=days(-30), consideration="10 per cent off")
    refuse(world, "case_study", on=days(-10), notes="Finalement non")
    grant(world, "reference", until=days(20))
    text = member(world).get(f"/clients/{world.client.pk}/consents/").content.decode()
    assert 'id="scope-case_study"' in text and "Finalement non" in text
    assert "10 per cent off" in text  # the superseded grant stays on record
    assert "refused" in text and "Expires soon" in text
    assert 'id="record"' in text


def test_recording_and_revoking_through_the_page(world):
    who = contact(world)
    url = f"/clients/{world.client.pk}/consents/record/"
    response = member(world).post(
        url,
        {
            "scope": "testimonial",
            "granted": "yes",
            "by_contact_id": str(who.pk),
            "method": "document",
            "on": days(-2).isoformat(),
            "until": days(300).isoformat(),
        },
    )
    assert response.status_code == 302
    c = Consent.objects.in_workspace(world.workspace).get()
    assert (c.scope, c.granted, c.by_contact) == ("testimonial", True, who)
    refused = member(world).post(
        url,
        {
            "scope": "logo",
            "granted": "no",
            "method": "email",
            "on": today().isoformat(),
            "until": days(3).isoformat(),
        },
    )
    assert refused.status_code == 400 and "A refusal has no end date" in refused.content.decode()
    revoke_url = f"/clients/{world.client.pk}/consents/{c.pk}/revoke/"
    done = member(world).post(
        revoke_url,
        {f"revoke-{c.pk}-on": today().isoformat(), f"revoke-{c.pk}-reason": "Plus maintenant"},
    )
    assert done.status_code == 302
    c.refresh_from_db()
    assert c.revoked_on == today()
    # Another client's record is not found through this client's URL.
    theirs = grant(world, client=world.other_client)
    wrong = member(world).post(f"/clients/{world.client.pk}/consents/{theirs.pk}/revoke/", {})
    assert wrong.status_code == 404


def test_pages_as_every_actor(world):
    c = grant(world)
    client = world.client.pk
    check_page_as_each_actor(world, f"/clients/{client}/consents/", MEMBERS_ONLY)
    check_page_as_each_actor(world, "/consents/", ANY_MEMBER)
    exporters = {**ANY_MEMBER, "viewer": 403}
    check_page_as_each_actor(world, "/consents/references.csv", exporters)
    writers = {**POST_MEMBERS, "owner": 302, "manager": 302, "consultant": 302}
    check_page_as_each_actor(
        world,
        f"/clients/{client}/consents/record/",
        writers,
        method="post",
        data={"scope": "logo", "granted": "yes", "method": "document", "on": today().isoformat()},
    )
    check_page_as_each_actor(
        world,
        f"/clients/{client}/consents/{c.pk}/revoke/",
        {**writers, "manager": 400, "consultant": 400},
        method="post",
        data={f"revoke-{c.pk}-on": today().isoformat(), f"revoke-{c.pk}-reason": "Non"},
    )


def test_the_workspace_page_and_the_download(world):
    level(world, "named")
    grant(world, "reference")
    grant(world, "logo", until=days(5))
    level(world, "confidential", client=world.other_client)
    grant(world, "reference", client=world.other_client)
    text = member(world, "viewer").get("/consents/").content.decode()
    assert (
        f'id="client-{world.client.pk}"' in text and f'id="client-{world.other_client.pk}"' in text
    )
    assert 'id="references"' in text and "Expires soon" in text
    assert "/consents/references.csv" not in text  # a viewer does not export
    download = member(world).get("/consents/references.csv")
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"Boulangerie Alpha" in download.content and b"Garage Beta" not in download.content
    html = member(world).get("/consents/references.html")
    assert b"Boulangerie Alpha" in html.content
    bad = member(world).get("/consents/references.pdf")
    assert bad.status_code == 404
    assert (
        LedgerEntry.objects.filter(workspace=world.workspace, action="references.exported").count()
        == 2
    )


def test_the_client_page_shows_the_level_and_the_consents_panel(world):
    level(world, "confidential")
    text = member(world).get(f"/clients/{world.client.pk}/").content.decode()
    assert "confidentiality-confidential" in text and "Strictly confidential" in text
    assert 'id="consents"' in text and "Nothing leaves Pacte" in text


def test_the_client_edit_form_changes_the_level_and_journals_it(world):

    assert "confidentiality" in ClientForm().fields
    level(world, "named")
    level(world, "named")  # unchanged: no second entry
    entries = LedgerEntry.objects.filter(
        workspace=world.workspace, action="client.confidentiality_changed"
    )
    assert [(e.payload["from"], e.payload["to"]) for e in entries] == [("anonymised", "named")]


def test_the_dashboard_flags_consents_to_renew(world):
    grant(world, "testimonial", until=days(7))
    text = member(world).get("/dashboard/").content.decode()
    assert 'id="expiring-consents"' in text and "Boulangerie Alpha" in text


# --- The portal ------------------------------------------------------------------------------


def portal(world, kind="portal"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_portal_shows_each_scope_and_lets_a_decision_maker_answer(world):
    contact(world, "Paula Portail", email=world.users["portal"].email)
    grant(world, "reference", client=world.other_client)
    text = portal(world).get("/portal/").content.decode()
    assert 'id="consents"' in text and 'id="portal-scope-logo"' in text and "I agree" in text
    assert portal(world).post("/portal/do/grant-consent/", {"scope": "logo"}).status_code == 302
    assert (
        portal(world).post("/portal/do/refuse-consent/", {"scope": "case_study"}).status_code == 302
    )
    mine = Consent.objects.in_workspace(world.workspace).filter(client=world.client)
    assert {(c.scope, c.granted, c.method) for c in mine} == {
        ("logo", True, "portal"),
        ("case_study", False, "portal"),
    }
    logo = mine.get(scope="logo")
    assert (
        portal(world).post(f"/portal/do/revoke-consent/{logo.pk}/", {"reason": ""}).status_code
        == 302
    )
    logo.refresh_from_db()
    assert logo.revoked_on == today()
    # Another client's record is not reached through the portal.
    theirs = Consent.objects.in_workspace(world.workspace).get(client=world.other_client)
    assert portal(world).post(f"/portal/do/revoke-consent/{theirs.pk}/", {}).status_code == 404


def test_a_portal_user_without_the_decisions_right_only_reads(world):
    contact(world, "Paula Portail", email=world.users["portal"].email, decides=False)
    text = portal(world).get("/portal/").content.decode()
    assert 'id="consents"' in text and "I agree" not in text
    assert "Only a person designated for decisions" in text
    portal(world).post("/portal/do/grant-consent/", {"scope": "logo"})
    assert not Consent.objects.in_workspace(world.workspace).exists()


def test_the_workspace_register_is_paged_and_costs_the_same_with_5_or_60_clients(world):
    """One page of clients at a time: the queries do not grow with the workspace."""
    http = member(world)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = http.get("/consents/")
        assert response.status_code == 200
        return len(captured), response.content.decode()

    def add_named_clients(count, start):
        for n in range(start, start + count):
            client = client_create(actor=world.actor("owner"), name=f"Client {n:03d}", city="Lyon")
            level(world, "named", client=client)
            grant(world, "reference", client=client)

    add_named_clients(3, 0)
    few, _page = queries()
    add_named_clients(57, 3)
    many, page = queries()
    assert many == few
    assert page.count('id="client-') == 50 and "?page=2" in page
    assert "more clients: the downloads carry the whole list" in page
