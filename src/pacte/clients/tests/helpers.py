"""Helpers shared by the client tests: counts, stored rows, contacts, the browser and what each
member may open."""

from django.test import Client as HttpClient

from pacte.clients.models import Client, Contact
from pacte.clients.services import contact_create
from pacte.kernel.models import LedgerEntry


def counts():
    return tuple(
        model.objects.across_workspaces().count() for model in (Client, Contact, LedgerEntry)
    )


def last_entry(world):
    return LedgerEntry.objects.in_workspace(world.workspace).last()


def stored(client):
    return Client.objects.in_workspace(client.workspace_id).filter(pk=client.pk).values().get()


def add_contact(world, client=None, full_name="Alice Martin", **fields):
    return contact_create(
        actor=world.actor("consultant"),
        client_id=(client or world.client).pk,
        full_name=full_name,
        **fields,
    )


MEMBERS = {
    "anonymous": 302,
    "owner": 200,
    "manager": 200,
    "consultant": 200,
    "viewer": 200,
    "portal": 404,
    "portal_other_client": 404,
    "other_workspace": 200,
}


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http
