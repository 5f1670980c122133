"""Idempotency-Key on the API's writes (issue 10, item 11): a retried write does not write
twice, and gets the first answer back."""

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client as HttpClient
from django.utils import timezone

from pacte.billing.models import Payment
from pacte.billing.tests.helpers import engagement, invoice
from pacte.clients import services as client_services
from pacte.clients.models import Client
from pacte.kernel import idempotency, tasks
from pacte.kernel.idempotency import KEEP, LEASE
from pacte.kernel.models import IdempotencyRecord, LedgerEntry, User, Workspace

pytestmark = pytest.mark.django_db


def headers(world, key=None, kind="owner"):
    found = {"Authorization": f"Bearer {world.token(kind)}", "Accept-Language": "en"}
    if key is not None:
        found["Idempotency-Key"] = key
    return found


def post(client, world, path, data, key=None, kind="owner"):
    return client.post(
        f"/api/v1{path}", data, content_type="application/json", headers=headers(world, key, kind)
    )


def clients_named(world, name, workspace=None):
    return Client.objects.in_workspace(workspace or world.workspace).filter(name=name).count()


def ledger_length(workspace):
    return LedgerEntry.objects.in_workspace(workspace).count()


def records(world):
    return IdempotencyRecord.objects.in_workspace(world.workspace)


def test_a_retried_post_with_the_same_key_creates_one_client(client, world):
    """issue 10, item 11: the retry replays the first answer and writes nothing."""
    first = post(client, world, "/clients", {"name": "Fromagerie Lenoir"}, key="create-lenoir-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    journaled = ledger_length(world.workspace)
    again = post(client, world, "/clients", {"name": "Fromagerie Lenoir"}, key="create-lenoir-1")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert clients_named(world, "Fromagerie Lenoir") == 1
    assert ledger_length(world.workspace) == journaled
    # The replay is an API answer like any other: private.
    assert "no-store" in again.headers["Cache-Control"]


def test_without_a_key_each_post_creates_a_row(client, world):
    """issue 10, item 11: without the header nothing changes: two POSTs, two rows."""
    bill = invoice(world, engagement(world))
    body = {"amount": "100.00", "paid_on": str(timezone.localdate())}
    for _ in range(2):
        response = post(client, world, f"/invoices/{bill.pk}/payments", body)
        assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert Payment.objects.in_workspace(world.workspace).filter(invoice=bill).count() == 2
    # Clients refuse a duplicate name on their own: without a key the retry is a 409.
    assert post(client, world, "/clients", {"name": "Sans Clé"}).status_code == 201
    assert post(client, world, "/clients", {"name": "Sans Clé"}).status_code == 409
    assert not records(world).exists()


def test_the_same_key_with_another_body_or_path_is_refused(client, world):
    """issue 10, item 11: a key names one request; reusing it for another answers 422."""
    assert post(client, world, "/clients", {"name": "Cidrerie Un"}, key="k-1").status_code == 201
    journaled = ledger_length(world.workspace)
    other_body = post(client, world, "/clients", {"name": "Cidrerie Deux"}, key="k-1")
    assert other_body.status_code == 422
    assert other_body.json()["code"] == "idempotency_key_reused"
    assert other_body.json()["detail"]
    other_path = post(
        client,
        world,
        f"/clients/{world.client.pk}/contacts",
        {"name": "Cidrerie Un"},
        key="k-1",
    )
    assert other_path.status_code == 422
    assert other_path.json()["code"] == "idempotency_key_reused"
    assert clients_named(world, "Cidrerie Deux") == 0
    assert ledger_length(world.workspace) == journaled


def test_keys_are_per_token(client, world):
    """issue 10, item 11 (tenancy): another token's key of the same name is its own key."""
    mine = post(client, world, "/clients", {"name": "Verrerie"}, key="shared-key")
    theirs = post(
        client, world, "/clients", {"name": "Verrerie"}, key="shared-key", kind="other_workspace"
    )
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["id"] != mine.json()["id"]
    assert clients_named(world, "Verrerie", world.other_workspace) == 1
    # A second member of the same workspace, with the same key and body: its own row too.
    colleague = post(client, world, "/clients", {"name": "Verrerie Bis"}, key="shared-key")
    assert colleague.status_code == 422  # the owner's key: another body
    manager = post(
        client, world, "/clients", {"name": "Verrerie Bis"}, key="shared-key", kind="manager"
    )
    assert manager.status_code == 201 and "Idempotent-Replayed" not in manager.headers


def test_an_error_answer_is_replayed_too(client, world):
    """issue 10, item 11: a 4xx is the request's answer, stored and replayed like a 2xx."""
    first = post(client, world, "/clients", {"name": ""}, key="empty-name")
    assert first.status_code == 400
    again = post(client, world, "/clients", {"name": ""}, key="empty-name")
    assert again.status_code == 400
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content


def test_a_domain_conflict_is_replayed_even_after_the_state_changed(client, world):
    """issue 10, item 11: the stored answer is given back, not a new one."""
    thing = engagement(world)
    path = f"/engagements/{thing.pk}/activate"
    first = post(client, world, path, {}, key="activate-1")
    assert first.status_code == 409 and first.json()["code"] == "deposit_missing"
    override = post(
        client, world, f"/engagements/{thing.pk}/override-deposit", {"reason": "Client sûr"}
    )
    assert override.status_code == 200, override.content
    again = post(client, world, path, {}, key="activate-1")
    assert again.status_code == 409 and again.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "x" * 256,
        "clé-accentuée",
        "tab\tinside",
        " leading-space",
        "trailing-newline\n",
    ],
)
def test_an_invalid_key_is_refused_with_json(client, world, key):
    """issue 10, item 11: a key is 1 to 255 printable ASCII characters; anything else is
    400 JSON and runs nothing."""
    response = post(client, world, "/clients", {"name": "Clé Invalide"}, key=key)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "Idempotency-Key" in response.json()["fields"]
    assert clients_named(world, "Clé Invalide") == 0
    assert not records(world).exists()


