"""The client page, built from the panels each app registers: who sees what, the forms that
keep what the person typed, actions reached through the client, and a fixed query count."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.billing.services import invoice_create
from pacte.clients.models import Contact
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.engagements.services import engagement_create
from pacte.exchanges.models import Exchange
from pacte.exchanges.services import exchange_log
from pacte.kernel.actions import registered_actions
from pacte.kernel.models import LedgerEntry
from pacte.kernel.panels import registered_panels
from pacte.portal.models import PortalUser
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


def browser(world, kind="owner", **headers):
    http = HttpClient(headers={"Accept-Language": "en", **headers})
    http.force_login(world.users[kind])
    return http


def fill(world, client=None, n=1):
    """Give a client n of each thing its page shows."""
    owner = world.actor("owner")
    client = client or world.client
    for i in range(n):
        e = engagement_create(
            actor=owner, client_id=client.pk, title=f"Refonte {i}", value="5000.00"
        )
        rec = recommendation_create(actor=owner, engagement_id=e.pk, title=f"Sauvegardes {i}")
        recommendation_decide(
            actor=owner, recommendation_id=rec.pk, decision="refused", decided_by="Anne"
        )
        invoice_create(
            actor=owner, engagement_id=e.pk, kind="deposit", amount="100.00", due_on="2026-12-31"
        )
        exchange_log(
            actor=owner,
            client_id=client.pk,
            occurred_on="2026-01-02",
            channel="call",
            direction="outbound",
            summary=f"Point {i}",
        )
    return client


PANELS = {
    "profile": "clients",
    "punctuality": "billing",
    "contacts": "clients",
    "portal-access": "portal",
    "engagements": "engagements",
    "refusals": "decisions",
    "log-exchange": "exchanges",
    "support-requests": "support",
    "service-levels": "support",
    "timeline": "clients",
    "governance": "governance",
    "scorecard": "governance",
    "health": "health",
    "consents": "consents",
    "conflicts": "conflicts",
    "case-studies": "casestudies",
}


def test_each_app_registers_its_panel_of_the_client_page():
    panels = {p.name: p for p in registered_panels("client")}
    assert set(panels) == set(PANELS)
    for name, app in PANELS.items():
        assert panels[name].context.__module__ == f"pacte.{app}.panels", name
    assert {a.name for a in registered_actions("client")} == {
        "contact",
        "exchange",
        "portal-access",
        # What one portal user sees (DOMAIN §9, per-contact rights).
        "portal-rights",
        "stage",
        "process-assessment",
        "support-request",
        "sla",
        "agree-sla",
        "sla-measurement",
        "conflict",
    }


def test_the_client_page_as_each_actor(world):
    fill(world)
    responses = check_page_as_each_actor(
        world,
        f"/clients/{world.client.pk}/",
        {
            "anonymous": 302,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
    )
    owner = responses["owner"].content.decode()
    for name in PANELS:
        assert f'id="{name}"' in owner, name
    assert "Refonte 0" in owner and "Sauvegardes 0" in owner and "Point 0" in owner
    assert "/assets/" in owner and "?client=" in owner and "/edit/" in owner
    viewer = responses["viewer"].content.decode()
    # A viewer reads everything, and is offered none of the forms.
    assert 'id="timeline"' in viewer and "Point 0" in viewer
    assert 'id="log-exchange"' not in viewer
    assert "/do/contact/" not in viewer and "/do/portal-access/" not in viewer
    assert "?client=" not in viewer and "/edit/" not in viewer
    # Giving portal access is for owners and managers.
    consultant = responses["consultant"].content.decode()
    assert "/do/portal-access/" not in consultant and "/do/exchange/" in consultant


def test_an_invalid_contact_comes_back_with_the_input_and_the_error_beside_the_field(world):
    page = browser(world).post(
        f"/clients/{world.client.pk}/do/contact/",
        {"contact-email": "anne@alpha.test", "contact-phone": "0102030405"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="anne@alpha.test"' in html and 'value="0102030405"' in html
    assert "This field is required." in html
    assert "<details open><summary>Add a contact" in html
    assert not Contact.objects.in_workspace(world.workspace).exists()


def test_with_htmx_only_the_panel_comes_back(world):
    http = browser(world, HX_REQUEST="true")
    panel = http.post(
        f"/clients/{world.client.pk}/do/exchange/",
        {
            "exchange-occurred_on": "2999-01-01",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Du futur",
        },
    )
    html = panel.content.decode()
    assert panel.status_code == 200
    assert html.lstrip().startswith('<section class="card wide" id="log-exchange">')
    assert "In the future." in html and "Du futur" in html
    assert not Exchange.objects.in_workspace(world.workspace).exists()
    done = http.post(
        f"/clients/{world.client.pk}/do/exchange/",
        {
            "exchange-occurred_on": "2026-01-02",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Point",
        },
    )
    assert done.status_code == 204 and done["HX-Redirect"] == f"/clients/{world.client.pk}/"


def test_the_first_addresses_still_work_and_keep_their_permissions(world):
    http = browser(world)
    done = http.post(
        f"/clients/{world.client.pk}/contacts/new/", {"contact-full_name": "Anne Petit"}
    )
    assert done.status_code == 302 and done["Location"] == f"/clients/{world.client.pk}/"
    assert Contact.objects.in_workspace(world.workspace).filter(full_name="Anne Petit").exists()
    invalid = http.post(f"/clients/{world.client.pk}/portal-access/new/", {"portal-email": "x"})
    assert invalid.status_code == 200 and 'value="x"' in invalid.content.decode()
    viewer = browser(world, "viewer")
    assert viewer.post(f"/clients/{world.client.pk}/contacts/new/", {}).status_code == 403
    assert viewer.post(f"/clients/{world.client.pk}/exchanges/new/", {}).status_code == 403
    assert viewer.post(f"/clients/{world.client.pk}/portal-access/new/", {}).status_code == 403
    # Through the new address, a viewer is refused by the service.
    refused = viewer.post(
        f"/clients/{world.client.pk}/do/contact/", {"contact-full_name": "Intrus"}
    )
    assert refused.status_code == 403
    assert not Contact.objects.in_workspace(world.workspace).filter(full_name="Intrus").exists()


def test_an_action_through_another_client_answers_404(world):
    """An exchange logged on client A about an engagement of client B is not found."""
    theirs = engagement_create(
        actor=world.actor("owner"), client_id=world.other_client.pk, title="B", value="10.00"
    )
    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    response = browser(world).post(
        f"/clients/{world.client.pk}/do/exchange/",
        {
            "exchange-occurred_on": "2026-01-02",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Mauvais client",
            "exchange-engagement_id": str(theirs.pk),
        },
    )
    # The engagement is not among the client's choices: the form refuses it on the field.
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Exchange.objects.in_workspace(world.workspace).exists()
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before
    # Another workspace reaches none of our client's actions.
    outsider = browser(world, "other_workspace")
    for action, data in (
        ("contact", {"contact-full_name": "Intrus"}),
        ("portal-access", {"portal-email": "intrus@sud.test"}),
        ("exchange", {"exchange-summary": "Intrus"}),
    ):
        assert outsider.post(f"/clients/{world.client.pk}/do/{action}/", data).status_code == 404
    assert browser(world).post(f"/clients/{world.client.pk}/do/nothing/").status_code == 404
    assert browser(world).post(f"/clients/{world.client.pk}/do/contact/1/").status_code == 404
    assert (
        not PortalUser.objects.in_workspace(world.workspace)
        .filter(user__email="intrus@sud.test")
        .exists()
    )


def test_inviting_to_the_portal_from_the_client_page(world):
    http = browser(world, "manager")
    done = http.post(
        f"/clients/{world.client.pk}/do/portal-access/",
        {"portal-email": "compta@alpha.test", "portal-full_name": "Compta"},
        follow=True,
    )
    assert "Invitation sent" in done.content.decode()
    assert "compta@alpha.test" in done.content.decode()


def count_queries(http, url):
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


def test_the_client_page_costs_a_fixed_number_of_queries(world):
    fill(world, n=1)
    http = browser(world)
    url = f"/clients/{world.client.pk}/"
    small = count_queries(http, url)
    fill(world, n=10)
    assert count_queries(http, url) == small
    # 41 with issue 11: the health score (each of its eleven signals reads its data in one
    # to five queries, for one client as for two thousand), the governance panel (stage,
    # history, cadences), the two-sided scorecard (its lines read billing, decisions,
    # reviews, assets, SLAs and requesters), support's requests, SLAs and requesters. Fixed:
    # the test above proves it does not grow with the rows.
    # 42 with issue 12's consents panel (one query), 45 with its conflicts: the client's
    # newest cases (panel), its conflict history (read once per page: the panel and the
    # first-conflict stage rule), and the open_conflicts health signal.
    # 46 with the case studies of its engagements (one query).
    assert small <= 46, small


def test_the_client_list_costs_a_fixed_number_of_queries(world):
    fill(world, n=1)
    http = browser(world)
    small = count_queries(http, "/clients/")
    fill(world, world.other_client, n=5)
    assert count_queries(http, "/clients/") == small
    assert small <= 5, small
    assert count_queries(http, "/clients/?status=late_payer") <= 5
