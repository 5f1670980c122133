"""R-OWN: each of the eleven ownership rules passes a compliant asset and flags a failing one
with its fix; the reversibility score; the workspace-wide evaluation agrees with the
per-client one and costs the same few queries whatever the number of assets."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from pacte.assets.ownership import Reversibility
from pacte.assets.selectors import client_reversibility, workspace_reversibility
from pacte.assets.services import action_log, asset_create
from pacte.billing.services import invoice_create, payment_record
from pacte.clients.services import client_create
from pacte.engagements.services import engagement_activate, engagement_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


TODAY = timezone.localdate()

# A client-owned asset the client fully controls, and nobody else holds admin on.
COMPLIANT = {"legal_owner": "client", "payer": "client", "client_has_admin": True}

# For each rule: the asset kind it concerns, what makes it pass, what makes it fail.
RULE_CASES = [
    pytest.param(
        "domain_owned_by_client",
        "domain",
        {},
        {"legal_owner": "us"},
        id="1-domain-owned-by-us",
    ),
    pytest.param(
        "domain_owned_by_client",
        "dns",
        {},
        {"client_has_admin": False},
        id="1-dns-without-client-admin",
    ),
    pytest.param(
        "hosting_owned_by_client",
        "hosting",
        {},
        {"legal_owner": "third_party", "third_party_name": "Ancienne Agence"},
        id="2-hosting",
    ),
    pytest.param(
        "hosting_owned_by_client",
        "hosting",
        {},
        {"client_has_admin": False},
        id="2-hosting-without-client-admin",
    ),
    pytest.param(
        "code_owned_by_client",
        "code_repository",
        {},
        {"legal_owner": "us"},
        id="3-code",
    ),
    pytest.param(
        "code_owned_by_client",
        "documentation",
        {},
        {"legal_owner": "third_party"},
        id="3-documentation",
    ),
    pytest.param(
        "licence_in_client_name",
        "software_licence",
        {"licence": "client_name"},
        {"licence": "our_name"},
        id="4-licence-ours",
    ),
    pytest.param(
        "licence_in_client_name",
        "software_licence",
        {"licence": "free"},
        {"licence": "third_party_name"},
        id="4-licence-free-vs-third-party",
    ),
    pytest.param(
        "backups_with_client",
        "backup_location",
        {},
        {"legal_owner": "us"},
        id="5-backups",
    ),
    pytest.param(
        "admin_password_known_to_client",
        "admin_account",
        {},
        {"client_has_admin": False},
        id="6-admin-password",
    ),
    pytest.param(
        "ad_account_owned_by_client",
        "ad_account",
        {},
        {"legal_owner": "us"},
        id="7-ad-account",
    ),
    pytest.param(
        "ad_account_owned_by_client",
        "ad_account",
        {},
        {"client_has_admin": False},
        id="7-ad-account-without-client-admin",
    ),
    pytest.param(
        "ad_spend_paid_by_client",
        "ad_payment_method",
        {},
        {"payer": "us"},
        id="8-ad-spend",
    ),
    *[
        pytest.param(
            "web_tools_owned_by_client",
            kind,
            {},
            {"legal_owner": "us"},
            id=f"9-{kind}",
        )
        for kind in ("analytics", "webmaster_console", "newsletter", "crm", "bi", "other_saas")
    ],
    pytest.param(
        "web_tools_owned_by_client",
        "analytics",
        {},
        {"client_has_admin": False},
        id="9-analytics-without-client-admin",
    ),
    pytest.param(
        "email_alias_on_client_domain",
        "email_alias",
        {},
        {"legal_owner": "us"},
        id="10-alias-on-our-domain",
    ),
    pytest.param(
        "actions_documented",
        "hosting",
        {},
        {"we_have_admin": True},
        id="11-we-hold-admin-undocumented",
    ),
]


def register(world, kind, *, client=None, identifier=None, **fields):
    return asset_create(
        actor=world.actor("owner"),
        client_id=(client or world.client).pk,
        kind=kind,
        identifier=identifier or f"{kind}.boulangerie-alpha.fr",
        **{**COMPLIANT, **fields},
    )


def codes(result):
    return [v.rule.code for v in result.violations]


def activate(world, client=None):
    """An active engagement for the client: its deposit invoiced and paid in full."""
    owner = world.actor("owner")
    engagement = engagement_create(
        actor=owner, client_id=(client or world.client).pk, title="Refonte", value="1000.00"
    )
    invoice = invoice_create(
        actor=owner, engagement_id=engagement.pk, kind="deposit", amount="300.00", due_on=TODAY
    )
    payment_record(actor=owner, invoice_id=invoice.pk, amount="300.00", paid_on=TODAY)
    return engagement_activate(actor=owner, engagement_id=engagement.pk)


@pytest.mark.parametrize(("code", "kind", "passing", "failing"), RULE_CASES)
def test_each_rule_passes_a_compliant_asset(world, code, kind, passing, failing):
    register(world, kind, **passing)
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert result.violations == []
    # The rule did look at the asset: one check, passed.
    assert (result.checks, result.passed, result.score) == (1, 1, 100)


@pytest.mark.parametrize(("code", "kind", "passing", "failing"), RULE_CASES)
def test_each_rule_flags_a_failing_asset_with_its_fix(world, code, kind, passing, failing):
    asset = register(world, kind, **{**passing, **failing})
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    flagged = [v for v in result.violations if v.rule.code == code]
    assert len(flagged) == 1, codes(result)
    violation = flagged[0]
    assert violation.asset_id == asset.pk
    assert violation.fix.strip()
    assert asset.identifier in violation.asset_label
    assert result.passed < result.checks
    assert result.score < 100


def test_rule_10_wants_an_alias_while_we_work_for_the_client(world):
    owner = world.actor("owner")
    register(world, "domain")
    # No engagement under way: no alias is needed.
    assert codes(client_reversibility(actor=owner, client=world.client)) == []
    activate(world)
    result = client_reversibility(actor=owner, client=world.client)
    assert [(v.rule.code, v.asset_id) for v in result.violations] == [
        ("email_alias_on_client_domain", None)
    ]
    assert result.violations[0].fix.strip()
    assert (result.checks, result.passed, result.score) == (2, 1, 50)
    # Only the client we work for.
    assert codes(client_reversibility(actor=owner, client=world.other_client)) == []

    register(world, "email_alias", identifier="agence@boulangerie-alpha.fr")
    result = client_reversibility(actor=owner, client=world.client)
    assert result.violations == []
    assert (result.checks, result.passed, result.score) == (3, 3, 100)


def test_rule_10_client_level_check_is_not_met_by_an_alias_of_another_client(world):
    register(world, "email_alias", client=world.other_client, identifier="agence@garage.fr")
    activate(world)
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert [(v.rule.code, v.asset_id) for v in result.violations] == [
        ("email_alias_on_client_domain", None)
    ]


def test_rule_11_passes_only_once_an_action_names_the_asset(world):
    owner = world.actor("owner")
    hosting = register(world, "hosting", we_have_admin=True)
    other = register(world, "domain", identifier="boulangerie-alpha.com", we_have_admin=True)
    result = client_reversibility(actor=owner, client=world.client)
    assert sorted((v.rule.code, v.asset_id) for v in result.violations) == sorted(
        [("actions_documented", hosting.pk), ("actions_documented", other.pk)]
    )

    # An action on the client that names no asset documents nothing in particular.
    action_log(actor=owner, client_id=world.client.pk, what="Audit SEO", done_on=TODAY)
    assert len(client_reversibility(actor=owner, client=world.client).violations) == 2

    action_log(
        actor=owner,
        client_id=world.client.pk,
        asset_id=hosting.pk,
        what="Mise à jour PHP 8.3",
        why="Fin de support",
        result="Site OK",
    )
    result = client_reversibility(actor=owner, client=world.client)
    assert [(v.rule.code, v.asset_id) for v in result.violations] == [
        ("actions_documented", other.pk)
    ]
    assert (result.checks, result.passed) == (4, 3)


def test_rule_11_is_not_checked_where_we_hold_no_admin(world):
    register(world, "hosting", we_have_admin=False)
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert result.checks == 1  # rule 2 only


def test_an_asset_can_break_several_rules_at_once(world):
    asset = register(world, "domain", legal_owner="us", client_has_admin=False, we_have_admin=True)
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert sorted(codes(result)) == ["actions_documented", "domain_owned_by_client"]
    assert {v.asset_id for v in result.violations} == {asset.pk}
    assert (result.checks, result.passed, result.score) == (2, 0, 0)


# --- The score ------------------------------------------------------------------------------


def test_nothing_to_check_scores_100(world):
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert (result.checks, result.passed, result.violations) == (0, 0, [])
    assert result.score == 100


@pytest.mark.parametrize(
    ("passing", "failing", "score"),
    [(2, 1, 67), (1, 2, 33), (5, 1, 83), (1, 5, 17), (0, 3, 0), (3, 0, 100)],
)
def test_the_score_is_the_rounded_share_of_passed_checks(world, passing, failing, score):
    for n in range(passing):
        register(world, "hosting", identifier=f"ok-{n}.example")
    for n in range(failing):
        register(world, "hosting", identifier=f"ko-{n}.example", legal_owner="us")
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert (result.checks, result.passed) == (passing + failing, passing)
    assert result.score == score
    assert isinstance(result.score, int)
    assert result.score == round(Decimal(100 * passing) / (passing + failing))


def test_the_score_ignores_other_clients_and_other_workspaces(world):
    register(world, "hosting")
    register(world, "hosting", client=world.other_client, legal_owner="us")
    result = client_reversibility(actor=world.actor("owner"), client=world.client)
    assert (result.checks, result.passed, result.score) == (1, 1, 100)


# --- The whole workspace at once ------------------------------------------------------------


def summary(result):
    return (
        result.score,
        result.checks,
        result.passed,
        sorted((v.rule.code, v.asset_id or 0, v.fix) for v in result.violations),
    )


def test_workspace_reversibility_equals_client_reversibility_for_every_client(world):
    owner = world.actor("owner")
    activate(world)  # rule 10 at client level for world.client
    hosting = register(world, "hosting", we_have_admin=True)
    register(world, "domain", legal_owner="us")
    register(world, "software_licence", licence="our_name")
    action_log(actor=owner, client_id=world.client.pk, asset_id=hosting.pk, what="Sauvegarde")
    register(world, "email_alias", client=world.other_client, legal_owner="us")
    register(world, "ad_payment_method", client=world.other_client, payer="us", we_have_admin=True)
    # A third client with nothing registered: nothing to check.
    empty = client_create(actor=owner, name="Librairie Delta")
    # Another workspace's asset is none of our business.
    asset_create(
        actor=world.actor("other_workspace"),
        client_id=world.foreign_client.pk,
        kind="domain",
        identifier="cave-gamma.fr",
        legal_owner="us",
    )

    everything = workspace_reversibility(actor=owner)
    assert set(everything) == {world.client.pk, world.other_client.pk, empty.pk}
    for client in (world.client, world.other_client, empty):
        assert summary(everything[client.pk]) == summary(
            client_reversibility(actor=owner, client=client)
        ), client.name
    assert everything[empty.pk].score == 100
    assert everything[world.client.pk].score < 100
    assert ("email_alias_on_client_domain", 0) in [
        (code, asset_id) for code, asset_id, _fix in summary(everything[world.client.pk])[3]
    ]


def _queries(callable_):
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def test_workspace_reversibility_costs_the_same_queries_for_1_or_30_assets(world):
    owner = world.actor("owner")
    activate(world)
    first = register(world, "hosting", we_have_admin=True)
    action_log(actor=owner, client_id=world.client.pk, asset_id=first.pk, what="Migration")
    one = _queries(lambda: workspace_reversibility(actor=owner))
    one_client = _queries(lambda: client_reversibility(actor=owner, client=world.client))

    kinds = ["domain", "hosting", "analytics", "backup_location", "ad_account", "email_alias"]
    for n in range(29):
        client = world.client if n % 2 else world.other_client
        asset = register(
            world,
            kinds[n % len(kinds)],
            client=client,
            identifier=f"asset-{n}.example",
            legal_owner="us" if n % 3 else "client",
            we_have_admin=bool(n % 4),
        )
        if n % 5 == 0:
            action_log(actor=owner, client_id=client.pk, asset_id=asset.pk, what=f"Action {n}")
    thirty = _queries(lambda: workspace_reversibility(actor=owner))
    thirty_client = _queries(lambda: client_reversibility(actor=owner, client=world.client))
    assert one == thirty, (one, thirty)
    assert one_client == thirty_client, (one_client, thirty_client)
    assert thirty <= 4
    assert sum(r.checks for r in workspace_reversibility(actor=owner).values()) > 30


def test_half_a_point_rounds_up():
    assert Reversibility(checks=8, passed=5, violations=[]).score == 63
    assert Reversibility(checks=8, passed=3, violations=[]).score == 38
