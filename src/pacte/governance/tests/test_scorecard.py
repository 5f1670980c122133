"""The two-sided scorecard (DOMAIN §4, issue item 6): governance's lines, each with its value,
verdict and evidence; each test fails when its line's rule is broken."""

import pytest

from pacte.assets.services import action_log, asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import contact_create
from pacte.decisions.services import recommendation_create, recommendation_decide
from pacte.exchanges.services import exchange_log
from pacte.governance import scorecard
from pacte.governance.registries import registered_scorecard_lines
from pacte.governance.selectors import client_scorecard
from pacte.governance.services import process_assessment_record
from pacte.kernel.errors import InvalidInput, PermissionDenied

from .helpers import TODAY, days, review, started_engagement

pytestmark = pytest.mark.django_db


def line(world, measure, actor="owner"):
    return measure(actor=world.actor(actor), client=world.client, today=TODAY)


def test_governance_registers_its_lines_on_each_side():
    client = [line.key for line in registered_scorecard_lines("client")]
    provider = [line.key for line in registered_scorecard_lines("provider")]
    for key in ("pays_on_time", "is_available", "documents_processes", "follows_or_refuses_advice"):
        assert key in client
    for key in ("communicates", "documents_actions", "keeps_client_in_control"):
        assert key in provider


def test_pays_on_time_counts_invoices_paid_by_their_due_date(world):
    e = started_engagement(world, days_ago=400)  # its deposit is out of the 12 months
    owner = world.actor("owner")
    assert line(world, scorecard.pays_on_time).verdict == "unknown"
    on_time = invoice_create(
        actor=owner,
        engagement_id=e.pk,
        kind="progress",
        amount="100",
        issued_on=days(-90),
        due_on=days(-60),
    )
    payment_record(actor=owner, invoice_id=on_time.pk, amount="100", paid_on=days(-61))
    late = invoice_create(
        actor=owner,
        engagement_id=e.pk,
        kind="progress",
        amount="100",
        issued_on=days(-60),
        due_on=days(-30),
    )
    payment_record(actor=owner, invoice_id=late.pk, amount="100", paid_on=days(-2))
    result = line(world, scorecard.pays_on_time)
    assert "1 of 2 invoices" in result.value and result.verdict == "poor"
    assert result.evidence.endswith("#punctuality") and result.portal_evidence.startswith(
        "/portal/"
    )


def test_is_available_counts_reviews_attended_and_decisions_given_in_time(world):
    e = started_engagement(world, days_ago=200)
    anne = contact_create(actor=world.actor("owner"), client_id=world.client.pk, full_name="Anne")
    review(world, e, "tactical", days(-40), client_attendee_ids=[anne.pk])
    review(world, e, "tactical", days(-10))  # nobody from the client
    wait = world.workspace.decision_wait_days
    quick = recommendation_create(
        actor=world.actor("owner"), engagement_id=e.pk, title="A", made_on=days(-100)
    )
    recommendation_decide(
        actor=world.actor("owner"),
        recommendation_id=quick.pk,
        decision="refused",
        decided_by="Anne",
        decided_on=days(-100 + wait),
    )
    slow = recommendation_create(
        actor=world.actor("owner"), engagement_id=e.pk, title="B", made_on=days(-100)
    )
    recommendation_decide(
        actor=world.actor("owner"),
        recommendation_id=slow.pk,
        decision="accepted",
        decided_by="Anne",
        decided_on=days(-100 + wait + 1),
    )
    result = line(world, scorecard.is_available)
    assert "attended 1 of 2 reviews" in result.value
    assert f"answered 1 of 2 recommendations within {wait} days" in result.value
    assert result.verdict == "watch"