def test_the_longest_key_is_accepted(client, world):
    """issue 10, item 11: 255 characters is still a key."""
    key = "k" * 254 + "~"
    assert post(client, world, "/clients", {"name": "Clé Longue"}, key=key).status_code == 201
    assert post(client, world, "/clients", {"name": "Clé Longue"}, key=key).headers[
        "Idempotent-Replayed"
    ]


def test_a_key_older_than_a_day_is_a_new_key_and_pruned(client, world):
    """issue 10, item 11: answers are replayed for 24 hours, then forgotten."""
    assert post(client, world, "/clients", {"name": "Ancienne"}, key="old").status_code == 201
    records(world).update(created_at=timezone.now() - KEEP - timedelta(minutes=1))
    again = post(client, world, "/clients", {"name": "Ancienne"}, key="old")
    # Ran again, as a new request: the client exists now, so the duplicate-name rule answers.
    assert again.status_code == 409 and again.json()["code"] == "client_exists"
    assert "Idempotent-Replayed" not in again.headers
    assert clients_named(world, "Ancienne") == 1
    # The periodic job prunes expired keys and keeps fresh ones.
    assert post(client, world, "/clients", {"name": "Fraîche"}, key="fresh").status_code == 201
    records(world).filter(key="old").update(created_at=timezone.now() - KEEP - timedelta(hours=1))
    assert tasks.prune_idempotency_keys.call() == {"keys": 1}
    assert list(records(world).values_list("key", flat=True)) == ["fresh"]
    assert "idempotency.prune" in {job.name for job in tasks.periodic_jobs()}


def test_a_duplicate_while_the_first_runs_is_refused(client, world):
    """issue 10, item 11: 409 while a request with the key is in progress."""
    post(client, world, "/clients", {"name": "Premier"}, key="running")
    # As if the first request were still running: its claim is in progress.
    records(world).update(
        state=IdempotencyRecord.State.IN_PROGRESS, response_status=None, response_body=b""
    )
    busy = post(client, world, "/clients", {"name": "Premier"}, key="running")
    assert busy.status_code == 409
    assert busy.json()["code"] == "idempotency_key_in_progress"
    assert clients_named(world, "Premier") == 1
    # A claim older than the lease belongs to a request that died (and was rolled back):
    # the retry runs.
    records(world).update(created_at=timezone.now() - LEASE - timedelta(seconds=1))
    Client.objects.in_workspace(world.workspace).filter(name="Premier").delete()
    retried = post(client, world, "/clients", {"name": "Premier"}, key="running")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    assert clients_named(world, "Premier") == 1


def test_a_server_error_is_not_stored_and_saves_nothing(client, world, monkeypatch):
    """issue 10, item 11: a 5xx invites a retry, so it keeps nothing and frees the key."""
    real_create = client_services.client_create

    def create_then_fail(**kwargs):
        real_create(**kwargs)
        raise RuntimeError("after the write")

    monkeypatch.setattr(client_services, "client_create", create_then_fail)
    failed = post(client, world, "/clients", {"name": "Fragile"}, key="fragile")
    assert failed.status_code == 500 and failed.json()["code"] == "server_error"
    assert clients_named(world, "Fragile") == 0  # rolled back with the answer
    assert not records(world).exists()
    monkeypatch.setattr(client_services, "client_create", real_create)
    retried = post(client, world, "/clients", {"name": "Fragile"}, key="fragile")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    assert clients_named(world, "Fragile") == 1


