"""Creating a workspace opens its ledger with its owner; bad input writes nothing."""

import pytest

from pacte.kernel import ledger
from pacte.kernel.errors import Conflict, InvalidInput
from pacte.kernel.models import LedgerEntry, Member
from pacte.kernel.permissions import Role
from pacte.workspace.services import workspace_create
from pacte.workspace.tests.helpers import counts

pytestmark = pytest.mark.django_db


def actions(workspace):
    return list(LedgerEntry.objects.in_workspace(workspace).values_list("action", flat=True))


def test_creating_a_workspace_opens_its_ledger_with_the_owner():
    workspace = workspace_create(
        name="Conseil Dupont",
        owner_email="Anne@Dupont.test",
        owner_password="une-phrase-longue-2026",
    )
    assert actions(workspace) == ["workspace.created", "member.added"]
    member = Member.objects.in_workspace(workspace).get()
    assert member.role == Role.OWNER and member.user.email == "anne@dupont.test"
    assert member.user.check_password("une-phrase-longue-2026")
    assert ledger.verify(workspace).ok


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"name": "", "owner_email": "a@b.test"}, InvalidInput),
        ({"name": "X" * 500, "owner_email": "a@b.test"}, InvalidInput),
        ({"name": "Bon nom", "owner_email": "not-an-email"}, InvalidInput),
        ({"name": "Bon nom", "owner_email": "a@b.test", "owner_password": "123"}, InvalidInput),
        ({"name": "atelier nord", "owner_email": "a@b.test"}, Conflict),  # same name, other case
    ],
)
def test_bad_workspace_input_writes_nothing(world, kwargs, error):
    before = counts()
    with pytest.raises(error):
        workspace_create(**kwargs)
    assert counts() == before
