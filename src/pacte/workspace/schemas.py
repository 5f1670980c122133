from datetime import datetime

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


class MemberRoleIn(Schema):
    role: Role


class LedgerStatusOut(Schema):
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""