def test_a_locked_database_answers_503_json_and_frees_the_key(client, world, monkeypatch):
    """issue 10, item 11 (and item 4: never an HTML 500): a claim the database cannot take
    answers 503 `busy`; the key stays free for the retry."""

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(idempotency, "_claim", locked)
    response = post(client, world, "/clients", {"name": "Verrouillée"}, key="locked")
    assert response.status_code == 503 and response.json()["code"] == "busy"
    assert response.headers["Retry-After"] == "1"
    assert clients_named(world, "Verrouillée") == 0
    monkeypatch.undo()
    assert post(client, world, "/clients", {"name": "Verrouillée"}, key="locked").status_code == 201


def test_a_retried_payment_is_recorded_once(client, world):
    """issue 10, item 11, on an action endpoint: a retried payment is not paid twice."""
    bill = invoice(world, engagement(world))
    path = f"/invoices/{bill.pk}/payments"
    body = {"amount": "250.00", "paid_on": str(timezone.localdate())}
    first = post(client, world, path, body, key="pay-250")
    assert first.status_code == 201, first.content
    again = post(client, world, path, body, key="pay-250")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Payment.objects.in_workspace(world.workspace).filter(invoice=bill).count() == 1


def test_a_retried_lifecycle_move_gets_its_first_answer(client, world):
    """issue 10, item 11, on an action endpoint: the retry of a move answers the move's
    result, where running it again would answer 409 (the move is no longer possible)."""
    thing = engagement(world)
    path = f"/engagements/{thing.pk}/request-deposit"
    first = post(client, world, path, {}, key="deposit-1")
    assert first.status_code == 200 and first.json()["status"] == "awaiting_deposit"
    again = post(client, world, path, {}, key="deposit-1")
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert post(client, world, path, {}, key="deposit-2").status_code == 409


def test_reads_and_unauthenticated_writes_ignore_the_key(client, world):
    """issue 10, item 11: only authenticated writes use the key."""
    me = client.get("/api/v1/me", headers=headers(world, key="read"))
    assert me.status_code == 200 and "Idempotent-Replayed" not in me.headers
    anonymous = client.post(
        "/api/v1/clients",
        {"name": "Anonyme"},
        content_type="application/json",
        headers={"Idempotency-Key": "anon", "Authorization": "Bearer pacte_wrong"},
    )
    assert anonymous.status_code == 401
    assert not IdempotencyRecord.objects.across_workspaces().exists()
    assert Workspace.objects.count() == 2


def test_the_header_is_documented_on_writes(client):
    """issue 10, item 11: the OpenAPI description offers the optional header on writes."""
    spec = client.get("/api/v1/openapi.json").json()
    create = spec["paths"]["/api/v1/clients"]["post"]
    header = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header" and header["required"] is False
    assert header["schema"]["maxLength"] == 255
    assert "422" in create["responses"] and "409" in create["responses"]
    listing = spec["paths"]["/api/v1/clients"]["get"]
    assert all(p["name"] != "Idempotency-Key" for p in listing.get("parameters", []))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_duplicate_is_refused_while_the_first_runs(world, monkeypatch):
    """issue 10, item 11: two requests with one key at once: the first runs, the duplicate
    answers 409 at once (it neither waits nor runs), and a retry afterwards replays."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    world.token("owner")  # made before the threads
    entered, release = threading.Event(), threading.Event()
    real_create = client_services.client_create

    def held_create(**kwargs):
        entered.set()
        assert release.wait(timeout=60)
        return real_create(**kwargs)

    monkeypatch.setattr(client_services, "client_create", held_create)
    answers = {}

    def first():
        try:
            answers["first"] = post(HttpClient(), world, "/clients", {"name": "Duo"}, key="duo")
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert entered.wait(timeout=60)
        duplicate = post(HttpClient(), world, "/clients", {"name": "Duo"}, key="duo")
        assert duplicate.status_code == 409
        assert duplicate.json()["code"] == "idempotency_key_in_progress"
        # Even a claim past its lease is not taken over while its request holds it.
        monkeypatch.setattr(idempotency, "LEASE", timedelta(seconds=-1))
        late = post(HttpClient(), world, "/clients", {"name": "Duo"}, key="duo")
        assert late.status_code == 409
        monkeypatch.setattr(idempotency, "LEASE", LEASE)
    finally:
        release.set()
        thread.join(timeout=60)
    assert answers["first"].status_code == 201
    retried = post(HttpClient(), world, "/clients", {"name": "Duo"}, key="duo")
    assert retried.status_code == 201 and retried.headers["Idempotent-Replayed"] == "true"
    assert retried.content == answers["first"].content
    assert clients_named(world, "Duo") == 1


def test_a_deactivated_persons_token_gets_no_replay(client, world):
    """A stored answer is not handed to the token of someone deactivated since: the request
    goes on to the API's own check, which refuses the token."""
    first = post(client, world, "/clients", {"name": "Verrerie"}, key="k-inactive")
    assert first.status_code == 201
    User.objects.filter(pk=world.users["owner"].pk).update(is_active=False)
    again = post(client, world, "/clients", {"name": "Verrerie"}, key="k-inactive")
    assert again.status_code == 401 and "Idempotent-Replayed" not in again
