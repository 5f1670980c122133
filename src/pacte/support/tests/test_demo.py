"""The demo's support scenarios on a fresh workspace: the holiday week is no breach, the week
after is; R-CONTACTS sees 15 requesters for 2 designated."""

import pytest
from django.utils import timezone

from pacte.clients.services import client_create
from pacte.demo.builder import Builder
from pacte.demo.support import holiday_week_sla, many_requesters
from pacte.kernel.models import User
from pacte.kernel.selectors import actor_for_user
from pacte.kernel.signals import CLIENT, get_signal
from pacte.support.contacts import client_requesters
from pacte.support.selectors import breaches_of, sla_compliance
from pacte.workspace.services import workspace_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    workspace_create(
        name="Démo", owner_email="demo@pacte.test", owner_password="x" * 20, owner_name="Démo"
    )
    return Builder(actor_for_user(User.objects.get(email="demo@pacte.test")))


def test_the_holiday_week_is_not_a_breach(b):
    client = client_create(actor=b.actor, name="Imprimerie Vauban")
    sla, over_the_holiday, breached = holiday_week_sla(b, client)
    # Days on the wall clock, within 8 business hours.
    assert (over_the_holiday.first_response_at - over_the_holiday.received_at).days >= 2
    flags = breaches_of(actor=b.actor, requests=[over_the_holiday, breached])
    assert flags == {over_the_holiday.pk: [], breached.pk: [sla]}
    c = sla_compliance(actor=b.actor, sla=sla, period=over_the_holiday.received_at.date())
    assert (c.met, c.judged) == (1, 2)


def test_fifteen_requesters_for_two_designated(b):
    client = many_requesters(b)
    found = client_requesters(actor=b.actor, client=client)
    assert (found.requesters, found.designated) == (15, 2)
    reading = get_signal("distinct_requesters").measure(
        workspace=b.actor.workspace,
        level=CLIENT,
        subjects=type(client).objects.in_workspace(b.actor.workspace),
        today=timezone.localdate(),
    )[client.pk]
    assert (
        reading.score == 0 and reading.shown == "15 different requesters in 30 days, 2 designated"
    )
