"""Status reports (DOMAIN §2) for the healthy partnership, Boulangerie Martin, which asked for
a monthly report: last month's, reviewed and sent to its designated contacts (the portal
login sees it), and this month's, still a draft to review.

Data: 2 status reports of the retainer (1 sent, 1 draft), 2 emails queued (one per
designated contact with an address).
"""

from __future__ import annotations

from pacte.engagements.models import Engagement
from pacte.reports.services import report_generate, report_review, report_send

from .builder import Builder


def monthly_reports(b: Builder, martin):
    engagement = Engagement.objects.for_actor(b.actor).filter(client=martin).order_by("pk").first()
    sent = report_generate(
        actor=b.actor, engagement_id=engagement.pk, period_start=b.ago(61), period_end=b.ago(31)
    )
    report_review(actor=b.actor, report_id=sent.pk)
    report_send(actor=b.actor, report_id=sent.pk)
    return report_generate(
        actor=b.actor, engagement_id=engagement.pk, period_start=b.ago(30), period_end=b.today
    )
