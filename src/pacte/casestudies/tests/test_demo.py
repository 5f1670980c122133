"""The case-study demo stories on a fresh workspace: the confidential law firm whose story is
refused at export, and the Québec maternity photographer's story."""

import pytest
from django.utils import translation

from pacte.casestudies.services import case_study_export
from pacte.demo import casestudies as demo
from pacte.demo import consents, governance
from pacte.demo.builder import Builder
from pacte.kernel.errors import Conflict

pytestmark = pytest.mark.django_db


def test_the_confidential_firms_case_study_is_refused_in_every_mode(world):
    b = Builder(world.actor("owner"))
    governance.power_struggle(b)
    consents.confidential_client(b)
    study = demo.confidential_refused(b)
    assert study.client.name == "Cabinet Ravel Avocats"
    for mode in ("named", "anonymised"):
        with pytest.raises(Conflict) as refused:
            case_study_export(actor=b.actor, case_study_id=study.pk, mode=mode, fmt="md")
        assert refused.value.code == "confidential_client"


def test_the_photographers_story_anonymised(world):
    b = Builder(world.actor("owner"))
    client, _people = b.client(
        "Studio Lumière Maternité",
        "Lévis",
        contacts=[("Robert Lapalme", "Photographe", "robert@studiolumiere.example", {})],
    )
    study = demo.photographer_case_study(b, client)
    with translation.override("fr"):
        text = case_study_export(
            actor=b.actor, case_study_id=study.pk, mode="anonymised", fmt="md"
        ).text
    assert (
        "Un photographe de maternité québécois" in text
        or "un photographe de maternité québécois" in text
    )
    assert "environ 2\xa0000 photos" in text and "entre 10 et 20\xa0k$" in text
    for gone in ("Lumière", "Robert", "Lapalme", "Lévis", "2 134", "12 400"):
        assert gone not in text, gone
    with pytest.raises(Conflict) as refused:
        case_study_export(actor=b.actor, case_study_id=study.pk, mode="named", fmt="md")
    assert refused.value.code == "consent_missing"


def test_the_photographers_written_consent_lets_the_story_out_named(world):
    """The demo's photographer signed for case study, testimonial and figures, against a
    discount: the named export goes through the guard."""
    b = Builder(world.actor("owner"))
    photographer = consents.maternity_photographer(b)
    study = demo.photographer_case_study(b, photographer)
    named = case_study_export(actor=b.actor, case_study_id=study.pk, mode="named", fmt="md")
    assert photographer.name in named.text
