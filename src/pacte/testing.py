"""Test helpers shared by every app: a small world of actors, and the helpers that run a
page or an endpoint as each kind of actor, so that no test forgets one of them.

The world: workspace "Atelier Nord" with an owner, a manager, a consultant and a viewer; two
clients, each with a portal user; and a second workspace, "Studio Sud", with its own owner
and client. Everything is created through the services, as in real use.
"""

from __future__ import annotations

import importlib.machinery
import sys
import types
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test import Client as HttpClient

from pacte.clients.models import Client
from pacte.clients.services import client_create
from pacte.kernel.errors import Conflict
from pacte.kernel.models import User, Workspace
from pacte.kernel.permissions import Role
from pacte.kernel.selectors import actor_for_user
from pacte.kernel.tenancy import Actor
from pacte.portal.services import portal_user_create
from pacte.workspace.services import member_add, token_create, workspace_create

PASSWORD = "correct-horse-battery-staple"

# Every kind of actor a page or endpoint must be tried as.
ACTOR_KINDS = (
    "anonymous",
    "owner",
    "manager",
    "consultant",
    "viewer",
    "portal",  # portal user of `world.client`
    "portal_other_client",  # portal user of another client of the same workspace
    "other_workspace",  # owner of another workspace
)


# What each actor gets on a members' page about a row of `world.workspace` (a client, an
# engagement): the other workspace's owner does not find it.
MEMBERS_ONLY = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 404,
}
# A members' page every workspace has (its ledger, its members): each member sees their own.
ANY_MEMBER = {**MEMBERS_ONLY, "other_workspace": 200}

# The same under /api/: no login page to redirect to, so the anonymous caller gets 401.
# A read the portal shares: the client's own people see their row, others do not find it.
API_READ = {
    "anonymous": 401,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 200,
    "portal_other_client": 404,
    "other_workspace": 404,
}
# A read internal to the provider: a portal token is refused before anything is looked up.
API_MEMBERS_READ = {**API_READ, "portal": 403, "portal_other_client": 403}
# A creation any member but a viewer may make.
API_WRITERS = {**API_MEMBERS_READ, "owner": 201, "manager": 201, "consultant": 201, "viewer": 403}


@dataclass
class World:
    workspace: Workspace
    client: Client
    other_client: Client
    other_workspace: Workspace
    foreign_client: Client  # a client of the other workspace
    users: dict[str, User] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    def actor(self, kind: str) -> Actor:
        return actor_for_user(self.users[kind])

    def token(self, kind: str) -> str:
        """A bearer token of this actor (made once per world)."""
        if kind not in self._tokens:
            actor = self.actor(kind)
            _token, raw = token_create(actor=actor, name=f"tests {kind}")
            self._tokens[kind] = raw
        return self._tokens[kind]


def build_world() -> World:
    workspace = workspace_create(
        name="Atelier Nord",
        owner_email="owner@nord.test",
        owner_password=PASSWORD,
        owner_name="Olivia Owner",
    )
    system = Actor.system(workspace)
    users = {"owner": User.objects.get(email="owner@nord.test")}
    for kind, role in (
        ("manager", Role.MANAGER),
        ("consultant", Role.CONSULTANT),
        ("viewer", Role.VIEWER),
    ):
        users[kind] = member_add(
            actor=system,
            email=f"{kind}@nord.test",
            role=role,
            password=PASSWORD,
            full_name=kind.title(),
        ).user
    client = client_create(actor=system, name="Boulangerie Alpha")
    other_client = client_create(actor=system, name="Garage Beta")
    users["portal"] = portal_user_create(
        actor=system, client_id=client.pk, email="portal@alpha.test", password=PASSWORD
    ).user
    users["portal_other_client"] = portal_user_create(
        actor=system, client_id=other_client.pk, email="portal@beta.test", password=PASSWORD
    ).user
    other_workspace = workspace_create(
        name="Studio Sud", owner_email="owner@sud.test", owner_password=PASSWORD
    )
    users["other_workspace"] = User.objects.get(email="owner@sud.test")
    foreign_client = client_create(actor=Actor.system(other_workspace), name="Cave Gamma")
    return World(workspace, client, other_client, other_workspace, foreign_client, users)


