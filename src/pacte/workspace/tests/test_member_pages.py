"""The dashboard, members and tokens pages open to members, each seeing only their own
workspace."""

import pytest

from pacte.testing import ANY_MEMBER, check_page_as_each_actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/dashboard/", "/members/", "/tokens/"])
def test_member_pages_as_each_actor(world, url):
    responses = check_page_as_each_actor(world, url, ANY_MEMBER)
    # The other workspace's owner sees their own workspace, never ours.
    assert b"Atelier Nord" not in responses["other_workspace"].content
    assert b"Studio Sud" in responses["other_workspace"].content
