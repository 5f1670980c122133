"""Data for the case-study tests: the Hôtel du Lac, its people and records, consents written
straight to the register (the consent services are another app's)."""

import datetime as dt

from django.utils import timezone

from pacte.assets.services import asset_create
from pacte.casestudies.services import case_study_create
from pacte.clients.models import Client
from pacte.clients.services import client_update, contact_create
from pacte.consents.models import Consent
from pacte.engagements.services import engagement_create

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def hotel(world, *, level="anonymised"):
    """world.client renamed the Hôtel du Lac, in Annecy, with its director, a domain and an
    engagement."""
    owner = world.actor("owner")
    client_update(actor=owner, client_id=world.client.pk, name="Hôtel du Lac", city="Annecy")
    set_level(world.client, level)
    helene = contact_create(
        actor=owner,
        client_id=world.client.pk,
        full_name="Hélène Martin",
        job_title="Directrice",
        email="helene.martin@hoteldulac-annecy.fr",
    )
    asset_create(
        actor=owner, client_id=world.client.pk, kind="domain", identifier="hoteldulac-annecy.fr"
    )
    engagement = engagement_create(
        actor=owner,
        client_id=world.client.pk,
        title="Refonte du site de réservation",
        value="12000",
    )
    world.client.refresh_from_db()
    return engagement, helene


def set_level(client, level):
    # The consents helper's service sets the level; the tests only need the value.
    Client.objects.in_workspace(client.workspace).filter(pk=client.pk).update(confidentiality=level)
    client.refresh_from_db()


def study(world, engagement, **fields):
    values = {
        "title": "Un site qui remplit les chambres",
        "body": "L'Hôtel du Lac, à Annecy, nous a confié la Refonte du site de réservation. "
        "Hélène Martin voulait moins de commissions.",
        "descriptor": "un hôtel de charme savoyard",
        "results": "",
        **fields,
    }
    return case_study_create(actor=world.actor("owner"), engagement_id=engagement.pk, **values)


def consent(world, scope, *, granted=True, given=-30, until=None, revoked=None):
    return Consent.objects.create(
        workspace=world.workspace,
        client=world.client,
        scope=scope,
        granted=granted,
        given_on=days(given),
        until=days(until) if until is not None else None,
        revoked_on=days(revoked) if revoked is not None else None,
    )
