"""R-OWN 11: the action log and the asset sheet export as spreadsheets that open in
LibreOffice and Excel — read back here with real readers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.utils import timezone, translation

from pacte.assets.exports import (
    ACTION_LOG_HEADERS,
    ASSET_SHEET_HEADERS,
    action_log_rows,
    asset_sheet_rows,
)
from pacte.assets.selectors import action_log_list, asset_list
from pacte.assets.services import action_log, asset_create
from pacte.clients.services import client_create
from pacte.engagements.services import engagement_create
from pacte.kernel.office import headers, to_csv, to_ods, to_xlsx
from pacte.testing import MEMBERS_ONLY, check_page_as_each_actor

from .office import csv_rows, ods_cells, ods_sheet_name, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db


CREDENTIALS = "Gestionnaire de mots de passe du client, entrée « Hébergement »"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


@pytest.fixture
def registry(world):
    """A client with a domain, a hosting contract and three documented actions."""
    owner = world.actor("owner")
    today = timezone.localdate()
    domain = asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="domain",
        identifier="boulangerie-alpha.fr",
        vendor="Gandi",
        legal_owner="us",
        payer="us",
        we_have_admin=True,
        credentials_reference=CREDENTIALS,
        renewal_date=today + dt.timedelta(days=60),
        renewal_period="yearly",
        auto_renew=True,
        notice_days=30,
        cost="12.50",
        currency="EUR",
        last_verified_on=today - dt.timedelta(days=3),
    )
    hosting = asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="hosting",
        identifier="VPS Crème brûlée",
        vendor="OVH",
        client_has_admin=True,
    )
    engagement = engagement_create(
        actor=owner, client_id=world.client.pk, title="Référencement", value="2000.00"
    )
    action_log(
        actor=owner,
        client_id=world.client.pk,
        what="Renouvellement du domaine",
        why="Échéance, éviter l'expiration",
        result="Renouvelé, 1 an",
        asset_id=domain.pk,
        engagement_id=engagement.pk,
        done_on=today - dt.timedelta(days=10),
    )
    action_log(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        what='Ajout d\'un enregistrement "SPF", puis vérification',
        why="Délivrabilité des e-mails\nDeuxième ligne",
        result="=SUM(A1:A2)",
        asset_id=hosting.pk,
        done_on=today - dt.timedelta(days=5),
    )
    action_log(actor=owner, client_id=world.client.pk, what="Audit SEO initial")
    return {"domain": domain, "hosting": hosting, "engagement": engagement, "today": today}


def log_rows(world):
    return action_log_rows(action_log_list(actor=world.actor("owner"), client=world.client))


def sheet_rows(world):
    return asset_sheet_rows(asset_list(actor=world.actor("owner"), client=world.client))


# The rows.


def test_action_log_rows_follow_the_headers(world, registry):
    rows = log_rows(world)
    assert headers(ACTION_LOG_HEADERS) == [
        "Date",
        "Client",
        "Asset",
        "Engagement",
        "What was done",
        "Why",
        "Result",
        "Author",
    ]
    assert [row[4] for row in rows] == [
        "Audit SEO initial",
        'Ajout d\'un enregistrement "SPF", puis vérification',
        "Renouvellement du domaine",
    ]
    renewal = rows[2]
    assert renewal == [
        registry["today"] - dt.timedelta(days=10),
        "Boulangerie Alpha",
        "Domain name boulangerie-alpha.fr",
        "Référencement",
        "Renouvellement du domaine",
        "Échéance, éviter l'expiration",
        "Renouvelé, 1 an",
        "Olivia Owner",
    ]
    assert rows[1][7] == "Consultant" and rows[0][2] == rows[0][3] == ""


def test_asset_sheet_rows_carry_r_deadline_dates(world, registry):
    rows = sheet_rows(world)
    assert len(headers(ASSET_SHEET_HEADERS)) == len(rows[0]) == 18
    domain = next(row for row in rows if row[1] == "boulangerie-alpha.fr")
    today = registry["today"]
    assert domain[:10] == [
        "Domain name",
        "boulangerie-alpha.fr",
        "Gandi",
        "Us",
        "",
        "Us",
        "no",
        "yes",
        "",
        CREDENTIALS,
    ]
    assert domain[10:] == [
        today + dt.timedelta(days=60),
        "Yearly",
        "yes",
        30,
        today + dt.timedelta(days=30),
        Decimal("12.50"),
        "EUR",
        today - dt.timedelta(days=3),
    ]
    hosting = next(row for row in rows if row[1] == "VPS Crème brûlée")
    assert hosting[10] is None and hosting[14] is None and hosting[15] is None


def test_a_tacit_renewal_rolls_forward_and_a_lapsed_one_has_nothing_to_cancel(world):
    owner = world.actor("owner")
    for identifier, auto in (("tacite.fr", True), ("echu.fr", False)):
        asset_create(
            actor=owner,
            client_id=world.client.pk,
            kind="domain",
            identifier=identifier,
            renewal_date="2024-03-31",
            renewal_period="yearly",
            auto_renew=auto,
            notice_days=60,
        )
    assets = asset_list(actor=owner, client=world.client)
    rows = {row[1]: row for row in asset_sheet_rows(assets, today=dt.date(2026, 5, 1))}
    assert rows["tacite.fr"][10] == dt.date(2027, 3, 31)
    assert rows["tacite.fr"][14] == dt.date(2027, 1, 30)
    assert rows["echu.fr"][10] == dt.date(2024, 3, 31)
    assert rows["echu.fr"][14] is None


# The writers, read back.


def test_csv_has_a_bom_quotes_what_needs_it_and_defuses_formulas(world, registry):
    content = to_csv(headers(ACTION_LOG_HEADERS), log_rows(world))
    assert content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in content and b";" not in content
    rows = csv_rows(content)
    assert rows[0] == headers(ACTION_LOG_HEADERS)
    assert len(rows) == 4
    spf = rows[2]
    assert spf[4] == 'Ajout d\'un enregistrement "SPF", puis vérification'
    assert spf[5] == "Délivrabilité des e-mails\nDeuxième ligne"
    # A spreadsheet opening the CSV must not run what a person typed as a formula.
    assert spf[6] == "'=SUM(A1:A2)"
    assert rows[3][0] == (registry["today"] - dt.timedelta(days=10)).isoformat()


def test_csv_writes_amounts_with_a_decimal_point(world, registry):
    rows = csv_rows(to_csv(headers(ASSET_SHEET_HEADERS), sheet_rows(world)))
    domain = next(row for row in rows if row[1] == "boulangerie-alpha.fr")
    assert domain[15] == "12.50" and domain[13] == "30"
    assert domain[9] == CREDENTIALS


def test_xlsx_has_real_dates_and_numbers_and_a_frozen_bold_header(world, registry):
    content = to_xlsx("Assets", headers(ASSET_SHEET_HEADERS), sheet_rows(world))
    sheet = xlsx_sheet(content)
    assert sheet.title == "Assets"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["J"].width > sheet.column_dimensions["A"].width
    rows = xlsx_rows(content)
    assert list(rows[0]) == headers(ASSET_SHEET_HEADERS)
    domain = next(row for row in rows if row[1] == "boulangerie-alpha.fr")
    renewal = registry["today"] + dt.timedelta(days=60)
    assert isinstance(domain[10], dt.datetime) and domain[10].date() == renewal
    assert sheet.cell(row=rows.index(domain) + 1, column=11).number_format == "yyyy-mm-dd"
    assert isinstance(domain[15], float | int) and domain[15] == 12.5
    assert domain[13] == 30
    assert domain[9] == CREDENTIALS
    hosting = next(row for row in rows if row[1] == "VPS Crème brûlée")
    assert hosting[15] is None


def test_xlsx_keeps_text_as_text_even_when_it_looks_like_a_formula(world, registry):
    content = to_xlsx("Action log", headers(ACTION_LOG_HEADERS), log_rows(world))
    sheet = xlsx_sheet(content)
    result = sheet.cell(row=3, column=7)
    assert result.value == "=SUM(A1:A2)" and result.data_type == "s"
    assert sheet.cell(row=3, column=6).value == "Délivrabilité des e-mails\nDeuxième ligne"
    assert isinstance(sheet.cell(row=2, column=1).value, dt.datetime)


def test_ods_cells_are_typed_date_and_float(world, registry):
    content = to_ods("Assets", headers(ASSET_SHEET_HEADERS), sheet_rows(world))
    assert ods_sheet_name(content) == "Assets"
    rows = ods_cells(content)
    assert [value for _kind, value in rows[0]] == headers(ASSET_SHEET_HEADERS)
    domain = next(row for row in rows if row[1] == ("string", "boulangerie-alpha.fr"))
    today = registry["today"]
    assert domain[10] == ("date", today + dt.timedelta(days=60))
    assert domain[14] == ("date", today + dt.timedelta(days=30))
    assert domain[15] == ("float", Decimal("12.50"))
    assert domain[13] == ("float", Decimal("30"))
    assert domain[9] == ("string", CREDENTIALS)
    hosting = next(row for row in rows if row[1] == ("string", "VPS Crème brûlée"))
    assert hosting[15] == ("", None)


def test_ods_keeps_lines_and_accents_of_the_action_log(world, registry):
    rows = ods_cells(to_ods("Journal : actions", headers(ACTION_LOG_HEADERS), log_rows(world)))
    assert rows[2][5] == ("string", "Délivrabilité des e-mails\nDeuxième ligne")
    assert rows[2][6] == ("string", "=SUM(A1:A2)")
    assert rows[3][0] == ("date", registry["today"] - dt.timedelta(days=10))


def test_writers_accept_an_empty_sheet(world):
    title = headers(ACTION_LOG_HEADERS)
    assert csv_rows(to_csv(title, [])) == [title]
    assert xlsx_rows(to_xlsx("Action log", title, [])) == [title]
    assert len(ods_cells(to_ods("Action log", title, []))) == 1


# The download pages.


@pytest.mark.parametrize(
    "path", ["action-log.csv", "action-log.xlsx", "action-log.ods", "assets.csv", "assets.xlsx"]
)
def test_export_pages_as_each_actor(world, registry, path):
    responses = check_page_as_each_actor(world, f"/clients/{world.client.pk}/{path}", MEMBERS_ONLY)
    response = responses["viewer"]
    today = timezone.localdate().isoformat()
    stem, ext = path.split(".")
    assert response["Content-Disposition"] == (
        f'attachment; filename="boulangerie-alpha-{stem}-{today}.{ext}"'
    )


def test_action_log_downloads_read_back(world, registry):
    http = browser(world)
    base = f"/clients/{world.client.pk}/action-log"
    csv_content = http.get(f"{base}.csv")
    assert csv_content["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(csv_content.content)[0][4] == "What was done"
    xlsx = http.get(f"{base}.xlsx")
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    rows = xlsx_rows(xlsx.content)
    assert rows[0][0] == "Date" and rows[3][1] == "Boulangerie Alpha"
    assert isinstance(rows[3][0], dt.datetime)
    ods = http.get(f"{base}.ods")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert ods_cells(ods.content)[3][4] == ("string", "Renouvellement du domaine")


def test_asset_sheet_download_reads_back(world, registry):
    rows = xlsx_rows(browser(world).get(f"/clients/{world.client.pk}/assets.xlsx").content)
    domain = next(row for row in rows if row[1] == "boulangerie-alpha.fr")
    assert domain[15] == 12.5 and isinstance(domain[14], dt.datetime)


def test_exports_hold_only_the_clients_own_rows(world, registry):
    action_log(actor=world.actor("owner"), client_id=world.other_client.pk, what="Autre client")
    rows = csv_rows(browser(world).get(f"/clients/{world.client.pk}/action-log.csv").content)
    assert "Autre client" not in {row[4] for row in rows}
    other = csv_rows(browser(world).get(f"/clients/{world.other_client.pk}/action-log.csv").content)
    assert [row[4] for row in other[1:]] == ["Autre client"]


def test_other_workspace_clients_and_unknown_formats_are_not_found(world, registry):
    http = browser(world)
    assert http.get(f"/clients/{world.foreign_client.pk}/action-log.csv").status_code == 404
    assert http.get(f"/clients/{world.foreign_client.pk}/assets.xlsx").status_code == 404
    assert http.get(f"/clients/{world.client.pk}/action-log.pdf").status_code == 404
    assert http.get(f"/clients/{world.client.pk}/assets.ods").status_code == 404
    assert http.get("/clients/999999/action-log.csv").status_code == 404


def test_a_name_without_latin_letters_still_gives_a_file_name(world):
    client = client_create(actor=world.actor("owner"), name="東京")
    response = browser(world).get(f"/clients/{client.pk}/assets.csv")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="client-{client.pk}-assets-{today}.csv"'
    )
