"""One client's three years with the firm, as rows and ledger events, generated in memory.

Every row is what the services would have written (read src/pacte/*/services.py): an active
engagement had its deposit invoiced and paid before activation (R-DEPOSIT); an invoice's
`paid_amount` / `paid_in_full_on` follow its payments; a recommendation's status follows the
client's latest decision (R-NO); an occurred risk points to the situation put to the client;
a closed engagement has its handoff plan with every step done; time entries fall while their
engagement was active. Every journaled write of those services becomes a ledger event with the
same action and payload, dated on the day of the fact. Exchanges, time entries and the action
log are not journaled by their services, so they have no event either.

The generator is seeded per client index, so client #1 has the same story in the workspace of
30 clients and in the one of 2,000: only the number of clients differs between the two.
Primary keys are allocated here (`Ids`), so a whole client is built in one pass and inserted
with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from _scale_common import Shape
from django.utils.translation import gettext as _

from pacte.assets.models import ActionLogEntry, Asset, AssetKind, Licence, Party, RenewalPeriod
from pacte.billing.models import Invoice, InvoiceKind, Payment
from pacte.clients.models import Channel, Client, Contact, DecisionStyle, ReportFrequency
from pacte.decisions.models import Decision, Recommendation, RecommendationStatus
from pacte.engagements.models import (
    ChangeRequest,
    ChangeRequestStatus,
    Engagement,
    EngagementKind,
    EngagementStatus,
    TimeEntry,
)
from pacte.exchanges.models import Direction, Exchange
from pacte.handoff.models import HandoffPlan, HandoffStep, StepKind, StepStatus
from pacte.handoff.services import _steps_for, add_working_days
from pacte.kernel.ledger import _jsonable
from pacte.kernel.money import Money
from pacte.risks.models import Level, Risk, RiskStatus

S = EngagementStatus
# Ten engagements per client: six active, one on hold, one awaiting its deposit, one closed
# (handed over), one draft. Fewer engagements take the pattern's first ones.
STATUS_PATTERN = (
    S.ACTIVE,
    S.ACTIVE,
    S.ON_HOLD,
    S.ACTIVE,
    S.AWAITING_DEPOSIT,
    S.ACTIVE,
    S.CLOSED,
    S.ACTIVE,
    S.DRAFT,
    S.ACTIVE,
)
STARTED = (S.ACTIVE, S.ON_HOLD, S.CLOSED)
HISTORY_DAYS = 3 * 365
# Models in the order their rows are inserted (foreign keys first).
MODELS = (
    Client,
    Contact,
    Engagement,
    Asset,
    Invoice,
    Payment,
    Recommendation,
    Decision,
    Risk,
    ChangeRequest,
    TimeEntry,
    Exchange,
    ActionLogEntry,
    HandoffPlan,
    HandoffStep,
)
COMPANIES = ("Boulangerie", "Garage", "Cabinet", "Atelier", "Librairie", "Hôtel", "Studio")
SURNAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy")
FIRST_NAMES = ("Hélène", "Karim", "Sophie", "Julien", "Amina", "Louis", "Chloé", "Marc")
CITIES = ("Lyon", "Paris", "Annecy", "Montréal", "Nantes", "Lille", "Grenoble")
TITLES = ("Refonte du site", "Boutique en ligne", "Maintenance", "Migration", "Audit", "Appli")
CONTROL = ("legal_owner", "payer", "client_has_admin", "we_have_admin", "licence")


class Ids:
    """The next primary key of each model: the database is fresh, so the builder chooses."""

    def __init__(self, start: dict):
        self._next = dict(start)

    def __call__(self, model) -> int:
        pk = self._next[model]
        self._next[model] = pk + 1
        return pk


@dataclass
class Context:
    workspace_id: int
    workspace_name: str
    owner_id: int
    actor_label: str
    today: dt.date
    shape: Shape
    seed: int
    asset_hook: object = None  # fills the Asset's denormalised columns (see _scale_build)

    @property
    def first_day(self) -> dt.date:
        return self.today - dt.timedelta(days=HISTORY_DAYS)

    @property
    def last_day(self) -> dt.date:
        # Journaled facts end yesterday: today's entries come from the services themselves.
        return self.today - dt.timedelta(days=1)


@dataclass
class Event:
    """A ledger entry to be: sorted by (day, client, order of the story), then chained."""

    day: dt.date
    client_index: int
    order: int
    action: str
    subject_type: str
    subject_id: str
    payload: dict

    def key(self):
        return (self.day, self.client_index, self.order)


@dataclass
class Story:
    rows: dict = field(default_factory=lambda: {model: [] for model in MODELS})
    events: list[Event] = field(default_factory=list)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)


class ClientStory:
    """The story of client number `index`; `build()` returns its rows and events."""

    def __init__(self, index: int, ctx: Context, ids: Ids):
        self.index = index
        self.ctx = ctx
        self.ids = ids
        self.rng = random.Random(f"pacte-scale:{ctx.seed}:{index}")
        self.story = Story()
        self.order = 0
        self.last_day = ctx.last_day
        self.since = self.day_between(
            ctx.first_day + dt.timedelta(days=2), ctx.today - dt.timedelta(days=200)
        )

    # Helpers -----------------------------------------------------------------------------

    def day_between(self, low: dt.date, high: dt.date) -> dt.date:
        if high <= low:
            return low
        return low + dt.timedelta(days=self.rng.randint(0, (high - low).days))

    def add(self, obj):
        self.story.rows[type(obj)].append(obj)
        return obj

    def new(self, model, **values):
        """A row of `model` in the workspace with its primary key chosen now."""
        return self.add(model(pk=self.ids(model), workspace_id=self.ctx.workspace_id, **values))

    def journal(self, day: dt.date, action: str, subject, payload: dict) -> Event:
        """What `ledger.append` records for this write (the event stays mutable until the
        chain is built)."""
        self.order += 1
        event = Event(
            min(day, self.last_day),
            self.index,
            self.order,
            action,
            subject._meta.label_lower,
            str(subject.pk),
            _jsonable(payload),
        )
        self.story.events.append(event)
        return event

    # The story ---------------------------------------------------------------------------

    def build(self) -> Story:
        self.client_and_contacts()
        self.assets()
        for k in range(self.ctx.shape.engagements):
            self.engagement(k)
        self.invoices()
        self.recommendations()
        self.risks()
        self.change_requests()
        self.time_entries()
        self.handoffs()
        self.exchanges()
        self.action_log()
        self.pad_ledger()
        return self.story

    def client_and_contacts(self) -> None:
        rng = self.rng
        name = f"{rng.choice(COMPANIES)} {rng.choice(SURNAMES)} {self.index:05d}"
        self.client = self.new(
            Client,
            name=name,
            city=rng.choice(CITIES),
            preferred_channel=rng.choice(Channel.values),
            report_frequency=rng.choice(ReportFrequency.values),
            language=rng.choice(["fr", "fr", "en"]),
            decision_style=rng.choice(DecisionStyle.values),
            expectations="Des nouvelles chaque semaine, par écrit.",
            created_at=noon(self.since),
        )
        self.journal(self.since, "client.created", self.client, {"name": name})
        self.contacts = []
        for k in range(self.ctx.shape.contacts):
            full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            contact = self.new(
                Contact,
                client=self.client,
                full_name=full_name,
                job_title=rng.choice(["Gérante", "Directeur", "Comptable", "Chef de projet"]),
                email=f"contact{k}.{self.index}@client.example",
                for_decisions=k % 3 == 0,
                for_operations=k % 3 == 1,
                for_billing=k % 3 == 2,
            )
            self.contacts.append(contact)
            self.journal(
                self.since,
                "contact.added",
                contact,
                {
                    "client": name,
                    "name": full_name,
                    "decisions": contact.for_decisions,
                    "operations": contact.for_operations,
                    "billing": contact.for_billing,
                },
            )
        self.decider = self.contacts[0].full_name

    def assets(self) -> None:
        rng, today = self.rng, self.ctx.today
        kinds = AssetKind.values
        self.asset_list = []
        self.registered = {}  # asset pk -> the day it was registered
        self.registration = {}  # asset pk -> its `asset.registered` event
        for k in range(self.ctx.shape.assets):
            kind = kinds[k % len(kinds)]
            owner = rng.choices([Party.CLIENT, Party.US, Party.THIRD_PARTY], [75, 15, 10])[0]
            period = rng.choices(RenewalPeriod.values, [25, 60, 15])[0]  # monthly, yearly, once
            day = self.day_between(self.since, self.last_day)
            asset = self.new(
                Asset,
                client=self.client,
                kind=kind,
                identifier=f"{kind}-{self.index}-{k:03d}"
                if kind != AssetKind.DOMAIN
                else f"client{self.index}-{k}.fr",
                vendor=rng.choice(["OVH", "Gandi", "GitHub", "Google", "Brevo", "Scaleway"]),
                legal_owner=owner,
                third_party_name="Agence précédente" if owner == Party.THIRD_PARTY else "",
                payer=rng.choice([Party.CLIENT, Party.CLIENT, Party.US]),
                client_has_admin=rng.random() < 0.8,
                we_have_admin=rng.random() < 0.5,
                licence=Licence.CLIENT_NAME if kind == AssetKind.SOFTWARE_LICENCE else "",
                credentials_reference=f"Gestionnaire de mots de passe du client, entrée {kind}",
                renewal_date=today + dt.timedelta(days=rng.randint(-400, 400))
                if rng.random() < 0.7
                else None,
                renewal_period=period,
                auto_renew=rng.random() < 0.6,
                notice_days=rng.choice([0, 15, 30, 60, 90]),
                cost=Decimal(rng.randint(1, 300)),
                last_verified_on=day if rng.random() < 0.3 else None,
                created_at=noon(day),
            )
            if self.ctx.asset_hook is not None:
                self.ctx.asset_hook(asset)
            self.asset_list.append(asset)
            self.registered[asset.pk] = day
            self.registration[asset.pk] = self.journal(
                day,
                "asset.registered",
                asset,
                {
                    "client": self.client.name,
                    "kind": asset.kind,
                    "identifier": asset.identifier,
                    "legal_owner": asset.legal_owner,
                    "client_has_admin": asset.client_has_admin,
                    "we_have_admin": asset.we_have_admin,
                },
            )

    def engagement(self, k: int) -> None:
        rng, today = self.rng, self.ctx.today
        status = STATUS_PATTERN[k % len(STATUS_PATTERN)]
        if status == S.DRAFT:
            created = self.day_between(today - dt.timedelta(days=30), self.last_day)
        elif status == S.AWAITING_DEPOSIT:
            created = self.day_between(today - dt.timedelta(days=60), today - dt.timedelta(days=5))
        elif status == S.CLOSED:
            created = self.day_between(self.since, today - dt.timedelta(days=200))
        else:
            created = self.day_between(self.since, today - dt.timedelta(days=60))
        e = self.new(
            Engagement,
            client=self.client,
            title=f"{rng.choice(TITLES)} {k + 1}",
            kind=rng.choice(EngagementKind.values),
            value=Decimal(rng.randint(20, 800) * 100),
            currency="EUR",
            deposit_percent=Decimal(30),
            status=S.DRAFT,
            created_at=noon(created),
        )
        e.created_on, e.final_status = created, status
        self.journal(
            created,
            "engagement.created",
            e,
            {
                "client": self.client.name,
                "title": e.title,
                "value": str(e.value_money),
                "deposit_required": str(e.required_deposit),
            },
        )
        if status != S.DRAFT:
            self.deposit(e)
        if status in STARTED:
            self.active_period(e)
        e.status = status

    def move(self, e: Engagement, day: dt.date, to: str, **extra) -> None:
        """`engagements.services.engagement_move`'s journal entry."""
        self.journal(day, "engagement.status_changed", e, {"from": e.status, "to": to, **extra})
        e.status = to

    def invoice(self, e: Engagement, kind: str, amount: Decimal, issued: dt.date) -> Invoice:
        number = f"F{self.index:05d}-{len(self.story.rows[Invoice]) + 1:03d}"
        invoice = self.new(
            Invoice,
            engagement=e,
            kind=kind,
            number=number,
            amount=amount,
            currency=e.currency,
            issued_on=issued,
            due_on=issued + dt.timedelta(days=15 if kind == InvoiceKind.DEPOSIT else 30),
            paid_amount=Decimal(0),
            created_at=noon(issued),
        )
        self.journal(
            issued,
            "invoice.created",
            invoice,
            {
                "engagement": e.title,
                "kind": kind,
                "amount": str(invoice.amount_money),
                "due_on": invoice.due_on,
                "number": number,
            },
        )
        return invoice

    def pay(self, invoice: Invoice, amount: Decimal, day: dt.date) -> None:
        payment = self.new(
            Payment,
            invoice=invoice,
            amount=amount,
            paid_on=day,
            reference=f"VIR-{invoice.number}",
            created_at=noon(day),
        )
        invoice.paid_amount += amount
        if invoice.is_paid:
            invoice.paid_in_full_on = day
        self.journal(
            day,
            "payment.recorded",
            payment,
            {
                "invoice": str(invoice),
                "kind": invoice.kind,
                "amount": str(Money(amount, invoice.currency)),
                "paid_on": day,
                "balance": str(invoice.balance_money),
            },
        )

    def deposit(self, e: Engagement) -> None:
        """R-DEPOSIT: a deposit invoice on a draft asks for the deposit; a started engagement
        had it paid before it was activated."""
        issued = min(e.created_on + dt.timedelta(days=self.rng.randint(0, 3)), self.last_day)
        e.deposit_invoice = self.invoice(e, InvoiceKind.DEPOSIT, e.required_deposit.amount, issued)
        self.move(e, issued, S.AWAITING_DEPOSIT)
        if e.final_status in STARTED:
            paid = min(issued + dt.timedelta(days=self.rng.randint(1, 14)), self.last_day)
            self.pay(e.deposit_invoice, e.deposit_invoice.amount, paid)
            e.activated_on = paid
            self.move(e, paid, S.ACTIVE)

    def active_period(self, e: Engagement) -> None:
        """Until when the engagement was active: today, its hold, or its closing."""
        rng = self.rng
        e.active_until = self.ctx.today
        if e.final_status == S.ON_HOLD:
            held = self.day_between(e.activated_on + dt.timedelta(days=10), self.last_day)
            e.hold_reason = "Le client revoit son budget."
            self.move(e, held, S.ON_HOLD, reason=e.hold_reason)
            e.active_until = held
        elif e.final_status == S.CLOSED:
            closing = self.day_between(
                e.activated_on + dt.timedelta(days=30), self.ctx.today - dt.timedelta(days=30)
            )
            e.closing_on = closing
            e.closed_on = min(closing + dt.timedelta(days=rng.randint(3, 15)), self.last_day)
            e.active_until = closing
            # The plan is built at closing from the assets registered by then: any asset
            # registered during the handoff is moved to its start, as handoff_plan_sync
            # would otherwise have added steps for it.
            for asset in self.asset_list:
                if closing < self.registered[asset.pk] <= e.closed_on:
                    self.registered[asset.pk] = closing
                    asset.created_at = noon(closing)
                    self.registration[asset.pk].day = closing

    def started(self) -> list[Engagement]:
        return [e for e in self.story.rows[Engagement] if e.final_status in STARTED]

    def invoices(self) -> None:
        """Deposit invoices are made with their engagement; the rest of the client's invoices
        are progress invoices (a final balance for a closed engagement), spread over the
        started engagements. Most due invoices are paid, some late, a few in part."""
        rng, today = self.rng, self.ctx.today
        started = self.started()
        remaining = self.ctx.shape.invoices - len(self.story.rows[Invoice])
        if not started or remaining <= 0:
            return
        per = [
            remaining // len(started) + (i < remaining % len(started)) for i in range(len(started))
        ]
        for e, count in zip(started, per, strict=True):
            if count == 0:
                continue
            balance = e.value - e.deposit_invoice.amount
            share = (balance / count).quantize(Decimal("0.01"))
            for j in range(count):
                last = j == count - 1
                kind = (
                    InvoiceKind.FINAL_BALANCE
                    if last and e.final_status == S.CLOSED
                    else InvoiceKind.PROGRESS
                )
                issued = self.day_between(
                    e.activated_on + dt.timedelta(days=7),
                    min(getattr(e, "closed_on", self.last_day), self.last_day),
                )
                amount = balance - share * (count - 1) if last else share
                invoice = self.invoice(e, kind, amount, issued)
                due_passed = invoice.due_on < today
                if rng.random() < (0.85 if due_passed else 0.35):
                    paid = self.day_between(
                        issued + dt.timedelta(days=1),
                        min(invoice.due_on + dt.timedelta(days=20), self.last_day),
                    )
                    part = amount / 2 if rng.random() < 0.05 else amount
                    self.pay(invoice, part.quantize(Decimal("0.01")), paid)

    def recommendations(self) -> None:
        """Advice over the started engagements; the status follows the client's latest
        decision (R-NO), and only accepted advice is implemented."""
        rng = self.rng
        targets = [e for e in self.story.rows[Engagement] if e.final_status != S.DRAFT]
        statuses = ["open", "accepted", "refused", "deferred", "implemented"]
        for k in range(self.ctx.shape.recommendations):
            e = targets[k % len(targets)]
            made = self.day_between(getattr(e, "activated_on", None) or e.created_on, self.last_day)
            rec = self.recommend(e, made, f"Recommandation {k + 1} : sauvegardes hors site")
            outcome = rng.choices(statuses, [30, 25, 15, 10, 20])[0]
            if outcome == "open":
                continue
            decision = "accepted" if outcome == "implemented" else outcome
            decided = self.day_between(made, self.last_day)
            self.decide(rec, decision, decided)
            if outcome == "implemented":
                done = self.day_between(decided, self.last_day)
                rec.status, rec.implemented_on = RecommendationStatus.IMPLEMENTED, done
                self.journal(
                    done,
                    "recommendation.implemented",
                    rec,
                    {"title": rec.title, "on": done},
                )

    def recommend(
        self, e: Engagement, made: dt.date, title: str, rationale: str = ""
    ) -> Recommendation:
        rec = self.new(
            Recommendation,
            engagement=e,
            author_id=self.ctx.owner_id,
            made_on=made,
            title=title,
            rationale=rationale or "Une panne du serveur ferait perdre les commandes.",
            risk_if_not_followed="Perte de données",
            status=RecommendationStatus.OPEN,
            created_at=noon(made),
        )
        self.journal(
            made,
            "recommendation.made",
            rec,
            {
                "engagement": e.title,
                "title": rec.title,
                "rationale": rec.rationale,
                "risk": rec.risk_if_not_followed,
            },
        )
        return rec

    def decide(self, rec: Recommendation, decision: str, day: dt.date) -> None:
        record = self.new(
            Decision,
            recommendation=rec,
            decision=decision,
            decided_by=self.decider,
            decided_on=day,
            words="D’accord pour la suite." if decision == "accepted" else "Pas maintenant.",
            recorded_by_id=self.ctx.owner_id,
            via_portal=False,
            created_at=noon(day),
        )
        rec.status = decision
        self.journal(
            day,
            "decision.recorded",
            record,
            {
                "recommendation": rec.title,
                "decision": decision,
                "decided_by": self.decider,
                "decided_on": day,
                "words": record.words,
                "via_portal": False,
                "reverses": None,
            },
        )

    def risks(self) -> None:
        rng = self.rng
        engagements = self.story.rows[Engagement]
        for k in range(self.ctx.shape.risks):
            e = engagements[k % len(engagements)]
            day = min(e.created_on + dt.timedelta(days=rng.randint(0, 5)), self.last_day)
            announced = day if rng.random() < 0.5 else None
            risk = self.new(
                Risk,
                engagement=e,
                description=f"Retard du prestataire {k + 1}",
                likelihood=rng.choice(Level.values),
                impact=rng.choice(Level.values),
                mitigation="Prévenir le client dès le premier retard.",
                announced_on=announced,
                status=RiskStatus.OPEN,
                created_at=noon(day),
            )
            self.journal(
                day,
                "risk.registered",
                risk,
                {"engagement": e.title, "risk": risk.description, "announced_on": announced},
            )
            fate = rng.choices(["open", "closed", "occurred"], [70, 20, 10])[0]
            if fate == "occurred" and e.final_status in STARTED:
                self.occur(risk, e, self.day_between(day, self.last_day))
            elif fate == "closed":
                risk.status = RiskStatus.CLOSED
                self.journal(
                    self.day_between(day, self.last_day),
                    "risk.closed",
                    risk,
                    {"risk": risk.description},
                )

    def occur(self, risk: Risk, e: Engagement, day: dt.date) -> None:
        """`risks.services.risk_occur`: the situation is put to the client as a decision."""
        options = "Attendre une semaine, ou changer de prestataire."
        title = (_("Situation: %(risk)s") % {"risk": risk.description})[:200]
        risk.situation = self.recommend(e, day, title, rationale=options)
        risk.status, risk.occurred_on = RiskStatus.OCCURRED, day
        self.journal(
            day,
            "risk.occurred",
            risk,
            {
                "risk": risk.description,
                "occurred_on": day,
                "announced_on": risk.announced_on,
                "options": options,
            },
        )

    def change_requests(self) -> None:
        rng = self.rng
        paths = {
            ChangeRequestStatus.NEW: [],
            ChangeRequestStatus.ESTIMATED: ["estimated"],
            ChangeRequestStatus.ACCEPTED: ["estimated", "accepted"],
            ChangeRequestStatus.ABSORBED: ["estimated", "absorbed"],
            ChangeRequestStatus.REFUSED: ["refused"],
        }
        for e in self.started():
            if rng.random() < 0.5:
                continue
            day = self.day_between(e.activated_on, min(e.active_until, self.last_day))
            contact = rng.choice(self.contacts)
            change = self.new(
                ChangeRequest,
                engagement=e,
                requested_by=contact,
                requested_on=day,
                title="Une page de plus",
                description="Le client veut une page « Nos engagements ».",
                status=ChangeRequestStatus.NEW,
                created_at=noon(day),
            )
            self.journal(
                day,
                "change_request.created",
                change,
                {"engagement": e.title, "title": change.title, "requested_by": contact.full_name},
            )
            for to in paths[rng.choice(list(paths))]:
                day = self.day_between(day, self.last_day)
                if to == "estimated":
                    change.estimate_hours = Decimal(rng.randint(2, 40))
                    change.estimate_amount = change.estimate_hours * 80
                previous, change.status = change.status, to
                self.journal(
                    day,
                    "change_request.status_changed",
                    change,
                    {
                        "title": change.title,
                        "from": previous,
                        "to": to,
                        "estimate_hours": change.estimate_hours,
                        "estimate_amount": change.estimate_amount,
                    },
                )

    def time_entries(self) -> None:
        """R-DEPOSIT: work is logged only while the engagement is active."""
        started = self.started()
        if not started:
            return
        for k in range(self.ctx.shape.time_entries):
            e = started[k % len(started)]
            day = self.day_between(e.activated_on, min(e.active_until, self.ctx.today))
            self.new(
                TimeEntry,
                engagement=e,
                worked_on=day,
                minutes=self.rng.choice([15, 30, 60, 90, 120, 240, 420]),
                description="Intégration et recette",
                author_id=self.ctx.owner_id,
                created_at=noon(day),
            )

    def handoffs(self) -> None:
        """A closed engagement went through closing: its plan was built from the client's
        registry, every step was done, the handover call held, then it was closed."""
        for e in self.started():
            if e.final_status != S.CLOSED:
                continue
            status = e.status
            e.status = S.ACTIVE
            self.move(e, e.closing_on, S.CLOSING)
            plan = self.new(
                HandoffPlan,
                engagement=e,
                requested_on=e.closing_on,
                sla_working_days=5,
                call_due_on=add_working_days(e.closing_on, 5),
                created_at=noon(e.closing_on),
            )
            after_call = add_working_days(plan.call_due_on, 2)
            steps = []
            for asset in self.asset_list:
                if self.registered[asset.pk] > e.closing_on:
                    continue
                for kind, owner in _steps_for(
                    asset, us=self.ctx.workspace_name, client=self.client.name
                ):
                    late = kind in (StepKind.REVOKE_OUR_ACCESS, StepKind.ROTATE_CREDENTIALS)
                    steps.append(
                        self.new(
                            HandoffStep,
                            plan=plan,
                            asset=asset,
                            kind=kind,
                            owner=owner,
                            due_on=after_call if late else plan.call_due_on,
                            status=StepStatus.DONE,
                        )
                    )
            self.journal(
                e.closing_on,
                "handoff.planned",
                plan,
                {
                    "engagement": e.title,
                    "requested_on": e.closing_on,
                    "call_due_on": plan.call_due_on,
                    "steps": len(steps),
                },
            )
            plan.call_held_on = self.day_between(e.closing_on, e.closed_on)
            for step in steps:
                step.done_on = self.day_between(e.closing_on, e.closed_on)
                self.journal(
                    step.done_on,
                    "handoff.step_changed",
                    step,
                    {
                        "step": step.kind,
                        "asset": str(step.asset),
                        "from": StepStatus.OPEN,
                        "to": StepStatus.DONE,
                        "notes": "",
                    },
                )
            self.journal(
                plan.call_held_on,
                "handoff.call_held",
                plan,
                {
                    "held_on": plan.call_held_on,
                    "due_on": plan.call_due_on,
                    "late": plan.call_held_on > plan.call_due_on,
                },
            )
            self.move(e, e.closed_on, S.CLOSED)
            assert e.status == status

    def exchanges(self) -> None:
        """The journal of exchanges (R-SILENCE): most about an engagement, some about the
        client in general (all older than a month). One active engagement in six has been
        silent for a while; the others had news sent in the last week."""
        rng, today = self.rng, self.ctx.today
        engagements = [e for e in self.story.rows[Engagement] if e.final_status != S.DRAFT]
        active = [e for e in engagements if e.final_status == S.ACTIVE]
        silent = {e.pk for i, e in enumerate(active) if i % 6 == 5}
        latest = {}
        for k in range(self.ctx.shape.exchanges):
            e = engagements[k % len(engagements)] if rng.random() < 0.8 else None
            if e is None:
                low, high = self.since, today - dt.timedelta(days=30)
            else:
                low = e.created_on
                high = getattr(e, "closed_on", today)
                if e.pk in silent:
                    high = today - dt.timedelta(days=12 + (e.pk % 40))
            day = self.day_between(low, high)
            exchange = self.new(
                Exchange,
                client=self.client,
                engagement=e,
                occurred_on=day,
                channel=rng.choice(Channel.values),
                direction=Direction.OUTBOUND if rng.random() < 0.55 else Direction.INBOUND,
                people=self.decider,
                summary="Point d’avancement : maquettes validées, recette la semaine prochaine.",
                follow_up_on=day + dt.timedelta(days=7) if rng.random() < 0.1 else None,
                recorded_by_id=self.ctx.owner_id,
                created_at=noon(day),
            )
            if e is not None and (e.pk not in latest or day >= latest[e.pk].occurred_on):
                latest[e.pk] = exchange
        for e in active:
            last = latest.get(e.pk)
            if e.pk not in silent and last is not None:
                last.direction = Direction.OUTBOUND
                last.occurred_on = today - dt.timedelta(days=rng.randint(0, 7))
                last.created_at = noon(last.occurred_on)

    def action_log(self) -> None:
        for _k in range(self.ctx.shape.actions):
            asset = self.rng.choice(self.asset_list)
            day = self.day_between(self.registered[asset.pk], self.ctx.today)
            self.new(
                ActionLogEntry,
                client=self.client,
                asset=asset,
                done_on=day,
                what="Renouvellement du certificat",
                why="Il expirait dans dix jours.",
                result="Renouvelé pour un an.",
                author_id=self.ctx.owner_id,
                created_at=noon(day),
            )

    def pad_ledger(self) -> None:
        """Bring the client's ledger to its share of entries with journaled changes of who
        controls an asset (`asset.control_changed`): each asset's admin access toggled back
        and forth, ending in the state the row holds, so the registration's payload is
        rewritten to the first state."""
        missing = self.ctx.shape.ledger - len(self.story.events)
        if missing <= 0:
            return
        assets = self.asset_list
        counts = [missing // len(assets) + (i < missing % len(assets)) for i in range(len(assets))]
        for asset, n in zip(assets, counts, strict=True):
            if n == 0:
                continue
            final = {f: getattr(asset, f) for f in CONTROL}
            flipped = {**final, "we_have_admin": not final["we_have_admin"]}
            # State i (0 = at registration) is `final` when n - i is even.
            states = [final if (n - i) % 2 == 0 else flipped for i in range(n + 1)]
            self.registration[asset.pk].payload["we_have_admin"] = states[0]["we_have_admin"]
            days = sorted(
                self.day_between(self.registered[asset.pk], self.last_day) for _ in range(n)
            )
            for i, day in enumerate(days):
                self.journal(
                    day,
                    "asset.control_changed",
                    asset,
                    {"identifier": asset.identifier, "from": states[i], "to": states[i + 1]},
                )


def client_story(index: int, ctx: Context, ids: Ids) -> Story:
    return ClientStory(index, ctx, ids).build()
