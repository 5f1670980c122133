"""Load the demo: the agency, then each client's story in a fixed order (see the package's
docstring for what each module shows). Loading twice is harmless: the second load finds the
workspace and does nothing.
"""

from __future__ import annotations

from django.db import transaction

from pacte.kernel.models import Workspace

from . import (
    assets,
    billing,
    casestudies,
    change_requests,
    clients,
    conflicts,
    consents,
    decisions,
    engagements,
    exchanges,
    governance,
    handoff,
    reports,
    risks,
    support,
    workspace,
)
from .builder import Builder


def load_demo() -> Workspace | None:
    """Create the demo workspace; None when it is already there."""
    if workspace.demo_workspace_exists():
        return None
    with transaction.atomic():
        agency, owner = workspace.agency()
        b = Builder(owner)
        martin = clients.healthy_partnership(b)
        engagements.deposit_missing(b)
        billing.late_payer(b)
        change_requests.change_request_flood(b)
        decisions.refused_advice(b)
        kinesis = exchanges.silent_engagement(b)
        assets.registry(b, martin=martin, kinesis=kinesis)
        engagements.draft(b)
        engagements.deposit_overridden(b)
        engagements.on_hold(b)
        handoff.closed(b)
        handoff.terminated(b)
        risks.occurred_risk(b)
        governance.mature_partnership(b)
        governance.power_struggle(b)
        governance.overdue_committee(b)
        support.holiday_week_sla(b, martin)
        support.many_requesters(b)
        conflicts.misunderstanding_resolved(b)
        conflicts.bad_faith_exit(b)
        workspace.portal_user(b, martin)
        workspace.responsible_member(b, martin)
        consents.named_but_no_case_study(b)
        photographer = consents.maternity_photographer(b)
        consents.confidential_client(b)
        casestudies.confidential_refused(b)
        casestudies.photographer_case_study(b, photographer)
        reports.monthly_reports(b, martin)
        # Last, once every date is in place: today's reminders, as the worker would store
        # and queue them (the outbox shows them).
        workspace.reminders_of_the_day(b)
    return agency
