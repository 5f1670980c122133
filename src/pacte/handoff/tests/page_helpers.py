"""Helpers shared by the handoff page tests: assets registered by number."""

from pacte.assets.services import asset_create
from pacte.handoff.tests.helpers import days


def register(world, client, n: int, **fields):
    values = {
        "kind": ["domain", "hosting", "analytics", "backup_location", "email_alias"][n % 5],
        "identifier": f"asset-{n}.boulangerie.fr",
        "legal_owner": "us" if n % 2 else "client",
        "client_has_admin": bool(n % 3),
        "we_have_admin": True,
        "renewal_date": days(20 + n),
        "notice_days": 30,
        "cost": "12.00",
    }
    values.update(fields)
    return asset_create(actor=world.actor("owner"), client_id=client.pk, **values)
