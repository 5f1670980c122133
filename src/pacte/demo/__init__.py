"""The demo workspace: Atelier Lumière, a small web agency in Lyon, and eighteen clients that
between them show every situation Pacte watches for. Everything is built through the services,
as real use would, with dates relative to today so the situations stay current.

One module per scenario, each saying which rules it shows and what it creates:

    workspace        the agency, its members (one per role) and the client-portal login
    clients          the healthy partnership (Boulangerie Martin)
    engagements      waiting for the deposit, draft, deposit overridden, on hold (R-DEPOSIT)
    billing          the late payer, in Canadian dollars
    change_requests  the change-request flood, from four contacts (R-CONTACTS, R-INVEST)
    decisions        refused advice and a reversed refusal (R-NO)
    exchanges        the silent engagement (R-SILENCE)
    assets           the asset registry, a subscription about to renew, ad spend paid by the
                     agency (R-OWN, R-DEADLINE)
    handoff          closed and terminated engagements with their handoff plans, and the
                     takeover checklist
    risks            a risk that occurred, with options for the client
    governance       an eighteen-year partnership at maturity, a power struggle in the first
                     months, an overdue quarterly committee (§4 cadence, lifecycle stage)
    support          an SLA whose request over the 8 May holiday is no breach while the next
                     week's is one, and a client with 15 requesters for 2 designated
                     contacts (R-CONTACTS)
    consents         a named client that refused a case study but allowed its name in the
                     reference list, the Québec maternity photographer's written consent
                     against a discount, a confidential law firm (R-CONSENT, R-NO)
    conflicts        a misunderstanding resolved after listening (Domaine des Trois Chênes),
                     and a bad-faith conflict ending in exit, with its handoff and the
                     settlement's content (Agence Immobilière Vasseur) (§3 playbook)
    reports          Boulangerie Martin's monthly status reports: last month's sent, this
                     month's a draft (§2 status report)

    loader           `load_demo`, which runs them in a fixed order: the stories are
                     independent, but the order fixes the ids and the ledger's sequence

This package is also the Django app that owns the `pacte demo` command, so this module imports
no model: it holds only the logins, which the command and the tests read. Load the demo with
`from pacte.demo.loader import load_demo`.
"""

from __future__ import annotations

DEMO_WORKSPACE = "Atelier Lumière"
DEMO_PASSWORD = "lumiere-demo-2026"
DEMO_OWNER = "camille@atelier-lumiere.example"
DEMO_OWNER_NAME = "Camille Durand"
DEMO_MEMBERS = [
    ("julien@atelier-lumiere.example", "Julien Morel", "manager"),
    ("sarah@atelier-lumiere.example", "Sarah Benali", "consultant"),
    ("theo@atelier-lumiere.example", "Théo Garnier", "viewer"),
]
DEMO_PORTAL_USER = ("helene@boulangerie-martin.example", "Hélène Martin", "Boulangerie Martin")
# The bakery's accountant: the invoices and the settlement, nothing else (DOMAIN §9).
DEMO_PORTAL_ACCOUNTANT = (
    "compta@boulangerie-martin.example",
    "Denis Roux",
    "Boulangerie Martin",
)


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, password, role) for every demo login, the owner first."""
    rows = [(DEMO_OWNER, DEMO_PASSWORD, "owner")]
    rows += [(email, DEMO_PASSWORD, role) for email, _name, role in DEMO_MEMBERS]
    rows.append((DEMO_PORTAL_USER[0], DEMO_PASSWORD, f"portal ({DEMO_PORTAL_USER[2]})"))
    rows.append(
        (
            DEMO_PORTAL_ACCOUNTANT[0],
            DEMO_PASSWORD,
            f"portal, finance only ({DEMO_PORTAL_ACCOUNTANT[2]})",
        )
    )
    return rows
