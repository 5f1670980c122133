from ninja import Schema


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
