"""The health signals support registers: `sla_breaches` (SLA) and `distinct_requesters`
(R-CONTACTS), measured in bulk in a fixed number of queries; and the scorecard lines."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pacte.clients.models import Client
from pacte.engagements.models import Engagement
from pacte.governance.registries import registered_scorecard_lines
from pacte.kernel.models import Workspace
from pacte.kernel.signals import CLIENT, ENGAGEMENT, get_signal, registered_signals

from .helpers import contact, engagement, move, request, sla

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NOW = timezone.now()


def measure(world, key, level=CLIENT):
    model = Client if level == CLIENT else Engagement
    signal = get_signal(key)
    # A fresh workspace object: its business calendar is read within the budget.
    workspace = Workspace.objects.get(pk=world.workspace.pk)
    return signal.measure(
        workspace=workspace,
        level=level,
        subjects=model.objects.in_workspace(world.workspace),
        today=TODAY,
    )


def test_both_signals_are_registered_with_their_rule():
    assert get_signal("sla_breaches").rule == "SLA"
    assert get_signal("distinct_requesters").rule == "R-CONTACTS"
    for level in (CLIENT, ENGAGEMENT):
        keys = {s.key for s in registered_signals(level)}
        assert {"sla_breaches", "distinct_requesters"} <= keys


def _answered(world, hours, **kwargs):
    received = NOW - dt.timedelta(days=1)
    req = request(world, received, **kwargs)
    move(world, req, "respond", received + dt.timedelta(hours=hours))
    return req


def test_sla_breaches_reads_the_agreed_slas(world):
    e = engagement(world)
    sla(world, metric="first_response", target=10_000, engagement_id=e.pk)
    sla(world, metric="first_response", target=1, agreed=False)  # a proposal counts for nothing
    assert measure(world, "sla_breaches") == {}  # nothing judged yet: no reading
    _answered(world, 1, engagement_id=e.pk)
    readings = measure(world, "sla_breaches")
    assert set(readings) == {world.client.pk}
    assert (readings[world.client.pk].value, readings[world.client.pk].score) == (100, 100)
    by_engagement = measure(world, "sla_breaches", ENGAGEMENT)
    assert by_engagement[e.pk].score == 100 and "#service-levels" in by_engagement[e.pk].evidence


def test_breaches_lower_the_sub_score(world):
    sla(world, metric="first_response", target=1, calendar="round_the_clock")
    _answered(world, 2)
    _answered(world, 3)
    reading = measure(world, "sla_breaches")[world.client.pk]
    assert (reading.value, reading.score) == (0, 0)
    assert reading.shown == "0 of 2 requests within the agreed SLAs"
    assert reading.evidence == f"/clients/{world.client.pk}/requests/?breached=1"


def test_distinct_requesters_against_designated(world):
    contact(world, "Claire Petit", for_decisions=True)
    for i in range(4):
        who = contact(world, f"Demandeur {i}")
        request(world, NOW - dt.timedelta(days=i + 1), contact_id=who.pk)
    readings = measure(world, "distinct_requesters")
    reading = readings[world.client.pk]
    assert reading.value == 4 and reading.score == 0  # 4 ≥ 3 × 1 designated
    assert reading.shown == "4 different requesters in 30 days, 1 designated"
    assert reading.evidence == f"/clients/{world.client.pk}/requests/"
    assert world.other_client.pk not in readings  # no requester: no reading
    e = engagement(world)
    assert measure(world, "distinct_requesters", ENGAGEMENT)[e.pk].value == 4


@pytest.mark.parametrize("key", ["sla_breaches", "distinct_requesters"])
@pytest.mark.parametrize("level", [CLIENT, ENGAGEMENT])
def test_the_signals_cost_a_fixed_number_of_queries(world, key, level):
    def cost():
        with CaptureQueriesContext(connection) as captured:
            measure(world, key, level)
        return len(captured)

    e = engagement(world)
    sla(world, target=60)
    sla(world, target=60, engagement_id=e.pk)
    _answered(world, 2, engagement_id=e.pk, contact_id=contact(world, "Un Seul").pk)
    first = cost()
    for i in range(8):
        client = Client.objects.create(workspace=world.workspace, name=f"Client {i}")
        engagement(world, client=client)
        sla(world, target=60, client=client)
        _answered(world, 2, client=client, contact_id=contact(world, f"P {i}", client=client).pk)
    assert cost() == first <= 5


def test_the_scorecard_lines(world):
    provider = {line.key: line for line in registered_scorecard_lines("provider")}
    client = {line.key: line for line in registered_scorecard_lines("client")}
    meets, keeps = provider["meets_slas"], client["keeps_designated_contacts"]
    owner = world.actor("owner")
    unknown = meets.measure(actor=owner, client=world.client, today=TODAY)
    assert unknown.verdict == "unknown" and unknown.value == "Not yet measured"
    sla(world, target=10_000)
    _answered(world, 1, contact_id=contact(world, "Claire Petit", for_operations=True).pk)
    good = meets.measure(actor=owner, client=world.client, today=TODAY)
    assert good.verdict == "good" and good.evidence.startswith(
        f"/clients/{world.client.pk}/requests/"
    )
    assert good.portal_evidence == "/portal/#slas"
    contacts = keeps.measure(actor=world.actor("portal"), client=world.client, today=TODAY)
    assert contacts.verdict == "good"
    assert contacts.value == "1 different requester in 30 days, 1 designated"
