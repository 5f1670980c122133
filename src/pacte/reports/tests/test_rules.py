"""The rules of a status report (DOMAIN §2): what it says and never says, the review that
covers the text sent, the sending recorded and journaled, who may do what."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import translation
from django.utils.formats import date_format

from pacte.assets.services import action_log, asset_create
from pacte.clients.models import Client
from pacte.clients.services import client_update
from pacte.decisions.services import recommendation_create
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry, OutboundEmail
from pacte.reports.models import ReportStatus
from pacte.reports.selectors import report_get
from pacte.reports.services import report_edit, report_review, report_send
from pacte.risks.services import risk_create

from .helpers import days_ago, designate, generate, log, running_engagement, sent_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_client(world):
    """The report is written in the client's language: these tests read the English one."""
    Client.objects.in_workspace(world.workspace).filter(pk=world.client.pk).update(language="en")


def test_the_body_says_each_section_and_nothing_this_period_when_empty(world, english_client):
    e = running_engagement(world)
    body = generate(world, e).body
    assert body.startswith("# Status report: Refonte du site")
    for title in (
        "## Our exchanges",
        "## What we did",
        "## Decisions awaiting your answer",
        "## Risks we told you about",
        "## Deadlines coming up (cancel-by dates)",
    ):
        assert title in body
    assert body.count("Nothing this period.") == 5


def test_the_body_gathers_the_period_s_records(world, english_client):
    e = running_engagement(world)
    owner = world.actor("owner")
    log(world, e, "Maquette envoyée", days_ago(3))
    asset = asset_create(
        actor=owner,
        client_id=world.client.pk,
        kind="domain",
        identifier="alpha.example",
        renewal_date=days_ago(-40),
        notice_days=10,
    )
    action_log(
        actor=owner,
        client_id=world.client.pk,
        engagement_id=e.pk,
        asset_id=asset.pk,
        what="Redirection 301 des anciennes pages",
        result="Trafic conservé",
        done_on=days_ago(4),
    )
    action_log(actor=owner, client_id=world.client.pk, what="Hors période", done_on=days_ago(90))
    recommendation_create(actor=owner, engagement_id=e.pk, title="Passer au HTTPS partout")
    body = generate(world, e).body
    assert "Maquette envoyée" in body
    assert "Redirection 301 des anciennes pages [alpha.example]: Trafic conservé" in body
    assert "Hors période" not in body
    assert "Passer au HTTPS partout" in body
    assert "alpha.example" in body.split("## Deadlines coming up")[1]


def test_unannounced_risks_never_reach_the_report(world):
    e = running_engagement(world)
    owner = world.actor("owner")
    risk_create(actor=owner, engagement_id=e.pk, description="Risque gardé pour nous")
    risk_create(
        actor=owner,
        engagement_id=e.pk,
        description="Retard de l'hébergeur",
        announced_on=days_ago(20),
    )
    body = generate(world, e).body
    assert "Retard de l'hébergeur" in body
    assert "Risque gardé pour nous" not in body


def test_the_report_is_written_in_the_client_s_language(world):
    e = running_engagement(world)
    log(world, e, "Maquette envoyée", days_ago(3))
    client_update(actor=world.actor("owner"), client_id=world.client.pk, language="fr")
    body = generate(world, e).body
    with translation.override("fr"):
        expected = translation.gettext("We reached out")
        french_day = date_format(days_ago(3), "SHORT_DATE_FORMAT")
    assert expected != "We reached out" and expected.lower() in body
    assert french_day in body
    client_update(actor=world.actor("owner"), client_id=world.client.pk, language="en")
    assert "(we reached out): Maquette envoyée" in generate(world, e).body


def test_editing_a_reviewed_report_returns_it_to_draft(world):
    e = running_engagement(world)
    report = generate(world, e)
    report_review(actor=world.actor("consultant"), report_id=report.pk)
    edited = report_edit(
        actor=world.actor("consultant"), report_id=report.pk, body="# Rapport\n\nAutre texte"
    )
    assert edited.status == ReportStatus.DRAFT and edited.reviewed_at is None
    with pytest.raises(Conflict) as refused:
        report_send(actor=world.actor("owner"), report_id=report.pk)
    assert refused.value.code == "not_reviewed"


