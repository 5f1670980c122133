"""The ledger page and its verification through the API, for owners and managers."""

import pytest

from pacte.testing import ANY_MEMBER, check_endpoint_as_each_actor, check_page_as_each_actor

pytestmark = pytest.mark.django_db


def test_ledger_page_is_for_owners_and_managers(world):
    responses = check_page_as_each_actor(
        world,
        "/ledger/",
        {
            **ANY_MEMBER,
            "consultant": 403,
            "viewer": 403,
        },
    )
    assert b"member.added" in responses["owner"].content


def test_ledger_verification_through_the_api(world):
    responses = check_endpoint_as_each_actor(
        world,
        "/api/v1/ledger/verify",
        {
            "anonymous": 401,
            "owner": 200,
            "manager": 200,
            "consultant": 403,
            "viewer": 403,
            "portal": 403,
            "portal_other_client": 403,
            "other_workspace": 200,
        },
    )
    assert responses["owner"].json()["ok"] is True
