"""Writes on conflict cases (DOMAIN §3): open a case, then move it through the playbook.

Every step is dated (never in the future, never before the previous step), carries what the
client said, and goes to the ledger. The playbook's rules (DOMAIN §3):

- the cause: reaching `cause_identified` needs one (the article: "identify what caused the
  clash; when you do not know, ask the client");
- the call back: proposing a solution and putting it to the client's decision agree when to
  call back (a follow-up date, not before the step, within a year);
- R-NO: the solution is put to the client as a recommendation (`decisions`), answered like
  any other; `resolved` needs the client's "yes", and a solution the client accepted is not
  re-proposed (the loop back is for a refusal or a "later").
- `exit` terminates the chosen engagements through `handoff.services.engagement_terminate`
  (who ended it, why, the notice), in the same transaction as the step: the handoff starts
  there, and the final settlement hooks into it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pacte.clients.models import Client
from pacte.decisions.models import RecommendationStatus
from pacte.decisions.services import recommendation_create
from pacte.engagements.models import ENGAGEMENT_TRANSITIONS, Engagement, TerminatedBy
from pacte.handoff.services import engagement_terminate
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, full_clean_or_raise
from pacte.kernel.permissions import Perm
from pacte.kernel.retry import lock_workspace
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import parse_choice, parse_date, parse_int, require_text

from .models import (
    CONFLICT_TRANSITIONS,
    FINAL_STATES,
    ConflictCase,
    ConflictCause,
    ConflictEngagement,
    ConflictStatus,
    ConflictStep,
)

S = ConflictStatus
# How far back a case may be opened after the fact, and how far ahead a follow-up is agreed.
OLDEST_DAYS = 3660
FOLLOW_UP_MAX_DAYS = 366
# The moves that agree when to call back and those that carry a proposal.
NEEDS_FOLLOW_UP = {S.SOLUTION_PROPOSED, S.AWAITING_DECISION}
NEEDS_PROPOSAL = {S.SOLUTION_PROPOSED, S.AWAITING_DECISION}
ACCEPTED = {RecommendationStatus.ACCEPTED, RecommendationStatus.IMPLEMENTED}


def _as_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def _not_in_future(day: dt.date, *, field: str) -> None:
    if day > timezone.localdate():
        raise InvalidInput(
            _("A step of a conflict records what happened: it cannot be dated in the future."),
            code="in_future",
            fields={field: [_("In the future.")]},
        )


def _client_engagements(actor: Actor, client: Client, ids, *, field: str) -> list[Engagement]:
    """The engagements named by `ids`, each the client's (404 when out of reach, 400
    `engagement_of_another_client` when another client's)."""
    wanted = []
    for value in ids or []:
        pk = _as_id(value)
        if pk not in wanted:
            wanted.append(pk)
    if not wanted:
        return []
    found = {e.pk: e for e in Engagement.objects.for_actor(actor).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise NotFound()
    others = [e for e in found.values() if e.client_id != client.pk]
    if others:
        raise InvalidInput(
            _("This engagement is not one of the client's."),
            code="engagement_of_another_client",
            fields={field: [_("Not an engagement of this client.")]},
        )
    return [found[pk] for pk in wanted]


def _link(actor: Actor, case: ConflictCase, engagements) -> None:
    """Add the engagements to the case's (each once)."""
    known = set(
        ConflictEngagement.objects.for_actor(actor)
        .filter(case=case)
        .values_list("engagement_id", flat=True)
    )
    ConflictEngagement.objects.bulk_create(
        [
            ConflictEngagement(workspace=actor.workspace, case=case, engagement=e)
            for e in engagements
            if e.pk not in known
        ]
    )


def conflict_open(
    *,
    actor: Actor,
    client_id,
    summary: str,
    opened_on=None,
    engagement_ids=None,
    notes: str = "",
) -> ConflictCase:
    """Open a case on a client, and optionally some of its engagements, dated `opened_on`
    (today by default; not in the future, within ten years)."""
    actor.require(Perm.CONFLICT_EDIT)
    summary = require_text(summary, field="summary", max_length=200)
    day = parse_date(opened_on, field="opened_on", required=False) or timezone.localdate()
    _not_in_future(day, field="opened_on")
    if day < timezone.localdate() - dt.timedelta(days=OLDEST_DAYS):
        raise InvalidInput(
            _("A conflict is opened within ten years of today."),
            code="too_old",
            fields={"opened_on": [_("More than ten years ago.")]},
        )
    with transaction.atomic():
        client = actor.get_or_404(Client.objects.all(), pk=_as_id(client_id))
        engagements = _client_engagements(actor, client, engagement_ids, field="engagement_ids")
        case = ConflictCase(
            workspace=actor.workspace,
            client=client,
            summary=summary,
            opened_on=day,
            status=S.OPENED,
            opened_by=actor.user,
        )
        full_clean_or_raise(case)
        case.save()
        if engagements:
            _link(actor, case, engagements)
        step = ConflictStep(
            workspace=actor.workspace,
            case=case,
            from_status="",
            to_status=S.OPENED,
            on=day,
            notes=(notes or "").strip() or summary,
            recorded_by=actor.user,
        )
        full_clean_or_raise(step)
        step.save()
        ledger.append(
            actor=actor,
            action="conflict.opened",
            subject=case,
            payload={
                "client": client.name,
                "summary": summary,
                "opened_on": day,
                "engagements": [e.title for e in engagements],
            },
        )
    return case


def _solution_engagement(actor: Actor, case: ConflictCase, engagement_id) -> Engagement:
    """Where the proposed solution is recorded as a recommendation: the engagement named, or
    the case's first, or the client's latest."""
    if engagement_id not in (None, ""):
        return _client_engagements(actor, case.client, [engagement_id], field="engagement_id")[0]
    engagement = case.engagements.order_by("pk").first()
    if engagement is None:
        engagement = (
            Engagement.objects.for_actor(actor).filter(client=case.client).order_by("-pk").first()
        )
    if engagement is None:
        raise InvalidInput(
            _("The client has no engagement to record the proposed solution on."),
            code="no_engagement",
            fields={"proposed": [_("The client has no engagement.")]},
        )
    return engagement


def _solution_title(proposed: str) -> str:
    first = proposed.strip().splitlines()[0].strip()
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


def _terminate(
    actor: Actor,
    case: ConflictCase,
    *,
    day: dt.date,
    ids,
    terminated_by,
    reason: str,
    notice_days,
) -> list[Engagement]:
    """`exit`: each chosen engagement (by default the case's engagements still open) is
    terminated through engagement_terminate, which starts its handoff."""
    terminated_by = parse_choice(terminated_by, TerminatedBy, field="terminated_by")
    notice_days = parse_int(
        notice_days,
        field="notice_days",
        minimum=0,
        maximum=365,
        message=_("The notice is a number of days between 0 and 365."),
        field_message=_("Between 0 and 365."),
        required=False,
    )
    if ids is None:
        chosen = [
            e
            for e in case.engagements.order_by("pk")
            if ENGAGEMENT_TRANSITIONS.allowed(e.status, "terminate")
        ]
    else:
        chosen = _client_engagements(actor, case.client, ids, field="terminate_engagement_ids")
    if not chosen and _running_engagements_of(actor, case.client):
        # `exit` ends the relationship: with engagements still running, it ends them, which
        # produces their settlement and starts their handoff (DOMAIN §3). Ending the case
        # alone would leave the work running behind a closed file.
        raise InvalidInput(
            _("Choose the engagements to terminate: the client still has engagements running."),
            code="nothing_to_terminate",
            fields={"terminate_engagement_ids": [_("Choose at least one.")]},
        )
    done = []
    for engagement in chosen:
        done.append(
            engagement_terminate(
                actor=actor,
                engagement_id=engagement.pk,
                terminated_by=terminated_by,
                reason=reason,
                terminated_on=day,
                notice_days=notice_days,
            )
        )
    if done:
        # The case follows every engagement it ended: its page links to each (the settlement
        # and the handoff are there).
        _link(actor, case, done)
    return done


def _running_engagements_of(actor: Actor, client) -> bool:
    return any(
        ENGAGEMENT_TRANSITIONS.allowed(status, "terminate")
        for status in Engagement.objects.for_actor(actor)
        .filter(client=client)
        .values_list("status", flat=True)
    )


def conflict_move(
    *,
    actor: Actor,
    case_id,
    to: str,
    on=None,
    notes: str = "",
    proposed: str = "",
    follow_up_on=None,
    cause: str = "",
    why: str = "",
    risk_if_not_followed: str = "",
    engagement_id=None,
    terminate_engagement_ids=None,
    terminated_by: str = "",
    reason: str = "",
    notice_days=None,
) -> ConflictCase:
    """One step of the playbook (CONFLICT_TRANSITIONS), dated `on` (today by default)."""
    name = str(to or "").replace("-", "_")
    if name not in CONFLICT_TRANSITIONS.moves:
        if name in ConflictStatus.values:
            # A state no move reaches (`opened`): refused like any move out of the table.
            case = actor.get_or_404(ConflictCase.objects.all(), pk=_as_id(case_id))
            raise Conflict(
                _("A conflict case that is “%(status)s” cannot become “%(to)s”.")
                % {"status": S(case.status).label, "to": S(name).label},
                code="invalid_transition",
            )
        raise InvalidInput(_("Unknown move."), fields={"to": [_("Unknown move.")]})
    move = CONFLICT_TRANSITIONS.move(name)
    actor.require(move.perm)
    day = parse_date(on, field="on", required=False) or timezone.localdate()
    _not_in_future(day, field="on")
    notes = require_text(notes, field="notes")
    proposed = (proposed or "").strip()
    follow_up = parse_date(follow_up_on, field="follow_up_on", required=False)
    cause = parse_choice(cause, ConflictCause, field="cause") if cause else ""
    with transaction.atomic():
        lock_workspace(actor)
        case = actor.get_or_404(
            # "of self": the solution is a nullable join, which PostgreSQL cannot lock.
            ConflictCase.objects.select_for_update(of=("self",)).select_related(
                "client", "solution"
            ),
            pk=_as_id(case_id),
        )
        CONFLICT_TRANSITIONS.check(case.status, name)
        previous = case.steps.order_by("-on", "-pk").first()
        last_day = previous.on if previous else case.opened_on
        if day < last_day:
            raise InvalidInput(
                _("This step cannot be dated before the previous one (%(date)s).")
                % {"date": last_day},
                code="before_previous_step",
                fields={"on": [_("Before the previous step.")]},
            )
        target = move.target
        # The cause is named when it is identified; later steps may refine it.
        if target == S.CAUSE_IDENTIFIED and not cause:
            raise InvalidInput(
                _("Name the cause of the conflict. When it is unclear, ask the client."),
                code="cause_required",
                fields={"cause": [_("This field is required.")]},
            )
        if target in NEEDS_PROPOSAL and not proposed:
            if target == S.AWAITING_DECISION and previous and previous.proposed:
                proposed = previous.proposed
            else:
                raise InvalidInput(
                    _("Say what is proposed to the client."),
                    code="proposal_required",
                    fields={"proposed": [_("This field is required.")]},
                )
        if target in FINAL_STATES:
            follow_up = None
        elif target in NEEDS_FOLLOW_UP and follow_up is None:
            raise InvalidInput(
                _("Agree with the client when to call back: give the follow-up date."),
                code="follow_up_required",
                fields={"follow_up_on": [_("This field is required.")]},
            )
        if follow_up is not None and not (
            day <= follow_up <= day + dt.timedelta(days=FOLLOW_UP_MAX_DAYS)
        ):
            raise InvalidInput(
                _("The follow-up date falls on the step's day or within a year after it."),
                code="follow_up_out_of_range",
                fields={"follow_up_on": [_("Out of range.")]},
            )
        answer = case.solution.status if case.solution else ""
        # R-NO: resolved on the client's "yes"; the loop back is for a "no" or a "later".
        if target == S.RESOLVED and answer not in ACCEPTED:
            raise Conflict(
                _(
                    "The client has not accepted the proposed solution: record their answer "
                    "first, propose again, apologise or end the relationship."
                ),
                code="solution_not_accepted",
            )
        if case.status == S.AWAITING_DECISION and target in (S.LISTENING, S.SOLUTION_PROPOSED):
            if answer in ACCEPTED:
                raise Conflict(
                    _("The client accepted the proposed solution: the case is resolved."),
                    code="solution_accepted",
                )
            if answer == RecommendationStatus.OPEN:
                raise Conflict(
                    _(
                        "The client has not answered the proposed solution yet: record their "
                        "answer (refused or put off) before proposing again."
                    ),
                    code="solution_unanswered",
                )
        payload_extra = {}
        if target == S.AWAITING_DECISION:
            engagement = _solution_engagement(actor, case, engagement_id)
            # The client reads this in the portal: our proposal in our words to them, never
            # the case's summary, which is the provider's own file.
            rationale = _("Our proposal to settle the disagreement between us.")
            title = _solution_title(proposed)
            if title != proposed.strip():
                rationale += "\n\n" + proposed
            if (why or "").strip():
                rationale += "\n\n" + why.strip()
            recommendation = recommendation_create(
                actor=actor,
                engagement_id=engagement.pk,
                title=title,
                rationale=rationale,
                risk_if_not_followed=risk_if_not_followed or "",
                made_on=day,
            )
            case.solution = recommendation
            payload_extra["recommendation"] = recommendation.pk
        terminated = []
        if target == S.EXIT:
            terminated = _terminate(
                actor,
                case,
                day=day,
                ids=terminate_engagement_ids,
                terminated_by=terminated_by,
                reason=(reason or "").strip() or notes,
                notice_days=notice_days,
            )
            payload_extra["terminated"] = [e.title for e in terminated]
            payload_extra["terminated_by"] = terminated_by
            payload_extra["notice_days"] = notice_days
        step = ConflictStep(
            workspace=actor.workspace,
            case=case,
            from_status=case.status,
            to_status=target,
            on=day,
            notes=notes,
            proposed=proposed,
            follow_up_on=follow_up,
            cause=cause,
            recorded_by=actor.user,
        )
        full_clean_or_raise(step)
        step.save()
        fields = ["status", "follow_up_on", "solution"]
        case.status = target
        case.follow_up_on = follow_up
        if cause:
            case.cause = cause
            fields.append("cause")
        if target in FINAL_STATES:
            case.closed_on = day
            fields.append("closed_on")
        case.save(update_fields=fields)
        ledger.append(
            actor=actor,
            action="conflict.moved",
            subject=case,
            payload={
                "summary": case.summary,
                "from": step.from_status,
                "to": target,
                "on": day,
                "notes": notes,
                "proposed": proposed,
                "follow_up_on": follow_up,
                "cause": cause,
                **payload_extra,
            },
        )
    return case