def _check_expectations(expected: dict[str, int]) -> None:
    missing = set(ACTOR_KINDS) - set(expected)
    unknown = set(expected) - set(ACTOR_KINDS)
    assert not missing and not unknown, (
        f"say what every kind of actor gets: missing {sorted(missing)}, unknown {sorted(unknown)}"
    )


def check_page_as_each_actor(
    world: World,
    url: str,
    expected: dict[str, int],
    *,
    method: str = "get",
    data: dict | None = None,
) -> dict:
    """Request a web page as each kind of actor and compare status codes.

    Returns the responses by kind so a test can look further at their content.
    """
    _check_expectations(expected)
    responses, wrong = {}, []
    for kind in ACTOR_KINDS:
        http = HttpClient()
        if kind != "anonymous":
            http.force_login(world.users[kind])
        response = getattr(http, method)(url, data or {})
        responses[kind] = response
        if response.status_code != expected[kind]:
            wrong.append(f"{kind}: got {response.status_code}, expected {expected[kind]}")
    assert not wrong, f"{method.upper()} {url}\n  " + "\n  ".join(wrong)
    return responses


def check_endpoint_as_each_actor(
    world: World,
    url: str,
    expected: dict[str, int],
    *,
    method: str = "get",
    json: dict | None = None,
) -> dict:
    """Call an API endpoint with each kind of actor's bearer token and compare statuses."""
    _check_expectations(expected)
    responses, wrong = {}, []
    for kind in ACTOR_KINDS:
        headers = {} if kind == "anonymous" else {"Authorization": f"Bearer {world.token(kind)}"}
        http = HttpClient()
        kwargs = {"headers": headers}
        if json is not None:
            kwargs.update(data=json, content_type="application/json")
        response = getattr(http, method)(url, **kwargs)
        responses[kind] = response
        if response.status_code != expected[kind]:
            wrong.append(
                f"{kind}: got {response.status_code}, expected {expected[kind]}"
                f" ({response.content[:200]!r})"
            )
    assert not wrong, f"{method.upper()} {url}\n  " + "\n  ".join(wrong)
    return responses


# --- State machines as data: every (state, move) pair of a transition table ------------------


def transition_pairs(table, allowed: set[tuple[str, str]]) -> list[tuple]:
    """(table, state, move, allowed?) for every state of the table's statuses and every move:
    parametrize a test with it so that a table that changes fails the pair that changed."""
    return [
        (table, state, move.name, (state, move.name) in allowed)
        for state in table.states.values
        for move in table
    ]


def assert_transition(table, state: str, move: str, allowed: bool) -> None:
    """The table allows the move from the state, or refuses it with 409 invalid_transition."""
    assert table.allowed(state, move) is allowed
    if allowed:
        assert table.check(state, move).name == move
        return
    try:
        table.check(state, move)
    except Conflict as refused:
        assert refused.code == "invalid_transition"
    else:
        raise AssertionError(f"{move} from {state} should be refused")


# --- query plans ----------------------------------------------------------------------------

# The plan tests read SQLite's EXPLAIN QUERY PLAN. The test database is never analysed, so
# SQLite plans it as it plans a large database nobody analysed: its plans are the large one's.
SQLITE_PLANS_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN"
)


def sqlite_plan(sql: str) -> list[str]:
    """The steps of SQLite's plan for `sql` (a statement as captured, parameters inlined)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[-1] for row in cursor.fetchall()]


def fake_weasyprint(monkeypatch, pdf: bytes = b"%PDF-1.7 fake") -> dict:
    """WeasyPrint (the optional `pdf` extra) stood in by a module that answers `pdf`; what
    it was given ("html", "css") lands in the returned dict."""
    module = types.ModuleType("weasyprint")
    module.__spec__ = importlib.machinery.ModuleSpec("weasyprint", None)
    seen: dict = {}

    class CSS:
        def __init__(self, filename=None, string=None):
            seen["css"] = filename

    class HTML:
        def __init__(self, string=""):
            seen["html"] = string

        def write_pdf(self, stylesheets=()):
            return pdf

    module.CSS, module.HTML = CSS, HTML
    monkeypatch.setitem(sys.modules, "weasyprint", module)
    return seen
