"""Writes on status reports (DOMAIN §2): generate a draft for a period, edit it, review it,
send it. A report reaches the client only once a member reviewed the very text that goes
out: editing a reviewed report returns it to draft, and a sent report never changes. The
sending is recorded (who, when, to whom, the SHA-256 of the text) and journaled."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pacte.engagements.selectors import engagement_get
from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput, full_clean_or_raise
from pacte.kernel.mail import address_key, queue_email
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor
from pacte.kernel.validation import clean_fields_or_raise, parse_date, require_text

from .models import EDITABLE, ReportStatus, StatusReport
from .selectors import report_facts, report_recipients
from .writing import blocks, compose, day

# A report covers at most a year: a longer one is a history, not a status.
LONGEST_PERIOD_DAYS = 366
# How far back a period may start.
OLDEST_DAYS = 3660


def _period(period_start, period_end) -> tuple[dt.date, dt.date]:
    start = parse_date(period_start, field="period_start")
    end = parse_date(period_end, field="period_end")
    today = timezone.localdate()
    if end < start:
        raise InvalidInput(
            _("The period ends before it starts."),
            code="period_reversed",
            fields={"period_end": [_("Before the start of the period.")]},
        )
    if (end - start).days + 1 > LONGEST_PERIOD_DAYS:
        raise InvalidInput(
            _("A status report covers a year at most: choose a shorter period."),
            code="period_too_long",
            fields={"period_end": [_("More than a year after the start.")]},
        )
    if start > today:
        raise InvalidInput(
            _("A status report tells what happened: its period cannot start in the future."),
            code="in_future",
            fields={"period_start": [_("In the future.")]},
        )
    if start < today - dt.timedelta(days=OLDEST_DAYS):
        raise InvalidInput(
            _("A status report covers the last ten years at most."),
            code="too_old",
            fields={"period_start": [_("More than ten years ago.")]},
        )
    return start, end


def _locked(actor: Actor, report_id) -> StatusReport:
    return actor.get_or_404(
        StatusReport.objects.select_for_update().select_related("engagement", "client"),
        pk=report_id,
    )


def _already_sent() -> Conflict:
    return Conflict(
        _("This report was sent: it stays as the client received it."), code="already_sent"
    )


def _payload(report: StatusReport, **more) -> dict:
    return {
        "engagement": report.engagement.title,
        "client": report.client.name,
        "period_start": report.period_start,
        "period_end": report.period_end,
        **more,
    }


def report_generate(*, actor: Actor, engagement_id, period_start, period_end) -> StatusReport:
    """A draft report of the engagement for the period, written in the client's language
    from the period's records (see `selectors.report_facts`)."""
    actor.require(Perm.REPORT_EDIT)
    start, end = _period(period_start, period_end)
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    client = engagement.client
    language = client.language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = compose(
            report_facts(actor=actor, engagement=engagement, period_start=start, period_end=end)
        )
    with transaction.atomic():
        report = StatusReport(
            workspace=actor.workspace,
            engagement=engagement,
            client=client,
            period_start=start,
            period_end=end,
            status=ReportStatus.DRAFT,
            body=body,
            language=language,
            created_by=actor.user,
        )
        full_clean_or_raise(report)
        report.save()
        ledger.append(
            actor=actor, action="status_report.generated", subject=report, payload=_payload(report)
        )
    return report


def report_edit(*, actor: Actor, report_id, body) -> StatusReport:
    """Change the text of a report not sent yet. A reviewed report goes back to draft: the
    review covers the text that is sent, and this is another text."""
    actor.require(Perm.REPORT_EDIT)
    text = require_text(body, field="body")
    if not text.endswith("\n"):
        text += "\n"
    with transaction.atomic():
        report = _locked(actor, report_id)
        if report.status not in EDITABLE:
            raise _already_sent()
        if text == report.body:
            return report
        report.body = text
        report.status = ReportStatus.DRAFT
        report.reviewed_at = None
        report.reviewed_by = None
        clean_fields_or_raise(report, ["body"])
        report.save(update_fields=["body", "status", "reviewed_at", "reviewed_by"])
    return report


def report_review(*, actor: Actor, report_id) -> StatusReport:
    """A member read the text and vouches for it: who and when are recorded."""
    actor.require(Perm.REPORT_EDIT)
    with transaction.atomic():
        report = _locked(actor, report_id)
        if report.status == ReportStatus.SENT:
            raise _already_sent()
        if report.status == ReportStatus.REVIEWED:
            raise Conflict(_("This report is already reviewed."), code="already_reviewed")
        report.status = ReportStatus.REVIEWED
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor.user
        report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
        ledger.append(
            actor=actor,
            action="status_report.reviewed",
            subject=report,
            payload=_payload(report, sha256=_sha256(report.body)),
        )
    return report


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _subject(report: StatusReport) -> str:
    return _("Status report: %(engagement)s, %(start)s to %(end)s") % {
        "engagement": report.engagement.title,
        "start": day(report.period_start),
        "end": day(report.period_end),
    }


def report_send(*, actor: Actor, report_id) -> StatusReport:
    """Send a reviewed report to the client's designated contacts, one email each, in the
    client's language; the email's text is the report's text exactly, whose SHA-256 is
    recorded and journaled. The portal shows it from now on."""
    actor.require(Perm.REPORT_SEND)
    with transaction.atomic():
        report = _locked(actor, report_id)
        if report.status == ReportStatus.SENT:
            raise _already_sent()
        if report.status != ReportStatus.REVIEWED:
            raise Conflict(
                _("Have the report reviewed before sending it: the review covers what is sent."),
                code="not_reviewed",
            )
        contacts = report_recipients(actor=actor, client=report.client)
        if not contacts:
            raise Conflict(
                _(
                    "The client has no designated contact with an email address: designate "
                    "one (decisions, operations or billing) on the client page first."
                ),
                code="no_recipient",
            )
        text = report.body
        digest = _sha256(text)
        emails = [c.email.strip() for c in contacts]
        portal_url = settings.BASE_URL + reverse("portal:report", args=[report.pk])
        with translation.override(report.language):
            subject = _subject(report)
            html = render_to_string(
                "reports/email/report.html",
                {"report": report, "blocks": blocks(text), "portal_url": portal_url},
            )
            for email in emails:
                queue_email(
                    to=email,
                    subject=subject,
                    text=text,
                    html=html,
                    # The address hashed: a key holds 200 characters, an address 254.
                    dedupe_key=f"report:{report.pk}:{address_key(email)}",
                    workspace=actor.workspace,
                )
        report.status = ReportStatus.SENT
        report.sent_at = timezone.now()
        report.sent_by = actor.user
        report.sent_sha256 = digest
        report.recipients = emails
        report.save(update_fields=["status", "sent_at", "sent_by", "sent_sha256", "recipients"])
        ledger.append(
            actor=actor,
            action="status_report.sent",
            subject=report,
            payload=_payload(report, sha256=digest, recipients=emails),
        )
    return report
