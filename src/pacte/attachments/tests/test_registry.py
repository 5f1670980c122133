"""The registry decides who may attach to what, and who sees a kind's files."""

import pytest

from pacte.attachments.registry import attachable, register_attachable
from pacte.attachments.services import attachment_add
from pacte.kernel.errors import NotFound, PermissionDenied
from pacte.kernel.permissions import Perm

from .helpers import attach, recommendation, upload

pytestmark = pytest.mark.django_db


def test_the_upper_apps_register_their_kinds():
    for key in (
        "decisions.recommendation",
        "exchanges.exchange",
        "handoff.handoffstep",
        "governance.review",
        "clients.client",
    ):
        assert attachable(key).key == key


def test_a_viewer_cannot_attach_when_the_kind_asks_a_writer(world):
    rec = recommendation(world)
    assert attachable("decisions.recommendation").attach_perm == Perm.RECOMMENDATION_EDIT
    with pytest.raises(PermissionDenied):
        attach(world, rec, as_="viewer")
    attach(world, rec, as_="consultant")


def test_a_portal_user_cannot_attach_to_a_recommendation(world):
    with pytest.raises(PermissionDenied):
        attach(world, recommendation(world), as_="portal")


def test_records_the_actor_cannot_see_are_not_found(world):
    rec = recommendation(world)
    for kind in ("portal_other_client", "other_workspace"):
        with pytest.raises(NotFound):
            attach(world, rec, as_=kind)
    with pytest.raises(NotFound):
        attach(world, rec, kind="unknown.kind")
    with pytest.raises(NotFound):
        attachment_add(
            actor=world.actor("owner"),
            subject_kind="decisions.recommendation",
            subject_id=rec.pk + 1000,
            upload=upload("a.pdf", b"%PDF-"),
        )


def test_a_key_is_registered_once():
    with pytest.raises(ValueError):
        register_attachable(
            "decisions.recommendation",
            label="x",
            find=lambda actor, pk: None,
            attach_perm=Perm.CLIENT_EDIT,
        )
    with pytest.raises(ValueError):
        register_attachable("bad key/", label="x", find=None, attach_perm=Perm.CLIENT_EDIT)
