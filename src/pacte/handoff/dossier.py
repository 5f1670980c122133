"""The handoff dossier (DOMAIN §6): everything the client needs to take back control at the
end of an engagement — the handoff plan and its SLA, the asset sheet, the action log
(R-OWN 11) and the decisions still open — as a printable page and a zip of office files.

Every read goes through the actor's scope: a dossier shows only what the actor may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pacte.assets.exports import (
    ACTION_LOG_HEADERS,
    ASSET_SHEET_HEADERS,
    action_log_rows,
    asset_dates,
    asset_sheet_rows,
)
from pacte.assets.selectors import action_log_list, asset_list
from pacte.billing.settlement import FORMULA, Settlement, engagement_settlement
from pacte.decisions.models import RecommendationStatus
from pacte.decisions.selectors import recommendation_list
from pacte.kernel.office import headers, to_csv, to_ods, to_xlsx, to_zip
from pacte.kernel.permissions import Perm
from pacte.kernel.tenancy import Actor

from .models import HandoffPlan, HandoffStep, StepStatus
from .selectors import handoff_for

OPEN_DECISION_STATUSES = (RecommendationStatus.OPEN, RecommendationStatus.DEFERRED)

OPEN_DECISIONS_HEADERS = (
    gettext_lazy("Recommendation"),
    gettext_lazy("Made on"),
    gettext_lazy("Why"),
    gettext_lazy("Risk if not followed"),
    gettext_lazy("Status"),
)
HANDOFF_PLAN_HEADERS = (
    gettext_lazy("Asset"),
    gettext_lazy("Step"),
    gettext_lazy("Who does it"),
    gettext_lazy("Due on"),
    gettext_lazy("Status"),
    gettext_lazy("Done on"),
    gettext_lazy("Notes"),
)
SETTLEMENT_HEADERS = (
    gettext_lazy("Line"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
)
HANDOFF_SUMMARY_HEADERS = (
    gettext_lazy("Client"),
    gettext_lazy("Engagement"),
    gettext_lazy("Handoff requested on"),
    gettext_lazy("Handover call within (working days)"),
    gettext_lazy("Handover call due by"),
    gettext_lazy("Handover call held on"),
    gettext_lazy("Handover call"),
    gettext_lazy("Steps"),
    gettext_lazy("Steps not done"),
)


class CallStatus:
    """Where the handover call stands against the handoff SLA."""

    HELD_ON_TIME = "held_on_time"
    HELD_LATE = "held_late"
    LATE = "late"  # not held, and the due date has passed
    PENDING = "pending"  # not held yet, still on time

    LABELS = {
        HELD_ON_TIME: gettext_lazy("held on time"),
        HELD_LATE: gettext_lazy("held late"),
        LATE: gettext_lazy("late: not held by the due date"),
        PENDING: gettext_lazy("to hold by the due date"),
    }


def call_status(plan: HandoffPlan, today: dt.date) -> str:
    if plan.call_held_on:
        late = plan.call_held_on > plan.call_due_on
        return CallStatus.HELD_LATE if late else CallStatus.HELD_ON_TIME
    return CallStatus.LATE if today > plan.call_due_on else CallStatus.PENDING


@dataclass
class AssetLine:
    """An asset with its R-DEADLINE dates, for the printable page."""

    asset: object
    renewal: dt.date | None
    cancel_by: dt.date | None


@dataclass
class Dossier:
    engagement: object
    client: object
    plan: HandoffPlan | None
    steps: list[HandoffStep]
    assets: list
    actions: list
    open_decisions: list
    today: dt.date
    # The final settlement (solde de tout compte, DOMAIN §3): None for an actor who may not
    # see billing.
    settlement: Settlement | None = None

    @property
    def settlement_formula(self) -> str:
        return str(FORMULA)

    @property
    def call_status(self) -> str:
        return call_status(self.plan, self.today) if self.plan else ""

    @property
    def call_status_label(self) -> str:
        return str(CallStatus.LABELS[self.call_status]) if self.plan else ""

    @property
    def call_late(self) -> bool:
        """The SLA is breached: the call was not held by its due date."""
        return self.call_status in (CallStatus.LATE, CallStatus.HELD_LATE)

    @property
    def steps_not_done(self) -> int:
        return sum(1 for step in self.steps if step.status != StepStatus.DONE)

    @cached_property
    def asset_lines(self) -> list[AssetLine]:
        return [AssetLine(a, *asset_dates(a, self.today)) for a in self.assets]


def dossier_get(*, actor: Actor, engagement, today: dt.date | None = None) -> Dossier:
    """Everything of the dossier, read as `actor`, in a fixed number of queries whatever the
    number of assets, steps, actions or decisions. `engagement` comes from `engagement_get`
    (its client joined)."""
    actor.require(Perm.CLIENT_VIEW)
    today = today or timezone.localdate()
    client = engagement.client
    handoff = handoff_for(actor=actor, engagement=engagement, today=today)
    return Dossier(
        engagement=engagement,
        client=client,
        plan=handoff.plan,
        steps=handoff.steps,
        assets=list(asset_list(actor=actor, client=client)),
        actions=list(action_log_list(actor=actor, client=client).select_related("client")),
        # A client's contact without the decisions right (DOMAIN §9) gets the rest.
        open_decisions=list(
            recommendation_list(actor=actor, engagement=engagement).filter(
                status__in=OPEN_DECISION_STATUSES
            )
        )
        if actor.can(Perm.DECISION_VIEW)
        else [],
        today=today,
        settlement=engagement_settlement(actor=actor, engagement=engagement)
        if actor.can(Perm.BILLING_VIEW)
        else None,
    )


def settlement_rows(settlement: Settlement | None) -> list[list]:
    """The final settlement, a line per figure, the balance last (the formula's order)."""
    if settlement is None:
        return []
    lines = [
        (_("Invoiced"), settlement.invoiced),
        (_("Paid"), settlement.paid),
        (_("of which deposit held"), settlement.deposit_held),
        (_("Time logged and not invoiced"), settlement.unbilled_time),
        (_("Changes accepted and not billed"), settlement.unbilled_changes),
        (_("Changes absorbed (shown, never due)"), settlement.absorbed),
        (_("Written off"), settlement.written_off_counted),
        (
            _("Written off before the final-balance invoice, deducted from it"),
            settlement.written_off_deducted,
        ),
        (_("Refunded or credited"), settlement.refunded),
        (_("Balance"), settlement.balance),
    ]
    return [[label, money.amount, money.currency] for label, money in lines]


def open_decision_rows(recommendations) -> list[list]:
    return [
        [r.title, r.made_on, r.rationale, r.risk_if_not_followed, r.get_status_display()]
        for r in recommendations
    ]


def handoff_plan_rows(steps) -> list[list]:
    return [
        [
            str(step.asset) if step.asset_id else "",
            step.get_kind_display(),
            step.owner,
            step.due_on,
            step.get_status_display(),
            step.done_on,
            step.notes,
        ]
        for step in steps
    ]


def handoff_summary_rows(dossier: Dossier) -> list[list]:
    plan = dossier.plan
    if plan is None:
        return [
            [
                dossier.client.name,
                dossier.engagement.title,
                None,
                None,
                None,
                None,
                _("no handoff plan yet"),
                0,
                0,
            ]
        ]
    return [
        [
            dossier.client.name,
            dossier.engagement.title,
            plan.requested_on,
            plan.sla_working_days,
            plan.call_due_on,
            plan.call_held_on,
            dossier.call_status_label,
            len(dossier.steps),
            dossier.steps_not_done,
        ]
    ]


README = """\
Dossier de restitution — Handoff dossier
========================================

Client : {client}
Mission / Engagement : {engagement}
Généré le / Generated on : {today}


FRANÇAIS

Ce dossier rassemble ce qu'il vous faut pour garder la maîtrise de vos actifs numériques
à la fin de la mission : qui possède quoi, qui y a accès, ce qui a été fait et ce qui
reste à décider.

  asset-sheet.csv, asset-sheet.xlsx, asset-sheet.ods
      Le registre de vos actifs (noms de domaine, hébergement, code, licences, sauvegardes,
      comptes publicitaires, outils en ligne…) : propriétaire légal, qui paie, qui détient
      l'accès administrateur, où se trouvent les accès, échéances de renouvellement et date
      limite de résiliation (renouvellement − préavis).
  action-log.csv, action-log.xlsx, action-log.ods
      Le journal des actions menées pour vous : quoi, sur quel actif, pourquoi, avec quel
      résultat, par qui et quand.
  open-decisions.csv
      Les recommandations encore en attente de votre décision ou reportées.
  handoff-plan.csv
      Le plan de passation : pour chaque actif, les étapes (transfert de propriété, accès
      administrateur, révocation de nos accès, changement des mots de passe, remise des
      sauvegardes, coupure de l'alias e-mail), qui s'en charge, l'échéance et l'état.
  settlement.csv
      Le solde de tout compte : facturé, payé, acompte détenu, temps et demandes de
      modification non facturés, abandons de créance, remboursements et solde dû, dans un
      sens ou dans l'autre (positif : vous nous devez ; négatif : nous vous devons).
  handoff-summary.csv
      La date de demande de passation, l'échéance et la date de l'appel de passation
      technique, et le nombre d'étapes restantes.

Aucun mot de passe ne figure dans ce dossier : la colonne « où se trouvent les accès »
indique seulement où ils sont conservés (par exemple votre gestionnaire de mots de passe).
Les fichiers CSV sont en UTF-8, séparés par des virgules, dates au format AAAA-MM-JJ ;
ils s'ouvrent dans LibreOffice, Excel ou tout tableur. Les fichiers .ods sont au format
ouvert OpenDocument.


ENGLISH

This dossier holds what you need to stay in control of your digital assets at the end of
the engagement: who owns what, who has access, what was done and what is left to decide.

  asset-sheet.csv, asset-sheet.xlsx, asset-sheet.ods
      The register of your assets (domain names, hosting, code, licences, backups,
      advertising accounts, online tools…): legal owner, who pays, who holds admin access,
      where the credentials live, renewal dates and the cancel-by date (renewal − notice).
  action-log.csv, action-log.xlsx, action-log.ods
      The log of the actions taken for you: what, on which asset, why, with what result,
      by whom and when.
  open-decisions.csv
      The recommendations still awaiting your decision, or deferred.
  handoff-plan.csv
      The handoff plan: for each asset, the steps (transfer of ownership, admin access,
      revoking our access, changing the credentials, handing over backups, cutting the
      email alias), who does it, the due date and the status.
  settlement.csv
      The final settlement: invoiced, paid, deposit held, time and change requests not
      invoiced, write-offs, refunds, and the balance due either way (positive: you owe us;
      negative: we owe you).
  handoff-summary.csv
      When the handoff was requested, when the technical handover call is due and when it
      was held, and how many steps are left.

No password is in this dossier: the "where the credentials live" column only says where
they are kept (for instance your password manager). CSV files are UTF-8, comma-separated,
with dates as YYYY-MM-DD; they open in LibreOffice, Excel or any spreadsheet. The .ods
files use the open OpenDocument format.
"""


def dossier_files(dossier: Dossier) -> dict[str, bytes]:
    """The dossier's files by name, in the order they go into the zip."""
    asset_headers = headers(ASSET_SHEET_HEADERS)
    assets = asset_sheet_rows(dossier.assets, today=dossier.today)
    log_headers = headers(ACTION_LOG_HEADERS)
    actions = action_log_rows(dossier.actions)
    assets_title, log_title = _("Assets"), _("Action log")
    readme = README.format(
        client=dossier.client.name,
        engagement=dossier.engagement.title,
        today=dossier.today.isoformat(),
    )
    return {
        "README.txt": readme.encode("utf-8"),
        "asset-sheet.csv": to_csv(asset_headers, assets),
        "asset-sheet.xlsx": to_xlsx(assets_title, asset_headers, assets),
        "asset-sheet.ods": to_ods(assets_title, asset_headers, assets),
        "action-log.csv": to_csv(log_headers, actions),
        "action-log.xlsx": to_xlsx(log_title, log_headers, actions),
        "action-log.ods": to_ods(log_title, log_headers, actions),
        "open-decisions.csv": to_csv(
            headers(OPEN_DECISIONS_HEADERS), open_decision_rows(dossier.open_decisions)
        ),
        "handoff-plan.csv": to_csv(headers(HANDOFF_PLAN_HEADERS), handoff_plan_rows(dossier.steps)),
        "handoff-summary.csv": to_csv(
            headers(HANDOFF_SUMMARY_HEADERS), handoff_summary_rows(dossier)
        ),
        "settlement.csv": to_csv(headers(SETTLEMENT_HEADERS), settlement_rows(dossier.settlement)),
    }


def dossier_zip(*, actor: Actor, engagement, today: dt.date | None = None) -> bytes:
    """The handoff dossier as a zip of open office files and a bilingual README."""
    dossier = dossier_get(actor=actor, engagement=engagement, today=today)
    return to_zip(dossier_files(dossier))
