"""R-OWN: the ownership rules, each a named check on the asset kinds it concerns.

A client's reversibility score is the share of checks its assets pass. Every failed check is
a violation with its fix: what to do so that the client owns and controls everything on the
last day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import AssetKind, Licence, Party

K = AssetKind
WEB_TOOLS = {K.ANALYTICS, K.WEBMASTER_CONSOLE, K.NEWSLETTER, K.CRM, K.BI, K.OTHER_SAAS}


@dataclass(frozen=True)
class Rule:
    number: int
    code: str
    title: object
    kinds: frozenset
    check: Callable  # (asset, documented_asset_ids) -> bool
    fix: object

    def applies_to(self, asset) -> bool:
        return self.kinds is None or asset.kind in self.kinds


def _owned_and_controlled(asset, _documented) -> bool:
    return asset.legal_owner == Party.CLIENT and asset.client_has_admin


RULES = [
    Rule(
        1,
        "domain_owned_by_client",
        _("Domain names belong to the client, who holds every access"),
        frozenset({K.DOMAIN, K.DNS}),
        _owned_and_controlled,
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
        _owned_and_controlled,
        _("Move the hosting contract to the client's name and give them the admin access."),
    ),
    Rule(
        3,
        "code_owned_by_client",
        _("The code written for the client belongs to the client"),
        frozenset({K.CODE_REPOSITORY, K.DOCUMENTATION}),
        lambda a, _d: a.legal_owner == Party.CLIENT,
        _("Transfer the repository (or documentation space) to an account the client owns."),
    ),
    Rule(
        4,
        "licence_in_client_name",
        _("Software runs under a licence in the client's name or a free licence"),
        frozenset({K.SOFTWARE_LICENCE}),
        lambda a, _d: a.licence in (Licence.CLIENT_NAME, Licence.FREE),
        _("Have the licence reissued in the client's name, or replace it with a free one."),
    ),
    Rule(
        5,
        "backups_with_client",
        _("Backups are stored, securely, on the client's side"),
        frozenset({K.BACKUP_LOCATION}),
        lambda a, _d: a.legal_owner == Party.CLIENT,
        _("Move the backups to storage the client owns and check they can be restored."),
    ),
    Rule(
        6,
        "admin_password_known_to_client",
        _("Every admin password is known to the client"),
        frozenset({K.ADMIN_ACCOUNT}),
        lambda a, _d: a.client_has_admin,
        _("Give the client the admin credentials through their password manager."),
    ),
    Rule(
        7,
        "ad_account_owned_by_client",
        _("Advertising accounts belong to the client, who holds every access"),
        frozenset({K.AD_ACCOUNT}),
        _owned_and_controlled,
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
        lambda a, _d: a.payer == Party.CLIENT,
        _("Replace our payment method with the client's card or direct debit."),
    ),
    Rule(
        9,
        "web_tools_owned_by_client",
        _("Every other web tool belongs to the client, who holds every access"),
        frozenset(WEB_TOOLS),
        _owned_and_controlled,
        _("Move the service to the client's account and give them the admin access."),
    ),
    Rule(
        10,
        "email_alias_on_client_domain",
        _("We work through an email alias on the client's domain, cut or redirected at the end"),
        frozenset({K.EMAIL_ALIAS}),
        lambda a, _d: a.legal_owner == Party.CLIENT,
        _("Create the alias on the client's own domain, and plan to cut or redirect it."),
    ),
    Rule(
        11,
        "actions_documented",
        _("Every action we take is documented in an office document"),
        None,
        lambda a, documented: not a.we_have_admin or a.pk in documented,
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


class AssetFacts:
    """What the rules read of an asset, without building a model instance: scoring a
    workspace's 100,000 assets stays well under a second."""

    __slots__ = (
        "client_has_admin",
        "client_id",
        "identifier",
        "kind",
        "legal_owner",
        "licence",
        "payer",
        "pk",
        "we_have_admin",
    )
    FIELDS = (
        "id",
        "client_id",
        "kind",
        "identifier",
        "legal_owner",
        "payer",
        "client_has_admin",
        "we_have_admin",
        "licence",
    )

    def __init__(
        self,
        pk,
        client_id,
        kind,
        identifier,
        legal_owner,
        payer,
        client_has_admin,
        we_have_admin,
        licence,
    ):
        self.pk, self.client_id, self.kind, self.identifier = pk, client_id, kind, identifier
        self.legal_owner, self.payer, self.licence = legal_owner, payer, licence
        self.client_has_admin, self.we_have_admin = client_has_admin, we_have_admin

    def __str__(self) -> str:
        return f"{AssetKind(self.kind).label} {self.identifier}"


@dataclass(frozen=True)
class Violation:
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
    client (`has_alias_need`)."""
    checks = passed = 0
    violations = []
    has_alias = False
    for asset in assets:
        if asset.kind == K.EMAIL_ALIAS:
            has_alias = True
        for rule in RULES_FOR_KIND.get(asset.kind, ()):
            checks += 1
            if rule.check(asset, documented_asset_ids):
                passed += 1
            else:
                violations.append(Violation(rule, asset.pk, asset))
        if asset.we_have_admin:
            checks += 1
            if asset.pk in documented_asset_ids:
                passed += 1
            else:
                violations.append(Violation(ACTIONS_DOCUMENTED, asset.pk, asset))
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
