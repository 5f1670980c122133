"""Issue 10, item 6: Schemathesis, with every check, against the API's own OpenAPI
description (/api/v1/openapi.json) finds no failure.

Each operation is one test: Schemathesis generates requests from the description (valid
ones, and invalid ones that must be refused with a 4xx), sends them to the Django app in
process (WSGI) with an owner's bearer token of `pacte.testing.build_world()`, and checks every
answer: no server error, a documented status code and content type, a body that matches its
documented schema, valid data accepted, invalid data refused, authentication enforced,
undocumented methods refused. The number of examples is bounded and generation is
deterministic, so the run is the same on every machine.

One check is narrowed, not dropped: "valid data is accepted". Some rules cannot be written in
JSON Schema: a date that must not be in the future, one date after another, one field or
another. A 400 for a schema-valid request passes only when every field it names is one of
the operation's RULES_BEYOND_THE_SCHEMA below; any other 400 fails, as a too-loose schema.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pacte.api import api
from pacte.wsgi import application

# The description is the same on every database: this runs in `make test` (SQLite) only,
# not again in CI's PostgreSQL run.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL", "").strip()),
    reason="the API description is checked on SQLite",
)

# Fuzzed examples per operation, valid and invalid ones each, besides the coverage phase's
# boundary cases: the whole module runs in about two minutes on two cores.
MAX_EXAMPLES = 25

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            # The owner's token is sent by the test; `ignored_auth` still checks that a
            # request without it, or with a wrong one, is refused.
            "with-security-parameters": False,
        },
        # Each operation on its own (examples, coverage of every boundary and enum value,
        # fuzzing); chains of calls (the stateful phase) are not run here.
        "phases": {"stateful": {"enabled": False}},
        # Replaced by `valid_data_accepted` below.
        "checks": {"positive_data_acceptance": {"enabled": False}},
    }
)

# (method, path) -> the fields whose rule a JSON Schema cannot state, each with its reason.
FUTURE = "not in the future"
RULES_BEYOND_THE_SCHEMA: dict[tuple[str, str], dict[str, str]] = {
    ("PUT", "/api/v1/me/reminder-settings"): {
        "deliveries": "the keys are the registered reminder kinds'",
    },
    ("PUT", "/api/v1/health/weights"): {
        "weights": "the keys are the registered signals'; at least one weight above 0",
    },
    ("POST", "/api/v1/engagements"): {
        "ends_on": "not before starts_on",
        "deposit_amount": "a percentage or an amount, not both; not more than the value",
    },
    ("POST", "/api/v1/engagements/{engagement_id}/terminate"): {
        "terminated_on": "within ten years of today, not before the activation",
    },
    ("POST", "/api/v1/engagements/{engagement_id}/time-entries"): {"worked_on": FUTURE},
    ("POST", "/api/v1/change-requests"): {"requested_on": FUTURE},
    # The final settlement (issue 12): write-offs and refunds are not dated in the future;
    # the final-balance invoice, like any invoice, is not due before it is issued.
    ("POST", "/api/v1/engagements/{engagement_id}/settlement/write-off"): {"on": FUTURE},
    ("POST", "/api/v1/engagements/{engagement_id}/settlement/refund"): {"on": FUTURE},
    ("POST", "/api/v1/engagements/{engagement_id}/settlement/final-invoice"): {
        "due_on": "not before issued_on",
    },
    ("POST", "/api/v1/change-requests/{change_request_id}/move"): {
        "estimate_hours": "estimating needs hours or an amount",
        "invoice_id": "billing needs the invoice",
    },
    ("POST", "/api/v1/exchanges"): {
        "occurred_on": FUTURE,
        "follow_up_on": "not before the exchange",
        "contact_id": "a contact of the exchange's client",
    },
    ("POST", "/api/v1/support-requests"): {
        "received_at": "not in the future, within ten years and the engagement's dates",
        "engagement_id": "an engagement of the client",
        "contact_id": "a contact of the client",
    },
    **{
        ("POST", f"/api/v1/support-requests/{{request_id}}/{move}"): {
            "at": "not in the future nor before the request's previous event"
        }
        for move in ("respond", "start", "wait", "client-replied", "resolve", "cancel")
    },
    ("POST", "/api/v1/slas"): {
        "target_minutes": "required for a metric measured on requests",
        "target_percent": "required for availability",
        "engagement_id": "the engagement or the client, the engagement of that client",
        "agreed_on": FUTURE,
    },
    ("POST", "/api/v1/slas/{sla_id}/agree"): {"agreed_on": FUTURE},
    ("POST", "/api/v1/slas/{sla_id}/measurements"): {
        "period": "a month that has begun",
        "value_percent": "availability SLAs only",
    },
    ("GET", "/api/v1/slas/{sla_id}/compliance"): {"period": "a month from year 1"},
    ("POST", "/api/v1/handoff/{plan_id}/call"): {"held_on": "not in the future nor before"},
    ("POST", "/api/v1/invoices"): {"due_on": "not before issued_on", "issued_on": FUTURE},
    ("POST", "/api/v1/invoices/{invoice_id}/payments"): {
        "paid_on": FUTURE,
        "amount": "not more than the balance due",
    },
    ("POST", "/api/v1/recommendations"): {"made_on": FUTURE},
    ("POST", "/api/v1/recommendations/{recommendation_id}/decision"): {
        "decided_by": "required from members (a portal user's decision names them)",
        "decided_on": "not in the future nor before the recommendation",
    },
    ("POST", "/api/v1/recommendations/{recommendation_id}/implement"): {
        "implemented_on": "not in the future nor before the decision",
    },
    ("POST", "/api/v1/risks"): {"announced_on": FUTURE},
    ("POST", "/api/v1/risks/{risk_id}/announce"): {"announced_on": FUTURE},
    ("POST", "/api/v1/risks/{risk_id}/occur"): {"occurred_on": FUTURE},
    ("POST", "/api/v1/takeover-items"): {"asked_on": FUTURE},
    ("POST", "/api/v1/takeover-items/{item_id}/events"): {
        "on": "not in the future nor before the request",
    },
    ("POST", "/api/v1/actions"): {"done_on": FUTURE},
    ("POST", "/api/v1/assets"): {"last_verified_on": FUTURE},
    ("PATCH", "/api/v1/assets/{asset_id}"): {"last_verified_on": FUTURE},
    ("POST", "/api/v1/clients/{client_id}/stage"): {"confirmed_on": FUTURE},
    ("PUT", "/api/v1/engagements/{engagement_id}/cadence"): {
        "starts_on": "from 1970 to ten years from today",
    },
    ("POST", "/api/v1/clients/{client_id}/process-assessments"): {"assessed_on": FUTURE},
    ("POST", "/api/v1/engagements/{engagement_id}/reviews"): {
        "held_on": "not in the future nor before the engagement started",
        "provider_attendee_ids": "members of this workspace",
        "client_attendee_ids": "contacts of the engagement's client",
        "decided_by": "required when the client's answer is given",
    },
    ("POST", "/api/v1/handoff-steps/{step_id}"): {"notes": "a blocked step needs a note"},
    ("POST", "/api/v1/consents"): {
        "on": "not in the future, within ten years",
        "until": "after on, ten years at most, none for a refusal",
        "by_contact_id": "a contact of the client",
        "method": "portal is the client's own, in the portal",
    },
    ("POST", "/api/v1/consents/{consent_id}/revoke"): {
        "on": "not in the future nor before the consent",
        "reason": "required from members",
        "by_contact_id": "a contact of the consent's client",
    },
    # Issue 12: conflicts. Dates against today and the previous step, engagements of the
    # client, and what each move of the playbook needs.
    ("POST", "/api/v1/conflicts"): {
        "opened_on": "not in the future, within ten years",
        "engagement_ids": "engagements of the client",
    },
    ("POST", "/api/v1/conflicts/{case_id}/move"): {
        "on": "not in the future nor before the previous step",
        "cause": "required to reach cause_identified",
        "proposed": "required to propose a solution",
        "follow_up_on": "required when proposing; from the step's day to a year after",
        "engagement_id": "an engagement of the client",
        "terminate_engagement_ids": "engagements of the client",
        "terminated_by": "required to end the relationship",
        "notice_days": "between 0 and 365",
    },
    # Status reports: the period's order and length, and its start against today.
    ("POST", "/api/v1/engagements/{engagement_id}/status-reports"): {
        "period_start": "not in the future, within ten years",
        "period_end": "not before period_start, a year at most",
    },
    ("POST", "/api/v1/attachments"): {
        "file": "an allowed type whose bytes match its extension, not empty, within the limit",
        "purpose": "a logo is an image attached to a client",
        # Django's multipart parser drops a file part with no bytes: the empty file the schema
        # allows arrives as no file at all, and django-ninja names the missing part so.
        "file.file": "not empty",
    },
    ("POST", "/api/v1/imports/csv"): {
        "file": "a CSV whose columns are the kind's and whose every line the services accept",
        "file.file": "not empty",
    },
    ("PUT", "/api/v1/workspace/calendar"): {
        "subdivision": "a region of the chosen country",
        **{
            f"hours_{day}": "HH:MM-HH:MM ranges, in order, within the day; one open day"
            for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        },
    },
}
# Refused whatever the field: text that looks like a password or a key (R-OWN: Pacte never
# stores secrets) cannot be described by a pattern.
RULE_CODES_BEYOND_THE_SCHEMA = {"secret_refused"}


def _description() -> dict:
    """The description as /api/v1/openapi.json serves it, without the optional
    Idempotency-Key header: generated keys repeat ("0") across different bodies, which the
    API rightly refuses (422 idempotency_key_reused), as a client sends a new key for each
    new request. The header has its own tests (kernel/tests/test_idempotency.py)."""
    description = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    for operations in description["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and "parameters" in operation:
                operation["parameters"] = [
                    p for p in operation["parameters"] if p.get("name") != "Idempotency-Key"
                ]
    return description


schema = schemathesis.openapi.from_dict(_description(), config=CONFIG)
schema.app = application


def _beyond_the_schema(case, response) -> bool:
    """A 400 whose every field is a rule the operation's schema cannot state."""
    if response.status_code != 400:
        return False
    body = json.loads(response.content)
    if body.get("code") in RULE_CODES_BEYOND_THE_SCHEMA:
        return True
    allowed = RULES_BEYOND_THE_SCHEMA.get((case.method.upper(), case.path), {})
    fields = body.get("fields") or {}
    return bool(fields) and set(fields) <= set(allowed)


def valid_data_accepted(ctx, response, case):
    """Schemathesis' `positive_data_acceptance`, but for the rules beyond the schema."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if _beyond_the_schema(case, response):
            return None
        raise


@pytest.fixture
def bearer(world):
    return {"Authorization": f"Bearer {world.token('owner')}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_every_operation_keeps_its_description(case, bearer):
    case.call_and_validate(headers=bearer, additional_checks=[valid_data_accepted])


def test_the_narrowed_check_still_refuses_a_too_loose_schema():
    """The exceptions name fields of real operations (a renamed one would silently widen
    nothing, but would hide that the rule moved)."""
    paths = _description()["paths"]
    for (method, path), fields in RULES_BEYOND_THE_SCHEMA.items():
        assert method.lower() in paths.get(path, {}), f"{method} {path} is not an operation"
        assert fields
