"""The demo workspace: a small French web agency, built through the services like real data."""

from django.db import transaction

from pacte.clients.services import client_create
from pacte.core.models import Workspace
from pacte.core.services import member_add, workspace_create
from pacte.core.tenancy import Actor

DEMO_WORKSPACE = "Atelier Lumière"
DEMO_PASSWORD = "lumiere-demo-2026"
DEMO_OWNER = "camille@atelier-lumiere.example"
DEMO_MEMBERS = [
    ("julien@atelier-lumiere.example", "Julien Morel", "manager"),
    ("sarah@atelier-lumiere.example", "Sarah Benali", "consultant"),
    ("theo@atelier-lumiere.example", "Théo Garnier", "viewer"),
]
DEMO_CLIENTS = [
    "Boulangerie Martin",
    "Cabinet Roux Avocats",
    "Librairie du Parc",
    "Domaine des Trois Chênes",
    "Clinique vétérinaire des Alpes",
]
DEMO_PORTAL_USER = ("helene@boulangerie-martin.example", "Hélène Martin", "Boulangerie Martin")


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [(DEMO_OWNER, DEMO_PASSWORD, "owner")]
    rows += [(email, DEMO_PASSWORD, role) for email, _name, role in DEMO_MEMBERS]
    rows.append((DEMO_PORTAL_USER[0], DEMO_PASSWORD, f"portal ({DEMO_PORTAL_USER[2]})"))
    return rows


def load_demo() -> Workspace | None:
    """Create the demo workspace; None when it is already there."""
    from pacte.portal.services import portal_user_create

    if Workspace.objects.filter(name__iexact=DEMO_WORKSPACE).exists():
        return None
    with transaction.atomic():
        workspace = workspace_create(
            name=DEMO_WORKSPACE,
            owner_email=DEMO_OWNER,
            owner_password=DEMO_PASSWORD,
            owner_name="Camille Durand",
        )
        owner = Actor.system(workspace)
        for email, name, role in DEMO_MEMBERS:
            member_add(actor=owner, email=email, role=role, password=DEMO_PASSWORD, full_name=name)
        clients = {name: client_create(actor=owner, name=name) for name in DEMO_CLIENTS}
        email, name, client_name = DEMO_PORTAL_USER
        portal_user_create(
            actor=owner,
            client_id=clients[client_name].pk,
            email=email,
            password=DEMO_PASSWORD,
            full_name=name,
        )
    return workspace
