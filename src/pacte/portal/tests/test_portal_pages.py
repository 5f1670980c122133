"""The portal's own pages (assets, deadlines, handoff), per-contact rights (DOMAIN §9),
the client's calendar address, renewal reminders and their reminder kind."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pacte.assets.services import asset_create
from pacte.billing.selectors import invoice_list
from pacte.decisions.selectors import client_decisions, recommendation_list
from pacte.decisions.services import recommendation_create
from pacte.engagements.services import engagement_create
from pacte.handoff.tests.helpers import active_engagement, closing_engagement
from pacte.kernel.errors import NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry, User
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.portal.models import PortalUser
from pacte.portal.reminders import KEY, client_renewal_message, client_renewals_due
from pacte.portal.selectors import portal_assets, portal_deadlines
from pacte.portal.services import (
    portal_renewal_reminders_set,
    portal_user_create,
    portal_user_rights_set,
)
from pacte.reminders.kinds import Delivery, reminder_kind
from pacte.testing import PASSWORD, check_page_as_each_actor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

# A page of the portal without an id: each portal user sees their own client's; members and
# other workspaces do not find it.
OWN_PORTAL_PAGE = {
    "anonymous": 302,
    "owner": 404,
    "manager": 404,
    "consultant": 404,
    "viewer": 404,
    "portal": 200,
    "portal_other_client": 200,
    "other_workspace": 404,
}
# A row of the client's reached in the portal: another client's portal user does not find it.
OWN_PORTAL_ROW = {**OWN_PORTAL_PAGE, "portal_other_client": 404}


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def browser(world, kind="portal"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def asset(world, identifier, *, client=None, **fields):
    values = {"kind": "domain", "legal_owner": "client", "client_has_admin": True}
    values.update(fields)
    return asset_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        identifier=identifier,
        **values,
    )


def accountant(world, *, client=None):
    """A finance-only person of the client's side (DOMAIN §9)."""
    access = portal_user_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        email="compta@alpha.test",
        password=PASSWORD,
        full_name="Chloé Compta",
    )
    return portal_user_rights_set(
        actor=world.actor("manager"),
        portal_user_id=access.pk,
        finance=True,
        operations=False,
        decisions=False,
    )


def own_access(world, kind="portal") -> PortalUser:
    return PortalUser.objects.in_workspace(world.workspace).get(user=world.users[kind])


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


# --- The pages, as each kind of actor ------------------------------------------------------------


@pytest.mark.parametrize("url", ["/portal/assets/", "/portal/deadlines/", "/portal/handoff/"])
def test_each_portal_page_as_each_actor(world, url):
    asset(world, "alpha-boulangerie.fr", renewal_date=days(40), auto_renew=True, notice_days=10)
    asset(world, "garage-beta.fr", client=world.other_client, renewal_date=days(40))
    responses = check_page_as_each_actor(world, url, OWN_PORTAL_PAGE)
    if url != "/portal/handoff/":
        assert b"alpha-boulangerie.fr" in responses["portal"].content
        assert b"garage-beta.fr" not in responses["portal"].content
        assert b"alpha-boulangerie.fr" not in responses["portal_other_client"].content


def test_the_handoff_dossier_as_each_actor(world):
    engagement = closing_engagement(world, world.client)
    response = check_page_as_each_actor(
        world, f"/portal/handoff/{engagement.pk}/dossier.zip", OWN_PORTAL_ROW
    )["portal"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "handoff-plan.csv" in names and "asset-sheet.csv" in names


def test_a_running_engagement_has_no_dossier_in_the_portal(world):
    engagement = active_engagement(world)
    assert browser(world).get(f"/portal/handoff/{engagement.pk}/dossier.zip").status_code == 404


def test_the_handoff_page_shows_the_plan_of_a_closing_engagement(world):
    asset(world, "alpha-boulangerie.fr")
    engagement = closing_engagement(world, world.client)
    page = browser(world).get("/portal/handoff/").content.decode()
    assert f'id="handoff-{engagement.pk}"' in page
    assert f"/portal/handoff/{engagement.pk}/dossier.zip" in page
    other = browser(world, "portal_other_client").get("/portal/handoff/").content.decode()
    assert f'id="handoff-{engagement.pk}"' not in other


def test_the_nav_shows_handoff_only_while_an_engagement_ends(world):
    nav = browser(world).get("/portal/").content.decode()
    assert 'href="/portal/assets/"' in nav and 'href="/portal/handoff/"' not in nav
    closing_engagement(world, world.client)
    assert 'href="/portal/handoff/"' in browser(world).get("/portal/").content.decode()


# --- Per-contact rights (DOMAIN §9) ------------------------------------------------------------


@pytest.fixture
def engagement_with_a_decision(world):
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Refonte", value="5000"
    )
    recommendation = recommendation_create(
        actor=owner,
        engagement_id=engagement.pk,
        title="Sauvegardes chez vous",
        rationale="Par sécurité",
        risk_if_not_followed="Tout perdre",
    )
    return engagement, recommendation


