"""R-CONSENT and R-NO: what the register records, what it refuses, what stands over time."""

import pytest

from pacte.clients.selectors import contact_of_client
from pacte.clients.services import client_create, contact_create
from pacte.consents.models import ConsentMethod
from pacte.consents.selectors import consent_register, current_consents, valid_scopes
from pacte.consents.services import consent_record, consent_revoke
from pacte.kernel.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from pacte.kernel.models import LedgerEntry
from pacte.kernel.tenancy import Actor

from .helpers import contact, days, grant, refuse, revoke, today

pytestmark = pytest.mark.django_db


def scopes_on(world, day):
    return valid_scopes(actor=world.actor("owner"), client_ids=[world.client.pk], on=day).get(
        world.client.pk, set()
    )


# --- Validity over time ----------------------------------------------------------------------


def test_a_grant_is_valid_from_its_day_until_its_end(world):
    grant(world, on=days(-10), until=days(20))
    assert scopes_on(world, days(-11)) == set()  # not begun
    assert scopes_on(world, days(-10)) == {"reference"}
    assert scopes_on(world, days(20)) == {"reference"}
    assert scopes_on(world, days(21)) == set()  # expired


def test_a_revoked_grant_ends_on_the_day_of_revocation(world):
    c = grant(world, on=days(-10))
    revoke(world, c, on=days(-2))
    assert scopes_on(world, days(-3)) == {"reference"}
    assert scopes_on(world, days(-2)) == set()


def test_a_later_refusal_supersedes_a_grant_and_a_later_grant_lifts_a_refusal(world):
    """R-NO: the refusal stands until the client reverses it, and only a later grant does."""
    grant(world, on=days(-30))
    refuse(world, on=days(-20))
    assert scopes_on(world, days(-25)) == {"reference"}
    assert scopes_on(world, days(-20)) == set()
    assert scopes_on(world, days(-1)) == set()
    grant(world, on=days(-5))
    assert scopes_on(world, days(-5)) == {"reference"}


def test_an_older_grant_entered_later_does_not_lift_a_refusal(world):
    refuse(world, on=days(-5))
    grant(world, on=days(-30))  # a late record of the past
    assert scopes_on(world, today()) == set()
    standing = current_consents(
        actor=world.actor("owner"), client_ids=[world.client.pk], on=today()
    )
    assert standing[world.client.pk]["reference"].granted is False


def test_refusals_are_listed_never_hidden(world):
    grant(world, "case_study", on=days(-30))
    refuse(world, "case_study", on=days(-20), notes="Pas d'étude de cas")
    register = {
        s.scope: s
        for s in consent_register(actor=world.actor("viewer"), client=world.client, on=today())
    }
    cs = register["case_study"]
    assert cs.state == "refused" and not cs.in_force
    assert [c.granted for c in cs.history] == [False, True]
    assert register["logo"].state == "none"


# --- Dates and people ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "on, until, code",
    [
        (days(1), None, "in_future"),
        (days(-4000), None, "too_old"),
        (days(-10), days(-10), "until_before_on"),
        (days(-10), days(-11), "until_before_on"),
        (days(-10), days(3700), "until_too_far"),
    ],
)
def test_dates_are_checked(world, on, until, code):
    with pytest.raises(InvalidInput) as exc:
        grant(world, on=on, until=until)
    assert exc.value.code == code


def test_a_refusal_has_no_end_date(world):
    with pytest.raises(InvalidInput) as exc:
        refuse(world, until=days(100))
    assert exc.value.code == "refusal_has_no_end"


def test_the_contact_must_be_the_clients(world):
    theirs = contact(world, "Gérard Garage", client=world.other_client)
    with pytest.raises(InvalidInput) as exc:
        grant(world, by_contact_id=theirs.pk)
    assert exc.value.code == "contact_of_another_client"
    mine = contact(world, "Claire Client")
    assert grant(world, by_contact_id=mine.pk).by_contact == mine


def test_members_cannot_claim_the_portal_method(world):
    with pytest.raises(InvalidInput) as exc:
        grant(world, method=ConsentMethod.PORTAL)
    assert exc.value.code == "portal_method_reserved"


def test_viewers_and_another_workspace_record_nothing(world):
    with pytest.raises(PermissionDenied):
        grant(world, actor=world.actor("viewer"))
    with pytest.raises(NotFound):
        grant(world, actor=world.actor("other_workspace"))


# --- Revocation --------------------------------------------------------------------------------


def test_only_a_standing_grant_is_revoked_and_not_before_it_was_given(world):
    c = grant(world, on=days(-10))
    with pytest.raises(InvalidInput) as exc:
        revoke(world, c, on=days(-11))
    assert exc.value.code == "revoked_before_given"
    revoke(world, c, on=days(-1))
    with pytest.raises(Conflict) as exc:
        revoke(world, c)
    assert exc.value.code == "already_revoked"
    with pytest.raises(Conflict) as exc:
        revoke(world, refuse(world, "logo"))
    assert exc.value.code == "refusal_not_revocable"
    expired = grant(world, "figures", on=days(-100), until=days(-50))
    with pytest.raises(Conflict) as exc:
        revoke(world, expired)
    assert exc.value.code == "already_expired"