def test_a_sent_report_never_changes(world):
    e = running_engagement(world)
    designate(world)
    report = sent_report(world, e)
    for call in (
        lambda: report_edit(actor=world.actor("owner"), report_id=report.pk, body="Autre"),
        lambda: report_review(actor=world.actor("owner"), report_id=report.pk),
        lambda: report_send(actor=world.actor("owner"), report_id=report.pk),
    ):
        with pytest.raises(Conflict) as refused:
            call()
        assert refused.value.code == "already_sent"


def test_sending_needs_a_review_and_a_designated_contact(world):
    e = running_engagement(world)
    report = generate(world, e)
    with pytest.raises(Conflict) as refused:
        report_send(actor=world.actor("owner"), report_id=report.pk)
    assert refused.value.code == "not_reviewed"
    report_review(actor=world.actor("owner"), report_id=report.pk)
    # A contact with no designation, and a designated one without an address, receive nothing.
    designate(world, email="nobody@alpha.test", name="Sans rôle", for_billing=False)
    designate(world, email="", name="Sans adresse", for_operations=True)
    with pytest.raises(Conflict) as refused:
        report_send(actor=world.actor("owner"), report_id=report.pk)
    assert refused.value.code == "no_recipient"
    assert not OutboundEmail.objects.exists()


def test_sending_emails_the_designated_contacts_and_journals_the_hash(world):
    e = running_engagement(world)
    designate(world, email="claire@alpha.test", for_decisions=True)
    designate(world, email="paul@alpha.test", name="Paul Alpha", for_billing=True)
    designate(world, email="lea@alpha.test", name="Léa Alpha", for_billing=False)
    designate(world, client=world.other_client, email="x@beta.test", for_operations=True)
    report = sent_report(world, e)
    assert report.status == ReportStatus.SENT and report.sent_at is not None
    digest = hashlib.sha256(report.body.encode("utf-8")).hexdigest()
    assert report.sent_sha256 == digest
    assert sorted(report.recipients) == ["claire@alpha.test", "paul@alpha.test"]
    emails = {m.to: m for m in OutboundEmail.objects.all()}
    assert sorted(emails) == ["claire@alpha.test", "paul@alpha.test"]
    message = emails["claire@alpha.test"]
    assert message.text == report.body and "Refonte du site" in message.subject
    assert f"/portal/reports/{report.pk}/" in message.html
    entry = LedgerEntry.objects.filter(workspace=world.workspace, action="status_report.sent").get()
    assert entry.payload["sha256"] == digest
    assert sorted(entry.payload["recipients"]) == ["claire@alpha.test", "paul@alpha.test"]
    assert (
        LedgerEntry.objects.filter(
            workspace=world.workspace,
            action__in=["status_report.generated", "status_report.reviewed"],
        ).count()
        == 2
    )


def test_who_may_do_what(world):
    e = running_engagement(world)
    designate(world)
    with pytest.raises(PermissionDenied):
        generate(world, e, actor="viewer")
    report = generate(world, e)
    with pytest.raises(PermissionDenied):
        report_review(actor=world.actor("viewer"), report_id=report.pk)
    report_review(actor=world.actor("consultant"), report_id=report.pk)
    for kind in ("viewer", "consultant", "portal"):
        with pytest.raises(PermissionDenied):
            report_send(actor=world.actor(kind), report_id=report.pk)
    report_send(actor=world.actor("manager"), report_id=report.pk)


def test_another_workspace_or_client_does_not_find_it(world):
    e = running_engagement(world)
    draft = generate(world, e)
    with pytest.raises(NotFound):
        report_get(actor=world.actor("other_workspace"), report_id=draft.pk)
    with pytest.raises(NotFound):
        report_get(actor=world.actor("portal"), report_id=draft.pk)


def test_an_empty_text_is_refused(world):
    report = generate(world, running_engagement(world))
    with pytest.raises(InvalidInput):
        report_edit(actor=world.actor("owner"), report_id=report.pk, body="   ")
    assert report_get(actor=world.actor("owner"), report_id=report.pk).body == report.body
