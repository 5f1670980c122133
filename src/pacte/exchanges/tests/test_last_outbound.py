"""R-SILENCE's stored days (`Engagement.last_outbound_on`, `Client.last_general_outbound_on`)
say what a recompute from the whole journal says, after any sequence of writes of exchanges:
logging through the service, and editing, moving or deleting followed by
`refresh_last_outbound` naming what the exchange was about before and after (the contract
of every write of an exchange). And the silences read from them are the ones a full scan of
the journal finds."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacte.clients.models import Client
from pacte.engagements.models import Engagement, EngagementStatus
from pacte.exchanges.models import Direction, Exchange
from pacte.exchanges.selectors import silent_engagements
from pacte.exchanges.services import refresh_last_outbound
from pacte.exchanges.tests.helpers import TODAY, active_engagement, days, write

pytestmark = pytest.mark.django_db


def stored(world) -> tuple[dict, dict]:
    engagements = dict(
        Engagement.objects.in_workspace(world.workspace).values_list("pk", "last_outbound_on")
    )
    clients = dict(
        Client.objects.in_workspace(world.workspace).values_list("pk", "last_general_outbound_on")
    )
    return engagements, clients


def from_scratch(world) -> tuple[dict, dict]:
    """The same days, from every exchange of the workspace, in Python."""
    engagements = dict.fromkeys(
        Engagement.objects.in_workspace(world.workspace).values_list("pk", flat=True)
    )
    clients = dict.fromkeys(
        Client.objects.in_workspace(world.workspace).values_list("pk", flat=True)
    )
    rows = Exchange.objects.in_workspace(world.workspace).filter(direction=Direction.OUTBOUND)
    for engagement_id, client_id, day in rows.values_list(
        "engagement_id", "client_id", "occurred_on"
    ):
        days_of, key = (engagements, engagement_id) if engagement_id else (clients, client_id)
        days_of[key] = max(filter(None, [days_of[key], day]))
    return engagements, clients


def expected_silences(world, today) -> dict:
    """R-SILENCE by a full scan: {engagement id: (last outbound day or None, days)}."""
    engagements, clients = from_scratch(world)
    threshold = today - dt.timedelta(days=world.workspace.silence_days)
    found = {}
    active = Engagement.objects.in_workspace(world.workspace).filter(status=EngagementStatus.ACTIVE)
    for e in active:
        last = max(filter(None, [engagements[e.pk], clients[e.client_id]]), default=None)
        since = last or e.activated_on
        if since <= threshold:
            found[e.pk] = (last, (today - since).days)
    return found


def test_logging_stores_the_latest_outbound_day_only(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-20)
    write(world, engagement, on=-30)  # an older one logged later does not move it back
    write(world, engagement, on=-2, direction="inbound")  # the client's news is not ours
    write(world, on=-15)  # about the client in general
    engagement.refresh_from_db()
    world.client.refresh_from_db()
    assert engagement.last_outbound_on == days(-20)
    assert world.client.last_general_outbound_on == days(-15)
    assert stored(world) == from_scratch(world)


def test_a_refresh_after_an_edit_a_move_and_a_deletion_recomputes_the_days(world):
    first = active_engagement(world)
    second = active_engagement(world, title="Maintenance")
    recent = write(world, first, on=-3)
    write(world, first, on=-25)
    # Edited: dated back; the older exchange is now the latest.
    Exchange.objects.in_workspace(world.workspace).filter(pk=recent.pk).update(
        occurred_on=days(-40)
    )
    refresh_last_outbound(workspace=world.workspace, engagement_ids=[first.pk])
    first.refresh_from_db()
    assert first.last_outbound_on == days(-25)
    # Moved to the other engagement, then to the client in general.
    Exchange.objects.in_workspace(world.workspace).filter(pk=recent.pk).update(
        engagement=second, occurred_on=days(-1)
    )
    refresh_last_outbound(workspace=world.workspace, engagement_ids=[first.pk, second.pk])
    assert stored(world) == from_scratch(world)
    assert Engagement.objects.in_workspace(world.workspace).get(
        pk=second.pk
    ).last_outbound_on == days(-1)
    Exchange.objects.in_workspace(world.workspace).filter(pk=recent.pk).update(engagement=None)
    refresh_last_outbound(
        workspace=world.workspace, engagement_ids=[second.pk], client_ids=[world.client.pk]
    )
    assert (
        Engagement.objects.in_workspace(world.workspace).get(pk=second.pk).last_outbound_on is None
    )
    assert Client.objects.in_workspace(world.workspace).get(
        pk=world.client.pk
    ).last_general_outbound_on == days(-1)
    # Deleted: back to nothing.
    Exchange.objects.in_workspace(world.workspace).filter(pk=recent.pk).delete()
    refresh_last_outbound(workspace=world.workspace, client_ids=[world.client.pk])
    assert (
        Client.objects.in_workspace(world.workspace)
        .get(pk=world.client.pk)
        .last_general_outbound_on
        is None
    )
    assert stored(world) == from_scratch(world)


def test_a_refresh_stays_in_its_workspace(world):
    engagement = active_engagement(world)
    write(world, engagement, on=-5)
    Engagement.objects.in_workspace(world.workspace).update(last_outbound_on=None)
    refresh_last_outbound(workspace=world.other_workspace, engagement_ids=[engagement.pk])
    assert Engagement.objects.across_workspaces().get(pk=engagement.pk).last_outbound_on is None


day = st.integers(min_value=-60, max_value=0)
target = st.tuples(st.integers(0, 1), st.one_of(st.none(), st.integers(0, 2)))
write_op = st.one_of(
    st.tuples(st.just("log"), target, st.sampled_from(Direction.values), day),
    st.tuples(st.just("edit"), st.integers(0, 50), st.sampled_from(Direction.values), day),
    st.tuples(st.just("move"), st.integers(0, 50), target),
    st.tuples(st.just("delete"), st.integers(0, 50)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(write_op, max_size=12), shift=st.integers(min_value=0, max_value=40))
def test_any_sequence_of_writes_leaves_the_days_a_full_recompute_gives(world, ops, shift):
    # The examples share one database: each starts with its own engagements and a clean
    # journal, and the comparison covers the whole workspace.
    Exchange.objects.in_workspace(world.workspace).delete()
    refresh_last_outbound(
        workspace=world.workspace,
        engagement_ids=Engagement.objects.in_workspace(world.workspace).values_list(
            "pk", flat=True
        ),
        client_ids=[world.client.pk, world.other_client.pk],
    )
    clients = [world.client, world.other_client]
    engagements = {
        0: [active_engagement(world), active_engagement(world, title="Audit")],
        1: [active_engagement(world, world.other_client)],
    }

    def about(choice):
        client_index, engagement_index = choice
        client = clients[client_index]
        if engagement_index is None:
            return client, None
        options = engagements[client_index]
        return client, options[engagement_index % len(options)]

    for op in ops:
        journal = list(Exchange.objects.in_workspace(world.workspace).order_by("pk"))
        if op[0] == "log":
            client, engagement = about(op[1])
            write(world, engagement, client=client, direction=op[2], on=op[3])
            continue
        if not journal:
            continue
        exchange = journal[op[1] % len(journal)]
        touched_e, touched_c = {exchange.engagement_id}, {exchange.client_id}
        rows = Exchange.objects.in_workspace(world.workspace).filter(pk=exchange.pk)
        if op[0] == "edit":
            rows.update(direction=op[2], occurred_on=days(op[3]))
        elif op[0] == "move":
            client, engagement = about(op[2])
            rows.update(client=client, engagement=engagement)
            touched_e.add(engagement.pk if engagement else None)
            touched_c.add(client.pk)
        else:
            rows.delete()
        refresh_last_outbound(
            workspace=world.workspace, engagement_ids=touched_e, client_ids=touched_c
        )
    assert stored(world) == from_scratch(world)
    today = TODAY + dt.timedelta(days=shift)
    assert {
        s.engagement.pk: (s.last_outbound_on, s.days)
        for s in silent_engagements(actor=world.actor("owner"), today=today)
    } == expected_silences(world, today)
