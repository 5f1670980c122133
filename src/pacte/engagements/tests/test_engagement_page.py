"""The engagement page as each actor, and its action view answering 404 and 405."""

import pytest

from pacte.engagements.tests.helpers import browser
from pacte.testing import check_page_as_each_actor

pytestmark = pytest.mark.django_db


def test_engagement_page_as_each_actor(world, engagement):
    responses = check_page_as_each_actor(
        world,
        f"/engagements/{engagement.pk}/",
        {
            "anonymous": 302,
            "owner": 200,
            "manager": 200,
            "consultant": 200,
            "viewer": 200,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
    )
    assert 'id="override-notice"' not in responses["owner"].content.decode()
    html = browser(world).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Issue the deposit invoice (3,000.00\u00a0EUR) before any work starts." in html
    assert "Start without the deposit" in html  # the owner's override
    manager = browser(world, "manager").get(f"/engagements/{engagement.pk}/")
    assert "Start without the deposit" not in manager.content.decode()


def test_an_unknown_action_is_404_and_a_get_is_405(world, engagement):
    http = browser(world)
    assert http.post(f"/engagements/{engagement.pk}/do/explode/").status_code == 404
    assert http.get(f"/engagements/{engagement.pk}/do/activate/").status_code == 405
