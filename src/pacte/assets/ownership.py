"""R-OWN: the ownership rules, each a named check on the asset kinds it concerns.

A client's reversibility score is the share of checks its assets pass. Every failed check is
a violation with its fix: what to do so that the client owns and controls everything on the
last day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import Case, ExpressionWrapper, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .models import AssetKind, Licence, Party

K = AssetKind
# Plain strings, compared tens of thousands of times per workspace score.
CLIENT = Party.CLIENT.value
CLIENT_OR_FREE_LICENCE = (Licence.CLIENT_NAME.value, Licence.FREE.value)
WEB_TOOLS = {K.ANALYTICS, K.WEBMASTER_CONSOLE, K.NEWSLETTER, K.CRM, K.BI, K.OTHER_SAAS}


# The yes/no facts the rules read of an asset, as bits of one number that SQL computes from
# its columns (`fact_flags`): scoring a workspace's 100,000 assets reads four small columns
# per asset instead of five strings and two booleans, and builds no model instance.
OWNED_BY_CLIENT, PAID_BY_CLIENT, CLIENT_HAS_ADMIN, WE_HAVE_ADMIN, CLIENT_OR_FREE = 1, 2, 4, 8, 16


def fact_flags() -> models.Expression:
    """The facts of an asset as one integer, in SQL (SQLite and PostgreSQL alike)."""

    def bit(condition: Q, value: int) -> Case:
        return Case(When(condition, then=Value(value)), default=Value(0))

    return ExpressionWrapper(
        bit(Q(legal_owner=CLIENT), OWNED_BY_CLIENT)
        + bit(Q(payer=CLIENT), PAID_BY_CLIENT)
        + bit(Q(client_has_admin=True), CLIENT_HAS_ADMIN)
        + bit(Q(we_have_admin=True), WE_HAVE_ADMIN)
        + bit(Q(licence__in=CLIENT_OR_FREE_LICENCE), CLIENT_OR_FREE),
        output_field=models.IntegerField(),
    )


OWNED_AND_CONTROLLED = OWNED_BY_CLIENT | CLIENT_HAS_ADMIN


@dataclass(frozen=True)
class Rule:
    """A rule on the asset kinds it concerns: an asset passes when it has every fact of
    `requires`. Rule 11 (`requires` None) asks instead for an action log entry on every
    asset we hold admin access on."""

    number: int
    code: str
    title: object
    kinds: frozenset | None
    requires: int | None
    fix: object

    def applies_to(self, asset) -> bool:
        return self.kinds is None or asset.kind in self.kinds


RULES = [
    Rule(
        1,
        "domain_owned_by_client",
        _("Domain names belong to the client, who holds every access"),
        frozenset({K.DOMAIN, K.DNS}),
        OWNED_AND_CONTROLLED,
        _(
            "Transfer the domain to the client's name at the registrar and give them the "
            "admin access."
        ),
    ),
    Rule(
        2,
        "hosting_owned_by_client",
        _("Hosting belongs to the client, who holds every access"),
        frozenset({K.HOSTING}),
        OWNED_AND_CONTROLLED,
        _("Move the hosting contract to the client's name and give them the admin access."),
    ),
    Rule(
        3,
        "code_owned_by_client",
        _("The code written for the client belongs to the client"),
        frozenset({K.CODE_REPOSITORY, K.DOCUMENTATION}),
        OWNED_BY_CLIENT,
        _("Transfer the repository (or documentation space) to an account the client owns."),
    ),
    Rule(
        4,
        "licence_in_client_name",
        _("Software runs under a licence in the client's name or a free licence"),
        frozenset({K.SOFTWARE_LICENCE}),
        CLIENT_OR_FREE,
        _("Have the licence reissued in the client's name, or replace it with a free one."),
    ),
    Rule(
        5,
        "backups_with_client",
        _("Backups are stored, securely, on the client's side"),
        frozenset({K.BACKUP_LOCATION}),
        OWNED_BY_CLIENT,
        _("Move the backups to storage the client owns and check they can be restored."),
    ),
    Rule(
        6,
        "admin_password_known_to_client",
        _("Every admin password is known to the client"),
        frozenset({K.ADMIN_ACCOUNT}),
        CLIENT_HAS_ADMIN,
        _("Give the client the admin credentials through their password manager."),
    ),
    Rule(
        7,
        "ad_account_owned_by_client",
        _("Advertising accounts belong to the client, who holds every access"),
        frozenset({K.AD_ACCOUNT}),
        OWNED_AND_CONTROLLED,
        _(
            "Create the ad account under the client's organisation, or transfer it, and give "
            "them admin access."
        ),
    ),
    Rule(
        8,
        "ad_spend_paid_by_client",
        _("Advertising spend is paid directly by the client"),
        frozenset({K.AD_PAYMENT_METHOD}),
        PAID_BY_CLIENT,
        _("Replace our payment method with the client's card or direct debit."),
    ),
    Rule(
        9,
        "web_tools_owned_by_client",
        _("Every other web tool belongs to the client, who holds every access"),
        frozenset(WEB_TOOLS),
        OWNED_AND_CONTROLLED,
        _("Move the service to the client's account and give them the admin access."),
    ),
    Rule(
        10,
        "email_alias_on_client_domain",
        _("We work through an email alias on the client's domain, cut or redirected at the end"),
        frozenset({K.EMAIL_ALIAS}),
        OWNED_BY_CLIENT,
        _("Create the alias on the client's own domain, and plan to cut or redirect it."),
    ),
    Rule(
        11,
        "actions_documented",
        _("Every action we take is documented in an office document"),
        None,
        None,
        _(
            "Record what was done on this asset, why and with what result in the action log "
            "(it exports to a spreadsheet)."
        ),
    ),
]
RULES_BY_CODE = {rule.code: rule for rule in RULES}


# The rules that concern each kind (rule 11 concerns every asset we hold admin access on).
RULES_FOR_KIND = {
    kind: [rule for rule in RULES if rule.kinds is not None and kind in rule.kinds]
    for kind in AssetKind.values
}
ACTIONS_DOCUMENTED = RULES_BY_CODE["actions_documented"]
# What evaluate() reads: (rule, the facts it requires), per kind.
REQUIREMENTS_FOR_KIND = {
    kind: [(rule, rule.requires) for rule in rules] for kind, rules in RULES_FOR_KIND.items()
}


class AssetFacts(NamedTuple):
    """What the rules read of an asset: its kind and its facts (`fact_flags`)."""

    pk: int
    client_id: int
    kind: str
    identifier: str
    flags: int

    @property
    def owned_by_client(self) -> bool:
        return bool(self.flags & OWNED_BY_CLIENT)

    @property
    def paid_by_client(self) -> bool:
        return bool(self.flags & PAID_BY_CLIENT)

    @property
    def client_has_admin(self) -> bool:
        return bool(self.flags & CLIENT_HAS_ADMIN)

    @property
    def we_have_admin(self) -> bool:
        return bool(self.flags & WE_HAVE_ADMIN)

    @property
    def licence_in_client_name_or_free(self) -> bool:
        return bool(self.flags & CLIENT_OR_FREE)

    def __str__(self) -> str:
        return f"{AssetKind(self.kind).label} {self.identifier}"


@dataclass(slots=True)
class Violation:
    # Not frozen: a frozen dataclass sets each field through object.__setattr__, and a
    # workspace's score makes tens of thousands of these. Nothing changes them.
    rule: Rule
    asset_id: int | None
    asset: object  # the asset (or its facts), or a label for a client-level violation

    @property
    def asset_label(self) -> str:
        return str(self.asset)

    @property
    def fix(self) -> str:
        return str(self.rule.fix)


@dataclass(frozen=True)
class Reversibility:
    checks: int
    passed: int
    violations: list[Violation]

    @property
    def score(self) -> int:
        """0–100. With nothing to check, nothing stands in the way: 100."""
        # Halves round up (5 of 8 is 63), not to the even number as round() does.
        return 100 if not self.checks else (self.passed * 200 + self.checks) // (2 * self.checks)


def evaluate(assets, documented_asset_ids: set, *, has_alias_need: bool) -> Reversibility:
    """Check each asset against the rules for its kind, and rule 11 on every asset we hold
    admin access on. Rule 10 also needs an alias to exist at all while we work for the
    client (`has_alias_need`). `assets` are AssetFacts (or tuples of their fields)."""
    checks = passed = 0
    violations = []
    add = violations.append
    has_alias = False
    requirements = REQUIREMENTS_FOR_KIND
    alias_kind = K.EMAIL_ALIAS.value
    for asset in assets:
        pk, _client_id, kind, _identifier, flags = asset
        if kind == alias_kind:
            has_alias = True
        for rule, required in requirements.get(kind, ()):
            checks += 1
            if flags & required == required:
                passed += 1
            else:
                add(Violation(rule, pk, AssetFacts._make(asset)))
        if flags & WE_HAVE_ADMIN:
            checks += 1
            if pk in documented_asset_ids:
                passed += 1
            else:
                add(Violation(ACTIONS_DOCUMENTED, pk, AssetFacts._make(asset)))
    if has_alias_need:
        checks += 1
        if has_alias:
            passed += 1
        else:
            violations.append(
                Violation(
                    RULES_BY_CODE["email_alias_on_client_domain"],
                    None,
                    _("no email alias registered"),
                )
            )
    return Reversibility(checks, passed, violations)