def test_a_member_revocation_says_why(world):
    c = grant(world)
    with pytest.raises(InvalidInput):
        revoke(world, c, reason="  ")


# --- The portal: the client's own people, with the decisions right -------------------------------


def test_a_portal_decision_maker_grants_refuses_and_revokes_for_their_own_client(world):

    me = contact(world, "Paula Portail", email=world.users["portal"].email)
    actor = world.actor("portal")
    # Whatever client, day or method is sent, the record is the client's own, today.
    c = consent_record(
        actor=actor,
        client_id=world.other_client.pk,
        scope="logo",
        granted=True,
        on=days(-300),
        method="oral",
        by_contact_id=None,
    )
    assert (c.client, c.by_contact, c.method, c.given_on) == (world.client, me, "portal", today())
    consent_revoke(actor=actor, consent_id=c.pk, on=days(-300))
    c.refresh_from_db()
    assert (c.revoked_on, c.revoked_by_contact) == (today(), me)
    refusal = consent_record(actor=actor, client_id=None, scope="case_study", granted=False)
    assert refusal.granted is False and refusal.method == "portal"


def test_a_portal_user_without_the_decisions_right_decides_nothing(world):

    contact(world, "Paula Portail", email=world.users["portal"].email, decides=False)
    with pytest.raises(PermissionDenied):
        consent_record(actor=world.actor("portal"), scope="logo", granted=True)
    # Not a contact at all: refused too.
    with pytest.raises(PermissionDenied):
        consent_record(actor=world.actor("portal_other_client"), scope="logo", granted=True)


def test_a_portal_user_cannot_revoke_another_clients_consent(world):

    contact(
        world, "Bob Beta", client=world.other_client, email=world.users["portal_other_client"].email
    )
    theirs = grant(world, client=world.client)
    with pytest.raises(NotFound):
        consent_revoke(actor=world.actor("portal_other_client"), consent_id=theirs.pk)


# --- The journal --------------------------------------------------------------------------------


def test_every_record_is_journaled_with_every_field(world):
    who = contact(world, "Mélodie Gagnon")
    c = grant(
        world,
        "case_study",
        on=days(-10),
        until=days(700),
        by_contact_id=who.pk,
        consideration="10 per cent off",
        notes="Signé",
        method="document",
    )
    refuse(world, "logo", on=days(-3))
    revoke(world, c, on=days(-1), reason="Changement d'avis", by_contact_id=who.pk)
    entries = {
        e.action: e.payload
        for e in LedgerEntry.objects.filter(
            workspace=world.workspace, action__startswith="consent."
        )
    }
    assert entries["consent.granted"] == {
        "client": world.client.name,
        "scope": "case_study",
        "granted": True,
        "by": "Mélodie Gagnon",
        "method": "document",
        "on": days(-10).isoformat(),
        "until": days(700).isoformat(),
        "consideration": "10 per cent off",
        "notes": "Signé",
        "in_portal": False,
    }
    assert entries["consent.refused"]["granted"] is False
    assert entries["consent.revoked"] == {
        "client": world.client.name,
        "scope": "case_study",
        "given_on": days(-10).isoformat(),
        "on": days(-1).isoformat(),
        "by": "Mélodie Gagnon",
        "reason": "Changement d'avis",
        "in_portal": False,
    }


# --- clients.selectors.contact_of_client -------------------------------------------------------


def test_contact_of_client_answers_the_same_for_absent_foreign_and_other_clients(world):

    mine = contact(world, "Claire Client")
    theirs = contact(world, "Gérard Garage", client=world.other_client)
    foreign = contact_create(
        actor=Actor.system(world.other_workspace),
        client_id=world.foreign_client.pk,
        full_name="Gamma",
    )
    actor = world.actor("owner")
    assert contact_of_client(actor=actor, client=world.client, contact_id=str(mine.pk)) == mine
    for wrong in (theirs.pk, foreign.pk, 999_999, "abc", True, None):
        with pytest.raises(InvalidInput) as exc:
            contact_of_client(actor=actor, client=world.client, contact_id=wrong)
        assert exc.value.code == "contact_of_another_client"


def test_a_client_created_with_a_level_keeps_it(world):

    client = client_create(
        actor=world.actor("owner"), name="Secret SA", confidentiality="confidential"
    )
    assert client.confidentiality == "confidential"
    assert (
        client_create(actor=world.actor("owner"), name="Ordinaire").confidentiality == "anonymised"
    )
    with pytest.raises(InvalidInput):
        client_create(actor=world.actor("owner"), name="Autre", confidentiality="public")