def test_documents_processes_is_the_latest_assessment_a_person_recorded(world):
    assert line(world, scorecard.documents_processes).verdict == "unknown"
    process_assessment_record(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        level="no",
        assessed_on=days(-30),
    )
    process_assessment_record(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        level="yes",
        note="Procédures dans le wiki",
        assessed_on=days(-1),
    )
    result = line(world, scorecard.documents_processes)
    assert result.verdict == "good" and "wiki" in result.value
    with pytest.raises(PermissionDenied):
        process_assessment_record(
            actor=world.actor("viewer"), client_id=world.client.pk, level="no"
        )
    with pytest.raises(InvalidInput):
        process_assessment_record(
            actor=world.actor("owner"), client_id=world.client.pk, level="maybe"
        )


def test_follows_or_refuses_counts_a_refusal_as_an_answer_and_silence_against(world):
    """R-NO: an explicit "no" is a good answer; advice left unanswered past the wait is not."""
    e = started_engagement(world, days_ago=200)
    wait = world.workspace.decision_wait_days
    refused = recommendation_create(
        actor=world.actor("owner"), engagement_id=e.pk, title="A", made_on=days(-wait - 30)
    )
    recommendation_decide(
        actor=world.actor("owner"),
        recommendation_id=refused.pk,
        decision="refused",
        decided_by="Anne",
        decided_on=days(-wait - 20),
    )
    result = line(world, scorecard.follows_or_refuses_advice)
    assert result.verdict == "good" and "1 of 1" in result.value
    recommendation_create(
        actor=world.actor("owner"), engagement_id=e.pk, title="B", made_on=days(-wait - 1)
    )
    # Too recent to judge: not counted.
    recommendation_create(actor=world.actor("owner"), engagement_id=e.pk, title="C")
    result = line(world, scorecard.follows_or_refuses_advice)
    assert "1 of 2" in result.value and "1 left unanswered" in result.value
    assert result.verdict == "watch"


def test_communicates_reads_r_silence(world):
    e = started_engagement(world, days_ago=200)
    result = line(world, scorecard.communicates)
    assert result.verdict == "poor" and "1 of 1 engagement" in result.value
    exchange_log(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        engagement_id=e.pk,
        channel="email",
        direction="outbound",
        summary="Point",
        occurred_on=TODAY,
    )
    assert line(world, scorecard.communicates).verdict == "good"


def asset(world, **values):
    values.setdefault("kind", "domain")
    values.setdefault("identifier", "alpha.fr")
    return asset_create(actor=world.actor("owner"), client_id=world.client.pk, **values)


def test_documents_actions_reads_r_own_check_11(world):
    assert line(world, scorecard.documents_actions).verdict == "unknown"
    domain = asset(world, we_have_admin=True, client_has_admin=True)
    result = line(world, scorecard.documents_actions)
    assert result.verdict == "poor" and "0 of 1" in result.value
    action_log(
        actor=world.actor("owner"),
        client_id=world.client.pk,
        what="Renouvellement",
        asset_id=domain.pk,
    )
    result = line(world, scorecard.documents_actions)
    assert result.verdict == "good" and "1 of 1" in result.value
    assert "/assets/" in result.evidence and result.portal_evidence == ""


def test_keeps_the_client_in_control_reads_reversibility(world):
    assert line(world, scorecard.keeps_client_in_control).verdict == "unknown"
    asset(world, legal_owner="client", client_has_admin=True, we_have_admin=True)
    assert line(world, scorecard.keeps_client_in_control).verdict == "good"
    asset(world, identifier="alpha.com", legal_owner="us", client_has_admin=False)
    result = line(world, scorecard.keeps_client_in_control)
    assert result.verdict == "poor" and "1 of 2" in result.value


def test_the_portal_gets_the_same_lines_with_portal_evidence_only(world):
    started_engagement(world, days_ago=200)
    asset(world, we_have_admin=True)
    ours = client_scorecard(actor=world.actor("owner"), client=world.client)
    theirs = client_scorecard(actor=world.actor("portal"), client=world.client)
    for side in ("client", "provider"):
        assert [(ln.key, r.value, r.verdict) for ln, r in ours[side]] == [
            (ln.key, r.value, r.verdict) for ln, r in theirs[side]
        ]
        for _line, result in theirs[side]:
            assert result.evidence == "" or result.evidence.startswith("/portal/")
