"""Registering a risk: journaled, bad input refused, closed to readers and outsiders."""

import pytest

from pacte.kernel.errors import InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.risks.selectors import risk_list
from pacte.risks.services import risk_create
from pacte.risks.tests.helpers import counts, days, register

pytestmark = pytest.mark.django_db


def test_a_registered_risk_is_journaled(world, engagement):
    risk = register(world, engagement, announced_on=days(-3).isoformat())
    assert (risk.status, risk.likelihood, risk.announced_on) == ("open", "high", days(-3))
    entry = LedgerEntry.objects.in_workspace(world.workspace).last()
    assert entry.action == "risk.registered"
    assert entry.payload["announced_on"] == days(-3).isoformat()
    assert [r.pk for r in risk_list(actor=world.actor("viewer"), engagement=engagement)] == [
        risk.pk
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"description": ""},
        {"description": "x" * 301},
        {"likelihood": "certain"},
        {"impact": ""},
        {"announced_on": "à la signature"},
        {"announced_on": days(1)},  # not announced yet
    ],
)
def test_bad_risks_write_nothing(world, engagement, kwargs):
    before = counts()
    with pytest.raises(InvalidInput):
        register(world, engagement, **kwargs)
    assert counts() == before


def test_readers_and_outsiders_cannot_register_risks(world, engagement):
    before = counts()
    with pytest.raises(PermissionDenied):
        risk_create(actor=world.actor("viewer"), engagement_id=engagement.pk, description="x")
    with pytest.raises(NotFound):
        risk_create(
            actor=world.actor("other_workspace"), engagement_id=engagement.pk, description="x"
        )
    assert counts() == before
