"""Writes of the health area: the workspace's weights, and the daily snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.kernel import ledger
from pacte.kernel.errors import InvalidInput
from pacte.kernel.models import Workspace
from pacte.kernel.permissions import Perm
from pacte.kernel.signals import CLIENT, ENGAGEMENT, registered_signals
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_int

from .models import HealthSnapshot
from .scoring import band_of, rules_version
from .selectors import running_engagements, workspace_health_all

MAX_WEIGHT = 100
WEEK = dt.timedelta(days=7)


def health_policy_update(*, actor: Actor, weights: dict) -> Workspace:
    """The workspace's weights of the health signals (DOMAIN §5). A weight is a whole number
    from 0 (the signal is not counted) to 100; the score normalises them to 100, so only
    their proportions matter. At least one signal must count."""
    actor.require(Perm.WORKSPACE_POLICY)
    known = {s.key for s in registered_signals()}
    if not isinstance(weights, dict):
        raise InvalidInput(_("Give a weight for each signal."))
    unknown = sorted(str(k) for k in weights if k not in known)
    if unknown:
        raise InvalidInput(
            _("No health signal is called %(keys)s.") % {"keys": ", ".join(unknown)},
            fields={"weights": [_("Unknown signal: %(keys)s.") % {"keys": ", ".join(unknown)}]},
        )
    parsed = {}
    for key, raw in weights.items():
        parsed[key] = parse_int(
            raw,
            field=f"weight_{key}",
            minimum=0,
            maximum=MAX_WEIGHT,
            message=_("A weight is a whole number from 0 to 100."),
            field_message=_("Enter a whole number from 0 to 100."),
        )
    effective = {s.key: parsed.get(s.key, s.weight) for s in registered_signals()}
    if not any(effective.values()):
        message = _("At least one signal must count: give one of them a weight above 0.")
        raise InvalidInput(message, code="no_signal", fields={"weights": [message]})
    with transaction.atomic():
        workspace = Workspace.objects.select_for_update().get(pk=actor.workspace.pk)
        before = dict(workspace.health_weights or {})
        # Only what differs from the defaults is stored: a new signal keeps its default.
        defaults = {s.key: s.weight for s in registered_signals()}
        workspace.health_weights = {k: v for k, v in parsed.items() if v != defaults[k]} | {
            k: v for k, v in before.items() if k not in parsed and k in known
        }
        workspace.save(update_fields=["health_weights"])
        ledger.append(
            actor=actor,
            action="health.weights_changed",
            subject=workspace,
            payload={"from": before, "to": workspace.health_weights},
        )
    actor.workspace.health_weights = workspace.health_weights
    return workspace


@dataclass(frozen=True)
class SnapshotResult:
    taken_on: dt.date
    taken: int  # rows written by this run
    already: int  # rows this day already had (a second run adds nothing)


def health_snapshot_take(*, actor: Actor, today: dt.date | None = None) -> SnapshotResult:
    """Record today's score of every followed client and running engagement, with its
    reasons and the rules' version. Idempotent: a subject's snapshot of a day is written
    once (a unique constraint, and the insert ignores what is already there), so a second
    run, a retry after a crash or two workers at once add nothing."""
    actor.require(Perm.WORKSPACE_POLICY)
    today = today or timezone.localdate()
    version = rules_version(actor.workspace)
    rows: list[HealthSnapshot] = []
    by_level = dict(
        zip((CLIENT, ENGAGEMENT), workspace_health_all(actor=actor, today=today), strict=True)
    )
    for level, scores in by_level.items():
        earlier = _week_before(actor, level, today)
        client_of = _clients_of(actor, level, scores)
        for pk, health in scores.items():
            if health.score is None:
                continue
            before = earlier.get(pk)
            rows.append(
                HealthSnapshot(
                    workspace=actor.workspace,
                    level=level,
                    client_id=pk if level == CLIENT else client_of[pk],
                    engagement_id=pk if level == ENGAGEMENT else None,
                    taken_on=today,
                    score=health.score,
                    band=band_of(health.score),
                    change_7d=None if before is None else health.score - before,
                    reasons=[
                        {k: r[k] for k in ("key", "weight", "value", "score", "rule")}
                        for r in health.reasons()
                    ],
                    rules_version=version,
                )
            )
    existing = HealthSnapshot.objects.for_actor(actor).filter(taken_on=today).count()
    with transaction.atomic():
        HealthSnapshot.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    written = HealthSnapshot.objects.for_actor(actor).filter(taken_on=today).count() - existing
    return SnapshotResult(taken_on=today, taken=written, already=existing)


def _week_before(actor: Actor, level: str, today: dt.date) -> dict[int, int]:
    """{subject id: score} of the latest snapshot day at least a week before `today`."""
    snapshots = HealthSnapshot.objects.for_actor(actor).filter(level=level)
    day = snapshots.filter(taken_on__lte=today - WEEK).aggregate(day=Max("taken_on"))["day"]
    if day is None:
        return {}
    subject = "client_id" if level == CLIENT else "engagement_id"
    return dict(snapshots.filter(taken_on=day).values_list(subject, "score"))


def _clients_of(actor: Actor, level: str, scores) -> dict[int, int]:
    if level == CLIENT:
        return {}
    return dict(running_engagements(actor).values_list("pk", "client_id"))
