from datetime import date, datetime
from typing import Literal

import holidays
from ninja import Schema

from pacte.kernel.api_schema import Day, OptionalLine, RequiredEmail, choice
from pacte.kernel.permissions import Role


class WorkspaceOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    email: str
    full_name: str
    kind: str  # "member" or "portal"
    role: str
    workspace: WorkspaceOut
    client_id: int | None = None


class MemberOut(Schema):
    id: int
    email: str
    full_name: str
    role: Role
    joined_at: datetime

    @staticmethod
    def resolve_email(member) -> str:
        return member.user.email

    @staticmethod
    def resolve_full_name(member) -> str:
        return member.user.full_name


class MemberIn(Schema):
    email: RequiredEmail
    role: Role
    full_name: OptionalLine[150] = ""


class InvitationOut(Schema):
    """An invitation as the inviting workspace sees it."""

    id: int
    email: str
    role: Role
    status: str
    invited_at: datetime
    expires_at: datetime

    @staticmethod
    def resolve_invited_at(invitation) -> datetime:
        return invitation.created_at


class MemberInvitedOut(InvitationOut):
    """The answer to adding a member, the same whether the address has an account or not."""

    status: Literal["invited"] = "invited"

    @staticmethod
    def resolve_status(invitation) -> str:
        return "invited"


class ReceivedInvitationOut(Schema):
    """An invitation as the invited person sees it."""

    id: int
    workspace: WorkspaceOut
    role: Role
    invited_by: str
    expires_at: datetime

    @staticmethod
    def resolve_invited_by(invitation) -> str:
        inviter = invitation.invited_by
        return inviter.get_full_name() if inviter else ""


class InvitationAnswerOut(Schema):
    status: Literal["accepted", "declined"]
    workspace: WorkspaceOut
    role: Role


class MemberRoleIn(Schema):
    role: Role


class LedgerStatusOut(Schema):
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""


class ClosureDayOut(Schema):
    id: int
    date: date
    label: str


class ClosureDayIn(Schema):
    date: Day
    label: OptionalLine[120] = ""


class WeekHours(Schema):
    """Hours by weekday as text: "09:00-12:30, 13:30-18:00"; blank for a day off."""

    mon: OptionalLine[60] = ""
    tue: OptionalLine[60] = ""
    wed: OptionalLine[60] = ""
    thu: OptionalLine[60] = ""
    fri: OptionalLine[60] = ""
    sat: OptionalLine[60] = ""
    sun: OptionalLine[60] = ""


class BusinessCalendarOut(Schema):
    country: str
    subdivision: str
    time_zone: str
    hours: WeekHours
    closure_days: list[ClosureDayOut]


# The countries whose public holidays the `holidays` package knows (FR, CA…).
HOLIDAY_COUNTRIES = sorted(holidays.list_supported_countries())


class BusinessCalendarIn(Schema):
    country: choice(HOLIDAY_COUNTRIES)
    subdivision: OptionalLine[20] = ""
    hours: WeekHours | None = None
