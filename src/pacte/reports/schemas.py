import datetime as dt

from ninja import Schema

from pacte.kernel.api_schema import Day, FilledText


class ReportIn(Schema):
    period_start: Day
    period_end: Day


class ReportPatch(Schema):
    body: FilledText


class ReportOut(Schema):
    id: int
    engagement: int
    client_id: int
    period_start: dt.date
    period_end: dt.date
    # draft → reviewed → sent; editing a reviewed report returns it to draft.
    status: str
    language: str
    body: str
    created_at: dt.datetime
    reviewed_at: dt.datetime | None
    reviewed_by: str | None
    sent_at: dt.datetime | None
    sent_by: str | None
    # The SHA-256 of the exact text sent (also in the `status_report.sent` ledger entry).
    sent_sha256: str
    recipients: list[str]

    @staticmethod
    def resolve_engagement(report) -> int:
        return report.engagement_id

    @staticmethod
    def resolve_reviewed_by(report) -> str | None:
        return report.reviewed_by.email if report.reviewed_by else None

    @staticmethod
    def resolve_sent_by(report) -> str | None:
        return report.sent_by.email if report.sent_by else None
