"""R-OWN's signal for the health score: the client's reversibility, for the client and each
of its engagements, measured for many clients at once."""

import pytest
from django.utils import translation

from pacte.assets.selectors import client_reversibility, reversibility_by_client
from pacte.assets.services import action_log, asset_create
from pacte.clients.services import client_create
from pacte.engagements.models import Engagement
from pacte.engagements.services import engagement_create
from pacte.engagements.tests.signal_helpers import (
    assert_registered,
    clients,
    engagements,
    measure,
    queries_to_measure,
)
from pacte.kernel.signals import CLIENT, ENGAGEMENT, measuring

pytestmark = pytest.mark.django_db

KEY = "reversibility"
COMPLIANT = {"legal_owner": "client", "payer": "client", "client_has_admin": True}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def asset(world, client, kind="domain", identifier="exemple.fr", **fields):
    values = {**COMPLIANT, **fields}
    return asset_create(
        actor=world.actor("owner"), client_id=client.pk, kind=kind, identifier=identifier, **values
    )


def mission(world, client, title="Refonte"):
    return engagement_create(
        actor=world.actor("owner"), client_id=client.pk, title=title, value="5000"
    )


def of_client(world, client):
    return measure(KEY, world.workspace, CLIENT, clients(world.workspace, client.pk)).get(client.pk)


def test_reversibility_is_registered_under_r_own():
    assert_registered(KEY, "R-OWN", 10)


def test_the_sub_score_is_the_client_s_reversibility(world):
    asset(world, world.client, "domain", "alpha.fr")
    asset(world, world.client, "hosting", "ovh", legal_owner="us")  # rule 2 fails
    asset(world, world.client, "analytics", "ga", client_has_admin=False)  # rule 9 fails
    reading = of_client(world, world.client)
    assert (reading.value, reading.score) == (33, 33)  # 1 of 3 checks
    assert reading.shown == "Ownership checks passed: 1 of 3"
    assert reading.evidence == f"/clients/{world.client.pk}/assets/#reversibility"


def test_fixing_an_asset_raises_the_score(world):
    asset(world, world.client, "domain", "alpha.fr", legal_owner="us")
    assert of_client(world, world.client).score == 0
    asset(world, world.client, "hosting", "ovh")
    assert of_client(world, world.client).score == 50


def test_rule_11_undocumented_admin_access_counts(world):
    held = asset(world, world.client, "domain", "alpha.fr", we_have_admin=True)
    assert of_client(world, world.client).score == 50  # rule 1 passes, rule 11 fails
    action_log(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        what="Renouvellement du domaine",
        asset_id=held.pk,
    )
    assert of_client(world, world.client).score == 100


def test_an_engagement_reads_its_client_s_assets(world):
    first = mission(world, world.client)
    second = mission(world, world.client, title="Audit")
    other = mission(world, world.other_client)
    asset(world, world.client, "domain", "alpha.fr", legal_owner="us")
    asset(world, world.client, "hosting", "ovh")
    asset(world, world.other_client, "domain", "beta.fr")
    subjects = engagements(world.workspace, first.pk, second.pk, other.pk)
    readings = measure(KEY, world.workspace, ENGAGEMENT, subjects)
    assert readings[first.pk].score == readings[second.pk].score == 50
    assert readings[other.pk].score == 100
    assert readings[first.pk].evidence == f"/clients/{world.client.pk}/assets/#reversibility"


def test_no_reading_without_assets(world):
    engagement = mission(world, world.client)
    assert of_client(world, world.client) is None
    assert (
        measure(KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, engagement.pk)) == {}
    )


def test_the_bulk_read_agrees_with_the_client_page(world):
    mission(world, world.client)  # a draft: no alias needed yet
    asset(world, world.client, "domain", "alpha.fr", we_have_admin=True)
    asset(world, world.client, "email_alias", "nous@alpha.fr")
    asset(world, world.client, "ad_payment_method", "carte", payer="us")
    asset(world, world.other_client, "hosting", "ovh", client_has_admin=False)
    bulk = reversibility_by_client(
        workspace=world.workspace,
        clients=clients(world.workspace, world.client.pk, world.other_client.pk),
    )
    for client in (world.client, world.other_client):
        single = client_reversibility(actor=world.actor("owner"), client=client)
        assert (bulk[client.pk].checks, bulk[client.pk].passed) == (single.checks, single.passed)


def test_measuring_many_subjects_costs_the_same_queries_as_two(world):
    owner = world.actor("owner")
    made = [client_create(actor=owner, name=f"Client {n}") for n in range(20)]
    for n, client in enumerate(made):
        asset(world, client, "domain", f"client-{n}.fr", legal_owner="us" if n % 2 else "client")
        mission(world, client)
    ids = [c.pk for c in made]
    few = queries_to_measure(KEY, world.workspace, CLIENT, clients(world.workspace, *ids[:2]))
    many = queries_to_measure(KEY, world.workspace, CLIENT, clients(world.workspace, *ids))
    assert few == many == 3
    keys = list(
        Engagement.objects.in_workspace(world.workspace)
        .filter(client__in=ids)
        .values_list("pk", flat=True)
    )
    few = queries_to_measure(
        KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *keys[:2])
    )
    many = queries_to_measure(KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, *keys))
    assert few == many == 4


def test_within_one_run_the_engagements_reuse_their_clients_scores(world):
    asset(world, world.client, "domain", "alpha.fr", legal_owner="us")
    e = mission(world, world.client)
    other = mission(world, world.other_client, "Sans actifs")
    with measuring():
        measure(KEY, world.workspace, CLIENT, clients(world.workspace, world.client.pk))
        # Only the engagements' clients are read: the client's score is reused, and the
        # other client's absence of assets is not asked again.
        assert (
            queries_to_measure(KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, e.pk))
            == 1
        )
        both = measure(
            KEY, world.workspace, ENGAGEMENT, engagements(world.workspace, e.pk, other.pk)
        )
    assert set(both) == {e.pk}
    assert both[e.pk].score == 0
