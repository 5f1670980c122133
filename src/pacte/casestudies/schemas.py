import datetime as dt

from ninja import Schema

from pacte.kernel.api_schema import FilledText, Int, Line, OptionalLine, Text


class CaseStudyIn(Schema):
    engagement_id: Int
    title: Line[200]
    body: FilledText
    descriptor: OptionalLine[200] = ""
    results: Text = ""
    testimonial: Text = ""
    testimonial_by_id: Int | None = None


class CaseStudyPatch(Schema):
    """Only the fields given change; null clears the quote's author."""

    title: Line[200] = None
    body: FilledText = None
    descriptor: OptionalLine[200] | None = None
    results: Text | None = None
    testimonial: Text | None = None
    testimonial_by_id: Int | None = None


class ConsentNeedOut(Schema):
    scope: str
    in_force: bool


class CaseStudyOut(Schema):
    id: int
    engagement_id: int
    client_id: int
    title: str
    body: str
    results: str
    testimonial: str
    testimonial_by_id: int | None
    descriptor: str
    created_at: dt.datetime
    updated_at: dt.datetime


class CaseStudyDetailOut(CaseStudyOut):
    confidential: bool
    nameable: bool
    consents_needed: list[ConsentNeedOut]
    named_allowed: bool
