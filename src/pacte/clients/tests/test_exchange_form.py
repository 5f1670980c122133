"""A bad exchange logged from the client page is explained and writes nothing."""

import pytest

from pacte.clients.tests.helpers import browser
from pacte.exchanges.models import Exchange

pytestmark = pytest.mark.django_db


def test_a_bad_exchange_is_explained_and_writes_nothing(world):
    http = browser(world)
    response = http.post(
        f"/clients/{world.client.pk}/exchanges/new/",
        {
            "exchange-occurred_on": "2999-01-01",
            "exchange-channel": "call",
            "exchange-direction": "outbound",
            "exchange-summary": "Du futur",
        },
    )
    # The refusal comes back beside the date, with what was typed.
    html = response.content.decode()
    assert response.status_code == 200 and "In the future." in html and "Du futur" in html
    assert not Exchange.objects.in_workspace(world.workspace).exists()