def test_the_accountant_reads_invoices_but_not_decisions_in_the_selectors(
    world, engagement_with_a_decision
):
    accountant(world)
    from_access = Actor(
        workspace=world.workspace,
        role="portal",
        user=PortalUser.objects.in_workspace(world.workspace)
        .get(user__email="compta@alpha.test")
        .user,
        client_id=world.client.pk,
        portal_scopes=frozenset({"finance"}),
    )
    assert from_access.can(Perm.BILLING_VIEW)
    list(invoice_list(actor=from_access))
    with pytest.raises(PermissionDenied):
        client_decisions(actor=from_access, client=world.client)
    with pytest.raises(PermissionDenied):
        list(recommendation_list(actor=from_access))
    with pytest.raises(PermissionDenied):
        portal_assets(actor=from_access, client=world.client)
    with pytest.raises(PermissionDenied):
        portal_deadlines(actor=from_access)


def test_the_accountant_actor_is_narrowed_where_it_is_built(world):
    accountant(world)
    http = HttpClient()
    http.force_login(User.objects.get(email="compta@alpha.test"))
    actor = http.get("/portal/").wsgi_request.actor
    assert actor.portal_scopes == frozenset({"finance"})
    assert actor.can(Perm.BILLING_VIEW) and not actor.can(Perm.DECISION_RECORD)
    # Members are never narrowed.
    assert world.actor("viewer").can(Perm.DECISION_VIEW)


