from datetime import date, datetime
from typing import Literal

from ninja import Schema

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
    email: str
    role: Role
    full_name: str = ""


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
    date: date
    label: str = ""


class WeekHours(Schema):
    """Hours by weekday as text: "09:00-12:30, 13:30-18:00"; blank for a day off."""

    mon: str = ""
    tue: str = ""
    wed: str = ""
    thu: str = ""
    fri: str = ""
    sat: str = ""
    sun: str = ""


class BusinessCalendarOut(Schema):
    country: str
    subdivision: str
    time_zone: str
    hours: WeekHours
    closure_days: list[ClosureDayOut]


class BusinessCalendarIn(Schema):
    country: str
    subdivision: str = ""
    hours: WeekHours | None = None
