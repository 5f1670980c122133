"""Issue 14, item 7: import from a spreadsheet. Each kind goes through its service; a dry run
writes nothing; one bad line and nothing is written, the line named; `;` and a BOM are read;
the import itself is journaled with the file's SHA-256."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.utils import translation

from pacte.billing.models import Invoice, Payment
from pacte.clients.models import Client, Contact
from pacte.csvimport.columns import COLUMNS, ImportKind, template_csv
from pacte.csvimport.services import MAX_BYTES, MAX_ROWS, csv_import
from pacte.engagements.models import EngagementStatus
from pacte.engagements.services import engagement_create
from pacte.kernel.errors import InvalidInput, PermissionDenied
from pacte.kernel.journal import describe
from pacte.kernel.models import LedgerEntry
from pacte.kernel.tenancy import Actor

pytestmark = pytest.mark.django_db

CLIENTS = (
    "name,city,confidentiality,language,preferred_channel\n"
    "Menuiserie Delta,Lyon,named,fr,email\n"
    "Pharmacie Epsilon,,,en,\n"
)


def ledger_length(world):
    return LedgerEntry.objects.in_workspace(world.workspace).count()


def clients_of(world):
    return Client.objects.in_workspace(world.workspace)


def invoices_of(world):
    return Invoice.objects.in_workspace(world.workspace)


def run(world, kind, text, *, dry_run=False, actor=None):
    return csv_import(
        actor=actor or Actor.system(world.workspace), kind=kind, file=text, dry_run=dry_run
    )


def engagement(world, title="Refonte du site", client=None):
    return engagement_create(
        actor=Actor.system(world.workspace),
        client_id=(client or world.client).pk,
        title=title,
        value="10000",
    )


def test_clients_are_created_through_the_service_and_the_import_is_journaled(world):
    before = ledger_length(world)
    report = run(world, "clients", CLIENTS)
    assert report.ok and report.written and (report.rows, report.created) == (2, 2)
    delta = Client.objects.in_workspace(world.workspace).get(name="Menuiserie Delta")
    assert (delta.city, delta.confidentiality, delta.preferred_channel) == (
        "Lyon",
        "named",
        "email",
    )
    epsilon = Client.objects.in_workspace(world.workspace).get(name="Pharmacie Epsilon")
    assert (epsilon.language, epsilon.confidentiality) == ("en", "anonymised")
    entries = list(LedgerEntry.objects.in_workspace(world.workspace).filter(seq__gt=before))
    assert [e.action for e in entries] == ["client.created", "client.created", "csv.imported"]
    payload = entries[-1].payload
    assert payload["sha256"] == hashlib.sha256(CLIENTS.encode()).hexdigest()
    assert (payload["kind"], payload["rows"], payload["created"]) == ("clients", 2, 2)
    with translation.override("en"):
        assert "imported 2 clients from a spreadsheet" in describe(entries[-1]).sentence


def test_contacts_name_their_client(world):
    text = (
        "client,full_name,job_title,email,phone,for_decisions,for_operations,for_billing\n"
        "boulangerie alpha,Hélène Martin,Gérante,helene@alpha.test,,oui,non,x\n"
        "Garage Beta,Paul Durand,,,,,yes,\n"
    )
    report = run(world, "contacts", text)
    assert report.written and report.created == 2
    helene = Contact.objects.in_workspace(world.workspace).get(full_name="Hélène Martin")
    assert helene.client == world.client
    assert (helene.for_decisions, helene.for_operations, helene.for_billing) == (True, False, True)
    assert Contact.objects.in_workspace(world.workspace).get(full_name="Paul Durand").client == (
        world.other_client
    )


def test_invoices_name_client_and_engagement_and_may_carry_a_payment(world):
    refonte = engagement(world)
    text = (
        "client,engagement,kind,number,amount,issued_on,due_on,paid_amount,paid_on\n"
        'Boulangerie Alpha,Refonte du site,deposit,F-1,"3 000,00",02/03/2026,2026-04-01,'
        "1000,2026-03-10\n"
        "Boulangerie Alpha,refonte du site,progress,F-2,2500.50,2026-03-05,2026-04-05,,\n"
    )
    report = run(world, "invoices", text)
    assert report.ok, report.errors
    assert (report.created, report.payments) == (2, 1)
    first = Invoice.objects.in_workspace(world.workspace).get(number="F-1")
    assert (first.amount, first.issued_on, first.paid_amount) == (
        Decimal("3000.00"),
        dt.date(2026, 3, 2),
        Decimal("1000.00"),
    )
    assert Payment.objects.in_workspace(world.workspace).count() == 1
    # Every rule of the service applies: a deposit invoice on a draft asks for the deposit.
    refonte.refresh_from_db()
    assert refonte.status == EngagementStatus.AWAITING_DEPOSIT
    # Run twice, the same file bills no one twice.
    again = run(world, "invoices", text)
    assert not again.ok and {e.column for e in again.errors} == {"number"}
    assert Invoice.objects.in_workspace(world.workspace).count() == 2


def test_a_dry_run_writes_nothing_and_journals_nothing(world):
    engagement(world)
    counts = (clients_of(world).count(), invoices_of(world).count(), ledger_length(world))
    report = run(world, "clients", CLIENTS, dry_run=True)
    assert report.ok and not report.written and report.created == 2
    text = (
        "client,engagement,kind,amount,due_on\n"
        "Boulangerie Alpha,Refonte du site,deposit,10,2030-01-01\n"
    )
    assert run(world, "invoices", text, dry_run=True).created == 1
    assert (clients_of(world).count(), invoices_of(world).count(), ledger_length(world)) == counts


def test_one_bad_line_and_nothing_is_written_every_bad_line_named(world):
    counts = (clients_of(world).count(), ledger_length(world))
    text = (
        "name,city,confidentiality\n"
        "Menuiserie Delta,Lyon,\n"
        "\n"
        "Boulangerie Alpha,Paris,\n"  # line 4: the service's rule, a duplicate name
        "Pharmacie Epsilon,,secret\n"  # line 5: not a level
        ",Nice,\n"  # line 6: no name
        "Menuiserie delta,,\n"  # line 7: a duplicate of line 2, within the file
    )
    with translation.override("en"):
        report = run(world, "clients", text)
    assert not report.ok and not report.written
    assert [(e.line, e.column) for e in report.errors] == [
        (4, "name"),
        (5, "confidentiality"),
        (6, "name"),
        (7, "name"),
    ]
    assert "already exists" in report.errors[0].message
    assert (clients_of(world).count(), ledger_length(world)) == counts


def test_a_service_rule_is_reported_in_the_readers_language(world):
    text = "client,full_name,email\nBoulangerie Alpha,Hélène,not-an-email\nNobody,Jean,\n"
    with translation.override("fr"):
        report = run(world, "contacts", text)
    assert [(e.line, e.column) for e in report.errors] == [(2, "email"), (3, "client")]
    assert "adresse" in report.errors[0].message.lower()
    assert "Nobody" in report.errors[1].message
    assert not Contact.objects.in_workspace(world.workspace).exists()


def test_semicolons_a_bom_and_windows_1252_are_read(world):
    text = '\ufeffname;city;notes\r\nCafé Zêta;Besançon;"Une note; avec point-virgule"\r\n'
    report = run(world, "clients", text.encode("utf-8"))
    assert report.written, report.errors
    zeta = Client.objects.in_workspace(world.workspace).get(name="Café Zêta")
    assert (zeta.city, zeta.notes) == ("Besançon", "Une note; avec point-virgule")
    report = run(world, "clients", "name;city\r\nÉpicerie Thêta;Sète\r\n".encode("cp1252"))
    assert report.written
    assert Client.objects.in_workspace(world.workspace).filter(name="Épicerie Thêta").exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("nom,ville\nA,B\n", "csv_columns"),
        ("city\nLyon\n", "csv_columns"),
        ("name,name\nA,B\n", "csv_columns"),
        ("name\n", "csv_empty"),
        (b"name\n\x00\x81", "csv_unreadable"),
    ],
)
def test_a_file_refused_whole_says_why(world, content, code):
    with pytest.raises(InvalidInput) as refused:
        run(world, "clients", content)
    assert refused.value.code == code and "file" in refused.value.fields


def test_size_and_rows_are_bounded(world):
    with pytest.raises(InvalidInput) as refused:
        run(world, "clients", b"name\n" + b"x" * MAX_BYTES)
    assert refused.value.code == "too_large"
    many = "name\n" + "".join(f"Client {i}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(InvalidInput) as refused:
        run(world, "clients", many)
    assert refused.value.code == "csv_too_many_rows"
    assert Client.objects.in_workspace(world.workspace).count() == 2


def test_a_line_with_too_many_values_is_named(world):
    report = run(world, "clients", "name,city\nA,Lyon,extra\n")
    assert [(e.line, e.column) for e in report.errors] == [(2, "")]


def test_only_owners_and_managers_import(world):
    for kind in ("consultant", "viewer", "portal"):
        with pytest.raises(PermissionDenied):
            run(world, "clients", CLIENTS, actor=world.actor(kind))
    assert run(world, "clients", CLIENTS, actor=world.actor("manager")).written
    entry = LedgerEntry.objects.in_workspace(world.workspace).order_by("-seq").first()
    assert entry.action == "csv.imported" and entry.actor == "manager@nord.test (manager)"


@pytest.mark.parametrize("kind", ImportKind.values)
def test_the_template_is_a_file_this_import_reads(world, kind):
    # The templates' example rows name "Boulangerie Martin"; here it exists.
    run(world, "clients", "name\nBoulangerie Martin\n")
    martin = Client.objects.in_workspace(world.workspace).get(name="Boulangerie Martin")
    engagement(world, title="Refonte du site", client=martin)
    for delimiter in (",", ";"):
        report = run(world, kind, template_csv(kind, delimiter=delimiter), dry_run=True)
        if kind == "clients":
            # The example client now exists: the service's rule says so.
            assert [e.column for e in report.errors] == ["name"]
        else:
            assert report.ok, report.errors
    assert all(column.description for column in COLUMNS[kind])


def test_after_a_dry_run_the_actors_workspace_still_tells_the_ledgers_true_head(world):
    actor = Actor.system(world.workspace)
    before = (world.workspace.ledger_length, world.workspace.ledger_head)
    report = run(world, "clients", CLIENTS, dry_run=True, actor=actor)
    assert report.created == 2
    assert (actor.workspace.ledger_length, actor.workspace.ledger_head) == before


def test_a_quote_left_open_is_refused_not_swallowing_the_lines_after_it(world):
    text = 'name,notes\nAcme,"said ""hi\nBeta,\nGamma,\n'
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        run(world, "clients", text)
    assert "Line 2" in str(refused.value)
    assert not clients_of(world).filter(name__in=["Acme", "Beta", "Gamma"]).exists()


def test_old_mac_line_endings_and_a_huge_cell_are_read_or_refused_never_a_crash(world):
    report = run(world, "clients", "name,city\rMenuiserie Rho,Lyon\rPharmacie Sigma,Nice\r")
    assert report.ok and report.created == 2
    with pytest.raises(InvalidInput):
        run(world, "clients", "name," + "x" * 200_000 + "\nA,\n", dry_run=True)


def test_a_file_mixing_two_encodings_is_refused_rather_than_garbled(world):
    mixed = "name,city\nCafé Zoé,Lyon\n".encode() + "Crêperie,Orléans\n".encode("cp1252")
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        run(world, "clients", mixed, dry_run=True)
    assert "two encodings" in str(refused.value)
    plain_windows = "name,city\nCafé Zoé,Lyon\n".encode("cp1252")
    assert run(world, "clients", plain_windows, dry_run=True).created == 1
