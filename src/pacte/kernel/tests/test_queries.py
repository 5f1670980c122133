"""Pages cost a fixed number of queries whatever the size of the workspace."""

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from pacte.clients.services import client_create
from pacte.kernel import ledger
from pacte.kernel.tenancy import Actor
from pacte.workspace.services import member_add, token_create

pytestmark = pytest.mark.django_db


def queries_for(user, url) -> int:
    http = HttpClient()
    http.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return len(captured)


def grow(world, n: int) -> None:
    """Add n members, clients, tokens and ledger entries to the world's workspace."""
    system = Actor.system(world.workspace)
    for i in range(n):
        member = member_add(
            actor=system,
            email=f"extra{i}@nord.test",
            role="viewer",
            password="correct-horse-battery-staple",
        )
        token_create(actor=system, user=member.user, name=f"t{i}")
        token_create(actor=world.actor("owner"), name=f"own{i}")
        client_create(actor=system, name=f"Client {i}")
        ledger.append(actor=system, action="test.bulk", payload={"i": i})


# Issue 11 added the health ranking, the overdue reviews and the requests over an SLA to the
# dashboard, and support's requests and SLAs and the two-sided scorecard to the portal home.
# Issue 12: the dashboard's consents to renew (+1) and conflicts past their follow-up date
# (+1); the portal's consents section (+2: the portal user's own contact, for the decisions
# right, and the client's consent records) and the files of the recommendations waiting for
# the client (+1). Status reports: +1 on the portal home (the latest reports sent to the
# client). The portal's navigation (whether a handoff is under way) and the next dates to
# cancel by on its home page (+2).
CAPS = {"/dashboard/": 20, "/portal/": 27}


@pytest.mark.parametrize(
    "kind, url",
    [
        ("owner", "/dashboard/"),
        ("owner", "/members/"),
        ("viewer", "/members/"),
        ("owner", "/tokens/"),
        ("owner", "/ledger/"),
        ("portal", "/portal/"),
    ],
)
def test_page_query_count_does_not_grow_with_data(world, kind, url):
    user = world.users[kind]
    small = queries_for(user, url)
    grow(world, 25)
    assert queries_for(user, url) == small
    assert small <= CAPS.get(url, 15), f"{url} costs {small} queries"
