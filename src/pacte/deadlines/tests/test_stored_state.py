"""R-DEADLINE at scale: the deadline state each asset stores (renewals.py) answers exactly
what the arithmetic answers, on any day it is fresh for; the SQL that reads it, with the
stale rows computed in Python, lists, counts and pages exactly what a full scan lists; and no
way of writing an asset leaves a wrong state behind."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pacte.assets.models import Asset
from pacte.assets.renewals import (
    DEADLINE_STATE_FIELDS,
    cancel_by_dates,
    deadline_state,
    rolls,
    state_is_fresh,
    stored_cancel_by_dates,
)
from pacte.assets.services import asset_create, asset_update, asset_verify, deadline_states_refresh
from pacte.deadlines.deadlines import DEADLINE_COLUMNS, deadline_page, deadlines_from, stale
from pacte.kernel.tenancy import Actor

D = dt.date
terms = {
    "renewal": st.dates(min_value=D(2018, 1, 1), max_value=D(2032, 12, 31)),
    "period": st.sampled_from(["monthly", "yearly", "once"]),
    "auto": st.booleans(),
    "notice": st.one_of(
        st.sampled_from([0, 1, 15, 30, 31, 45, 60, 90, 365, 366]),
        st.integers(min_value=0, max_value=730),
    ),
}


# --- the invariant, in pure Python -----------------------------------------------------------


@given(
    **terms,
    as_of=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    later=st.integers(min_value=0, max_value=800),
    within=st.sampled_from([1, 7, 30, 60, 90, 365, 3650]),
)
@example(  # 31 January, monthly: 28 February, then 31 March again
    renewal=D(2025, 1, 31), period="monthly", auto=True, notice=0,
    as_of=D(2025, 2, 1), later=27, within=30,
)  # fmt: skip
@example(  # 29 February, yearly, seen in a common year
    renewal=D(2024, 2, 29), period="yearly", auto=True, notice=30,
    as_of=D(2025, 1, 1), later=58, within=30,
)  # fmt: skip
@example(  # a notice longer than the period: missed, and the one after still cancellable
    renewal=D(2025, 1, 15), period="monthly", auto=True, notice=45,
    as_of=D(2026, 3, 10), later=0, within=30,
)  # fmt: skip
def test_a_fresh_state_says_what_the_arithmetic_says(
    renewal, period, auto, notice, as_of, later, within
):
    state = deadline_state(renewal, period, auto, notice, as_of=as_of)
    today = as_of + dt.timedelta(days=later)
    horizon = today + dt.timedelta(days=within)
    if not rolls(period, auto):
        assert state_is_fresh(state, today)  # one date only: the state never runs out
    if state_is_fresh(state, today):
        assert stored_cancel_by_dates(state, today=today, horizon=horizon) == cancel_by_dates(
            renewal, period, auto, notice, today=today, horizon=horizon
        )
    # Computed on the day itself, a state is always fresh.
    assert state_is_fresh(deadline_state(renewal, period, auto, notice, as_of=today), today)


@given(**terms, as_of=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)))
def test_the_state_lasts_until_its_next_date(renewal, period, auto, notice, as_of):
    """A rolling renewal's state runs out at its next cancel-by date or renewal, never
    before: a refresh every day keeps every row fresh."""
    state = deadline_state(renewal, period, auto, notice, as_of=as_of)
    if state.until is not None:
        assert state.until >= as_of
        assert state.until in (state.next_renewal_on, state.cancellable_by)


# --- the SQL, against a full scan ------------------------------------------------------------

TODAY = timezone.localdate()


def put(world, rows) -> None:
    """Assets with the given terms, each with its state as of the given day (or none, as a
    row written around the model would have)."""
    Asset.objects.in_workspace(world.workspace).delete()
    assets = []
    for i, (renewal, period, auto, notice, as_of) in enumerate(rows):
        asset = Asset(
            workspace=world.workspace,
            client=world.client if i % 3 else world.other_client,
            kind="domain",
            identifier=f"asset-{i}",
            renewal_date=renewal,
            renewal_period=period,
            auto_renew=auto,
            notice_days=notice,
        )
        if as_of is not None:
            asset.set_deadline_state(as_of=as_of)
        assets.append(asset)
    Asset.objects.bulk_create(assets)
    if any(r[4] is None for r in rows):  # never computed, as a raw INSERT leaves it
        ids = [a.pk for a, r in zip(assets, rows, strict=True) if r[4] is None]
        Asset.objects.in_workspace(world.workspace).filter(pk__in=ids).update(deadline_as_of=None)


def full_scan(world, *, today, within):
    rows = Asset.objects.in_workspace(world.workspace).values_list(*DEADLINE_COLUMNS)
    return deadlines_from(rows, today=today, within_days=within)


def near(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


# Renewal dates anywhere, or on the edges that matter when `today` is TODAY (the renewal
# day itself, a cancel-by date of today or yesterday).
renewal_days = st.one_of(
    st.integers(min_value=-900, max_value=500),
    st.sampled_from([-365, -61, -31, -30, -29, -1, 0, 1, 15, 29, 30, 31, 45, 60, 61, 90]),
)
row = st.tuples(
    st.one_of(st.none(), renewal_days.map(near)),
    terms["period"],
    terms["auto"],
    st.sampled_from([0, 1, 15, 30, 45, 60, 90, 400]),
    # The day the state was computed: long ago, lately, after `today`, or never.
    st.one_of(st.none(), st.integers(min_value=-700, max_value=60).map(near)),
)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(row, max_size=25),
    shift=st.one_of(st.just(0), st.integers(min_value=-30, max_value=400)),
    within=st.sampled_from([1, 10, 30, 60, 90, 400, 3650]),
    offset=st.integers(min_value=0, max_value=30),
    limit=st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
)
@example(  # missed on the renewal day itself
    rows=[(near(0), "yearly", True, 30, near(-10))], shift=0, within=1, offset=0, limit=None
)
@example(  # cancel by today: still cancellable, the last day
    rows=[(near(30), "monthly", True, 30, near(-3))], shift=0, within=1, offset=0, limit=None
)
@example(  # a monthly renewal with 45 days' notice: missed, and the one after cancellable
    rows=[(near(-200), "monthly", True, 45, near(-2)), (near(10), "once", False, 10, near(-50))],
    shift=0,
    within=60,
    offset=1,
    limit=1,
)
def test_sql_and_stale_rows_page_exactly_what_a_full_scan_lists(
    world, rows, shift, within, offset, limit
):
    put(world, rows)
    today = TODAY + dt.timedelta(days=shift)
    expected = full_scan(world, today=today, within=within)
    page = deadline_page(
        Asset.objects.in_workspace(world.workspace),
        today=today,
        within_days=within,
        offset=offset,
        limit=limit,
    )
    assert page.count == len(expected)
    assert page.items == expected[offset : None if limit is None else offset + limit]


def test_the_page_costs_two_queries_whatever_the_rows(world):
    # 5 assets, then 200: fresh rows, and stale ones (a state never computed, or run out).
    for n in (5, 200):
        put(
            world,
            [
                (TODAY + dt.timedelta(days=i % 50), ("monthly", "yearly", "once")[i % 3], True,
                 i % 7, None if i % 4 == 1 else TODAY - dt.timedelta(days=40 * (i % 4)))
                for i in range(n)
            ],
        )  # fmt: skip
        scope = Asset.objects.in_workspace(world.workspace)
        assert scope.filter(stale(TODAY)).exists() and scope.exclude(stale(TODAY)).exists()
        with CaptureQueriesContext(connection) as captured:
            page = deadline_page(scope, today=TODAY, within_days=60, offset=1, limit=3)
        assert len(captured) == 2, [q["sql"] for q in captured]
        assert len(page.items) == 3 and page.count > 3


# --- every way of writing an asset keeps its state right -------------------------------------


def state_of(asset):
    return (
        Asset.objects.in_workspace(asset.workspace_id)
        .filter(pk=asset.pk)
        .values_list(*DEADLINE_STATE_FIELDS)
        .get()
    )


def expected_state(asset, as_of=TODAY):
    asset.refresh_from_db()
    state = deadline_state(
        asset.renewal_date,
        asset.renewal_period,
        asset.auto_renew,
        asset.notice_days,
        as_of=as_of,
    )
    return tuple(state.as_fields().values())


def test_each_service_that_writes_an_asset_stores_its_state(world):
    owner = world.actor("owner")
    asset = asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="other_saas",
        identifier="Abonnement boutique",
        renewal_date=TODAY - dt.timedelta(days=40),
        renewal_period="monthly",
        auto_renew=True,
        notice_days=10,
    )
    assert state_of(asset) == expected_state(asset)
    assert state_of(asset)[1] is not None  # a next renewal: the state is not empty
    for change in (
        {"notice_days": 45},
        {"renewal_period": "yearly"},
        {"auto_renew": False},
        {"renewal_date": (TODAY + dt.timedelta(days=20)).isoformat()},
        {"renewal_date": None},
        {"vendor": "OVH"},  # not a renewal term: the state is still today's
    ):
        asset_update(actor=owner, asset_id=asset.pk, **change)
        assert state_of(asset) == expected_state(asset), change
    asset_verify(actor=owner, asset_id=asset.pk)
    assert state_of(asset) == expected_state(asset)


def test_bulk_writes_keep_the_state_or_mark_it_stale(world):
    owner = world.actor("owner")
    made = Asset.objects.bulk_create(
        [
            Asset(
                workspace=world.workspace,
                client=world.client,
                kind="domain",
                identifier=f"bulk-{i}.fr",
                renewal_date=TODAY + dt.timedelta(days=i * 10),
                auto_renew=True,
                notice_days=30,
            )
            for i in range(3)
        ]
    )
    for asset in made:
        assert state_of(asset) == expected_state(asset)
    # bulk_update of a renewal term recomputes; update() cannot, so it marks the rows stale.
    scope = Asset.objects.in_workspace(world.workspace)
    for asset in made:
        asset.notice_days = 5
    scope.bulk_update(made, ["notice_days"])
    assert [state_of(a) for a in made] == [expected_state(a) for a in made]
    scope.filter(pk=made[0].pk).update(notice_days=60)
    assert state_of(made[0])[0] is None  # deadline_as_of: never computed
    assert scope.filter(stale(TODAY)).count() == 1
    # The nightly refresh brings it back, and only it.
    assert deadline_states_refresh(actor=Actor.system(world.workspace)) == 1
    assert state_of(made[0]) == expected_state(made[0])
    assert scope.filter(stale(TODAY)).count() == 0
    assert owner.can  # the refresh needs no member: the system actor runs it


def test_the_refresh_recomputes_the_states_that_ran_out(world):
    put(
        world,
        [
            (TODAY - dt.timedelta(days=100), "monthly", True, 0, TODAY - dt.timedelta(days=100)),
            (TODAY + dt.timedelta(days=100), "yearly", True, 30, TODAY - dt.timedelta(days=5)),
            (TODAY - dt.timedelta(days=10), "once", False, 0, TODAY - dt.timedelta(days=20)),
        ],
    )
    scope = Asset.objects.in_workspace(world.workspace)
    assert scope.filter(stale(TODAY)).count() == 1  # the monthly one, 100 days old
    # The monthly one ran out; the one-off lapsed (its state is emptied, to keep the
    # indexes short); the yearly one is still good and is left alone.
    assert deadline_states_refresh(actor=Actor.system(world.workspace), today=TODAY) == 2
    assert scope.filter(stale(TODAY)).count() == 0
    for asset in scope:
        assert state_of(asset) == expected_state(
            asset, TODAY if asset.renewal_period != "yearly" else TODAY - dt.timedelta(days=5)
        )
