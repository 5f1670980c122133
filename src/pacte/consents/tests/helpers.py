import datetime as dt

from django.utils import timezone

from pacte.clients.services import client_update, contact_create
from pacte.consents.services import consent_record, consent_revoke
from pacte.kernel.tenancy import Actor


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def system(world) -> Actor:
    return Actor.system(world.workspace)


def contact(world, name="Claire Client", *, client=None, decides=True, email=""):
    return contact_create(
        actor=system(world),
        client_id=(client or world.client).pk,
        full_name=name,
        email=email,
        for_decisions=decides,
    )


def level(world, value, *, client=None):
    return client_update(
        actor=system(world), client_id=(client or world.client).pk, confidentiality=value
    )


def grant(world, scope="reference", *, on=None, until=None, client=None, actor=None, **kw):
    return consent_record(
        actor=actor or world.actor("owner"),
        client_id=(client or world.client).pk,
        scope=scope,
        granted=True,
        on=on or days(-10),
        until=until,
        **kw,
    )


def refuse(world, scope="reference", *, on=None, client=None, actor=None, **kw):
    return consent_record(
        actor=actor or world.actor("owner"),
        client_id=(client or world.client).pk,
        scope=scope,
        granted=False,
        on=on or days(-5),
        **kw,
    )


def revoke(world, consent, *, on=None, reason="Plus de publicité", actor=None, **kw):
    return consent_revoke(
        actor=actor or world.actor("owner"),
        consent_id=consent.pk,
        on=on or today(),
        reason=reason,
        **kw,
    )