def test_the_accountant_over_http(world, engagement_with_a_decision):
    _engagement, recommendation = engagement_with_a_decision
    accountant(world)
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(User.objects.get(email="compta@alpha.test"))
    home = http.get("/portal/").content.decode()
    assert 'id="open-invoices"' in home
    assert 'id="decide"' not in home and "Sauvegardes chez vous" not in home
    assert 'id="consents"' not in home and 'id="requests"' not in home
    nav = home[home.index('<nav class="nav-main"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="/portal/"' in nav
    assert 'href="/portal/assets/"' not in nav and 'href="/portal/deadlines/"' not in nav
    for url in ("/portal/assets/", "/portal/deadlines/", "/portal/handoff/"):
        assert http.get(url).status_code == 403, url
    decided = http.post(
        f"/portal/recommendations/{recommendation.pk}/decide/",
        {"choice": "accepted", "comment": "OK"},
    )
    assert decided.status_code == 403
    assert http.post("/portal/deadlines/feed/").status_code == 403


def test_managers_set_the_rights_and_the_ledger_says_so(world):
    access = own_access(world)
    changed = portal_user_rights_set(
        actor=world.actor("manager"),
        portal_user_id=access.pk,
        finance=False,
        operations=True,
        decisions="true",
    )
    assert (changed.finance, changed.operations, changed.decisions) == (False, True, True)
    entry = LedgerEntry.objects.in_workspace(world.workspace).get(
        action="portal_user.rights_changed"
    )
    assert entry.payload["finance"] is False and entry.payload["email"] == "portal@alpha.test"
    # Saving the same rights again writes nothing.
    portal_user_rights_set(
        actor=world.actor("owner"), portal_user_id=access.pk, operations=True, decisions=True
    )
    assert (
        LedgerEntry.objects.in_workspace(world.workspace)
        .filter(action="portal_user.rights_changed")
        .count()
        == 1
    )


@pytest.mark.parametrize("kind", ["consultant", "viewer", "portal"])
def test_only_managers_set_rights(world, kind):
    with pytest.raises(PermissionDenied):
        portal_user_rights_set(actor=world.actor(kind), portal_user_id=own_access(world).pk)


def test_another_workspace_does_not_find_the_portal_user(world):
    with pytest.raises(NotFound):
        portal_user_rights_set(
            actor=world.actor("other_workspace"), portal_user_id=own_access(world).pk
        )


def test_rights_form_on_the_client_page(world):
    access = own_access(world)
    url = f"/clients/{world.client.pk}/do/portal-rights/{access.pk}/"
    expected = {
        "anonymous": 302,
        "owner": 302,
        "manager": 302,
        "consultant": 403,
        "viewer": 403,
        "portal": 404,
        "portal_other_client": 404,
        "other_workspace": 404,
    }
    check_page_as_each_actor(world, url, expected, method="post", data={"finance": "on"})
    access.refresh_from_db()
    assert (access.finance, access.operations, access.decisions) == (True, False, False)
    page = browser(world, "owner").get(f"/clients/{world.client.pk}/").content.decode()
    assert f'id="portal-user-{access.pk}"' in page and "What they see" in page
    # Another client's portal user, through this client's URL, is not found.
    other = own_access(world, "portal_other_client")
    response = browser(world, "owner").post(
        f"/clients/{world.client.pk}/do/portal-rights/{other.pk}/", {"finance": "on"}
    )
    assert response.status_code == 404


# --- Query counts --------------------------------------------------------------------------------


def count_queries(http, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/portal/assets/", "/portal/deadlines/", "/portal/handoff/"])
def test_portal_pages_cost_a_fixed_number_of_queries(world, url):
    asset(world, "one.fr", renewal_date=days(20), auto_renew=True, notice_days=5)
    closing_engagement(world, world.client)
    http = browser(world)
    one = count_queries(http, url)
    for i in range(12):
        asset(
            world,
            f"site-{i}.fr",
            kind=["domain", "hosting", "crm"][i % 3],
            renewal_date=days(30 + i),
            auto_renew=True,
            notice_days=5,
            we_have_admin=i % 2 == 0,
        )
    closing_engagement(world, world.client)
    assert count_queries(http, url) == one
    assert one <= 16, one


# --- The client's calendar address -------------------------------------------------------------


def test_the_client_gets_a_calendar_address_of_their_own_dates(world):
    asset(world, "alpha-boulangerie.fr", renewal_date=days(40), auto_renew=True, notice_days=10)
    asset(world, "garage-beta.fr", client=world.other_client, renewal_date=days(40))
    http = browser(world)
    response = http.post("/portal/deadlines/feed/")
    assert response.status_code == 200
    url = response.context["calendar_url"]
    assert "/calendar/" in url
    calendar = HttpClient().get(url[url.index("/calendar/") :])
    assert calendar.status_code == 200
    text = calendar.content.decode()
    assert "alpha-boulangerie.fr" in text and "garage-beta.fr" not in text
    # Revoked: the address no longer works.
    assert http.post("/portal/deadlines/feed/revoke/").status_code == 302
    assert HttpClient().get(url[url.index("/calendar/") :]).status_code == 404


def test_losing_the_operations_right_stops_the_address(world):
    http = browser(world)
    url = http.post("/portal/deadlines/feed/").context["calendar_url"]
    path = url[url.index("/calendar/") :]
    portal_user_rights_set(
        actor=world.actor("owner"), portal_user_id=own_access(world).pk, finance=True
    )
    assert HttpClient().get(path).status_code == 404


# --- Renewal reminders -----------------------------------------------------------------------


def test_the_client_subscribes_to_renewal_reminders(world):
    actor = world.actor("portal")
    assert portal_renewal_reminders_set(actor=actor, subscribed=True).renewal_reminders
    assert own_access(world).renewal_reminders
    assert LedgerEntry.objects.in_workspace(world.workspace).filter(
        action="portal_user.reminders_changed"
    )
    http = browser(world)
    response = http.post("/portal/deadlines/do/renewal-reminders/", {})
    assert response.status_code == 302 and response["Location"] == "/portal/deadlines/"
    assert not own_access(world).renewal_reminders
    assert own_access(world, "portal_other_client").renewal_reminders is False


def test_the_accountant_may_not_subscribe(world):
    accountant(world)
    user = PortalUser.objects.in_workspace(world.workspace).get(user__email="compta@alpha.test")
    actor = Actor(
        workspace=world.workspace,
        role="portal",
        user=user.user,
        client_id=world.client.pk,
        portal_scopes=user.scopes,
    )
    with pytest.raises(PermissionDenied):
        portal_renewal_reminders_set(actor=actor, subscribed=True)


def test_the_reminder_kind_is_registered():
    kind = reminder_kind(KEY)
    assert kind is not None
    assert kind.audience == "client" and kind.default == Delivery.IMMEDIATE


def test_find_due_names_the_assets_at_their_most_urgent_threshold(world):
    # Workspace thresholds: 60, 30, 7 (the default).
    soon = asset(world, "alpha.fr", renewal_date=days(15), auto_renew=True, notice_days=10)
    later = asset(world, "alpha-shop.fr", renewal_date=days(50), auto_renew=True, notice_days=5)
    asset(world, "far.fr", renewal_date=days(200), auto_renew=True, notice_days=10)
    asset(world, "beta.fr", client=world.other_client, renewal_date=days(15), notice_days=10)
    system = Actor.system(world.workspace)
    assert client_renewals_due(system, TODAY) == []  # nobody subscribed yet
    portal_renewal_reminders_set(actor=world.actor("portal"), subscribed=True)
    with CaptureQueriesContext(connection) as captured:
        due = client_renewals_due(system, TODAY)
    assert len(captured) == 2
    by_asset = {d.object_id: d for d in due}
    assert set(by_asset) == {soon.pk, later.pk}
    assert by_asset[soon.pk].stage == "7" and by_asset[soon.pk].due_on == days(5)
    assert by_asset[later.pk].stage == "60" and by_asset[later.pk].due_on == days(45)
    first = by_asset[soon.pk]
    assert first.object_type == "assets.asset" and first.client_id == world.client.pk
    assert [r.email for r in first.recipients] == ["portal@alpha.test"]
    assert first.recipients[0].language == world.client.language
    assert first.params["identifier"] == "alpha.fr"


def test_find_due_costs_the_same_for_many_clients_and_assets(world):
    system = Actor.system(world.workspace)
    portal_renewal_reminders_set(actor=world.actor("portal"), subscribed=True)
    portal_renewal_reminders_set(actor=world.actor("portal_other_client"), subscribed=True)
    for i in range(10):
        asset(world, f"a{i}.fr", renewal_date=days(20 + i), auto_renew=True, notice_days=3)
        asset(world, f"b{i}.fr", client=world.other_client, renewal_date=days(20 + i))
    with CaptureQueriesContext(connection) as captured:
        due = client_renewals_due(system, TODAY)
    assert len(captured) == 2 and len(due) == 20


def test_an_accountant_gets_no_renewal_reminder(world):
    asset(world, "alpha.fr", renewal_date=days(15), auto_renew=True, notice_days=10)
    access = accountant(world)
    PortalUser.objects.in_workspace(world.workspace).filter(pk=access.pk).update(
        renewal_reminders=True
    )
    assert client_renewals_due(Actor.system(world.workspace), TODAY) == []


def test_the_message_says_the_contract_renews_tacitly(world):
    asset(world, "alpha.fr", renewal_date=days(15), auto_renew=True, notice_days=10)
    portal_renewal_reminders_set(actor=world.actor("portal"), subscribed=True)
    (due,) = client_renewals_due(Actor.system(world.workspace), TODAY)
    message = client_renewal_message(due)
    assert "alpha.fr" in message.subject
    assert "renews tacitly" in message.lines[0] and "alpha.fr" in message.lines[0]
    assert message.path == "/portal/deadlines/"
    with translation.override("fr"):
        french = client_renewal_message(due)
    assert "alpha.fr" in french.lines[0]
