"""The engagement page's actions: rows reached through their engagement, forms that keep
what the person typed, and the header offering only the moves of the transition table."""

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from pacte.billing.models import Invoice
from pacte.billing.services import invoice_create, payment_record
from pacte.decisions.models import Recommendation
from pacte.decisions.services import recommendation_create
from pacte.engagements.models import ChangeRequest, Engagement
from pacte.engagements.services import change_request_create, engagement_create
from pacte.kernel.actions import _actions, registered_actions
from pacte.kernel.models import LedgerEntry
from pacte.risks.models import Risk
from pacte.risks.services import risk_create
from pacte.support.models import Sla
from pacte.support.services import sla_propose

pytestmark = pytest.mark.django_db


def browser(world, kind="owner", **headers):
    http = HttpClient(headers={"Accept-Language": "en", **headers})
    http.force_login(world.users[kind])
    return http


def new_engagement(world, title):
    return engagement_create(
        actor=world.actor("owner"), client_id=world.client.pk, title=title, value="5000.00"
    )


# How to make one row of each kind a row action can reach, on a given engagement.
ROW_MAKERS = {
    Invoice: lambda actor, e: invoice_create(
        actor=actor, engagement_id=e.pk, kind="deposit", amount="100.00", due_on="2026-12-31"
    ),
    Recommendation: lambda actor, e: recommendation_create(
        actor=actor, engagement_id=e.pk, title="Sauvegardes"
    ),
    Risk: lambda actor, e: risk_create(actor=actor, engagement_id=e.pk, description="Retard"),
    ChangeRequest: lambda actor, e: change_request_create(
        actor=actor, engagement_id=e.pk, title="Une page de plus"
    ),
    Sla: lambda actor, e: sla_propose(
        actor=actor, engagement_id=e.pk, metric="resolution", target_minutes=960
    ),
}


def test_every_row_action_through_another_engagement_answers_404(world):
    """`POST /engagements/A/do/payment/<an invoice of B>/` must not touch B's invoice."""
    owner = world.actor("owner")
    mine, theirs = new_engagement(world, "A"), new_engagement(world, "B")
    row_actions = [a for a in registered_actions("engagement") if a.row_model is not None]
    assert {a.name for a in row_actions} >= {
        "payment",
        "decision",
        "implement",
        "risk-announce",
        "risk-occur",
        "risk-close",
        "change-move",
    }
    http = browser(world)
    for action in row_actions:
        assert action.row_model in ROW_MAKERS, f"no row maker for {action.name}"
        row = ROW_MAKERS[action.row_model](owner, theirs)
        ledger_before = LedgerEntry.objects.in_workspace(world.workspace).count()
        response = http.post(f"/engagements/{mine.pk}/do/{action.name}/{row.pk}/", {})
        assert response.status_code == 404, action.name
        assert LedgerEntry.objects.in_workspace(world.workspace).count() == ledger_before
        # Through its own engagement the same row is found (the answer is not a 404).
        own = http.post(f"/engagements/{theirs.pk}/do/{action.name}/{row.pk}/", {})
        assert own.status_code != 404, action.name


def test_a_row_action_without_a_row_and_an_unknown_action_answer_404(world):
    e = new_engagement(world, "A")
    http = browser(world)
    assert http.post(f"/engagements/{e.pk}/do/payment/").status_code == 404
    assert http.post(f"/engagements/{e.pk}/do/no-such-thing/").status_code == 404
    assert http.post(f"/engagements/{e.pk}/do/activate/1/").status_code == 404


def test_an_invalid_form_comes_back_with_the_input_and_the_error_beside_the_field(world):
    e = new_engagement(world, "A")
    http = browser(world)
    page = http.post(
        f"/engagements/{e.pk}/do/invoice/",
        {"invoice-kind": "deposit", "invoice-number": "F-2026-118", "invoice-amount": "1500"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="F-2026-118"' in html and 'value="1500"' in html
    assert "This field is required." in html
    assert "<details open><summary>Record an invoice" in html
    assert not Invoice.objects.in_workspace(world.workspace).exists()


def test_with_htmx_only_the_panel_comes_back(world):
    e = new_engagement(world, "A")
    http = browser(world, HX_REQUEST="true")
    panel = http.post(
        f"/engagements/{e.pk}/do/risk/", {"risk-description": "", "risk-mitigation": "Plan B"}
    )
    html = panel.content.decode()
    assert panel.status_code == 200
    assert html.lstrip().startswith('<section class="card wide" id="risks">')
    assert "Plan B" in html and "This field is required." in html
    done = http.post(
        f"/engagements/{e.pk}/do/risk/",
        {"risk-description": "Retard", "risk-likelihood": "medium", "risk-impact": "high"},
    )
    assert done.status_code == 204 and done["HX-Redirect"] == f"/engagements/{e.pk}/"


def test_a_service_refusal_tied_to_a_field_is_shown_beside_it(world):
    e = new_engagement(world, "A")
    today = timezone.localdate()
    page = browser(world).post(
        f"/engagements/{e.pk}/do/terminate/",
        {
            "terminate-terminated_by": "client",
            "terminate-reason": "Budget coupé",
            "terminate-terminated_on": today.replace(year=today.year - 20).isoformat(),
        },
    )
    assert page.status_code == 200
    assert "Out of range." in page.content.decode()
    assert "Budget coupé" in page.content.decode()
    e.refresh_from_db()
    assert e.status == "draft"


def test_the_header_offers_the_moves_of_the_table_only(world):
    e = new_engagement(world, "A")
    html = browser(world).get(f"/engagements/{e.pk}/").content.decode()
    # A draft asks for its deposit; it is activated once the deposit is paid (R-DEPOSIT).
    assert 'id="request-deposit"' in html and 'id="activate"' not in html
    assert 'id="hold"' not in html and 'id="resume"' not in html
    owner = world.actor("owner")
    invoice = invoice_create(
        actor=owner, engagement_id=e.pk, kind="deposit", amount="1500.00", due_on="2026-12-31"
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="1500.00", paid_on="2026-11-02")
    html = browser(world).get(f"/engagements/{e.pk}/").content.decode()
    assert 'id="activate"' in html and 'id="request-deposit"' not in html
    viewer = browser(world, "viewer").get(f"/engagements/{e.pk}/").content.decode()
    assert 'id="activate"' not in viewer
    Engagement.objects.in_workspace(world.workspace).filter(pk=e.pk).update(status="on_hold")
    html = browser(world).get(f"/engagements/{e.pk}/").content.decode()
    assert 'id="resume"' in html and 'id="start-closing"' in html and 'id="activate"' not in html


def test_every_action_declares_the_permission_it_needs():

    missing = [(a.page, a.name) for a in _actions.entries() if a.perm is None]
    assert not missing, f"actions without a permission: {missing}"


def test_a_viewer_is_refused_every_action_before_the_form_is_read(world):
    e = new_engagement(world, "A")
    owner = world.actor("owner")
    rows = {model: make(owner, e) for model, make in ROW_MAKERS.items()}
    http = browser(world, "viewer")
    for action in registered_actions("engagement"):
        url = f"/engagements/{e.pk}/do/{action.name}/"
        if action.row_model is not None:
            url += f"{rows[action.row_model].pk}/"
        assert http.post(url, {}).status_code == 403, action.name
