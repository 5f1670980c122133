"""The guard in the export service itself (R-CONSENT), called directly: confidential clients
never, named only under the level and a consent per scope the text uses, anonymised only
when the re-scan of the rendered text finds nothing; each approved text's hash journaled."""

import hashlib

import pytest
from django.utils import translation

from pacte.casestudies.render import Story, markdown_visible, to_markdown
from pacte.casestudies.services import case_study_export, case_study_update
from pacte.kernel.errors import Conflict, InvalidInput, PermissionDenied
from pacte.kernel.models import LedgerEntry

from .helpers import consent, hotel, set_level, study

pytestmark = pytest.mark.django_db

MODES = ["named", "anonymised"]
FORMATS = ["md", "html", "odt"]


def export(world, s, mode="anonymised", fmt="md", kind="owner"):
    return case_study_export(actor=world.actor(kind), case_study_id=s.pk, mode=mode, fmt=fmt)


def exports_journaled(world):
    return LedgerEntry.objects.filter(workspace=world.workspace, action="casestudy.exported")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_confidential_clients_case_study_is_never_exported(world, mode, fmt):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement)
    for scope in ("case_study", "figures", "testimonial", "logo", "reference"):
        consent(world, scope)
    set_level(world.client, "confidential")
    with pytest.raises(Conflict) as refused:
        export(world, s, mode, fmt)
    assert refused.value.code == "confidential_client"
    assert not exports_journaled(world).exists()


def test_named_needs_the_level_and_names_the_missing_scopes(world):
    engagement, _helene = hotel(world, level="anonymised")
    s = study(
        world, engagement, results="Les réservations directes ont pris 37 %.", testimonial="Enfin !"
    )
    consent(world, "case_study")
    with pytest.raises(Conflict) as refused:
        export(world, s, "named")
    assert refused.value.code == "consent_missing" and "may not be named" in refused.value.detail
    set_level(world.client, "named")
    with pytest.raises(Conflict) as refused:
        export(world, s, "named")
    assert refused.value.code == "consent_missing"
    assert "figures" in refused.value.detail and "testimonial" in refused.value.detail
    assert "case_study" not in refused.value.detail
    consent(world, "figures")
    consent(world, "testimonial")
    done = export(world, s, "named")
    assert "Hôtel du Lac" in done.text and "37 %" in done.text


def test_the_figures_scope_only_when_figures_appear(world):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement, results="Moins de commissions depuis 2023.")
    consent(world, "case_study")
    assert "Hélène Martin" in export(world, s, "named").text
    case_study_update(actor=world.actor("owner"), case_study_id=s.pk, results="2 134 réservations.")
    with pytest.raises(Conflict) as refused:
        export(world, s, "named")
    assert refused.value.code == "consent_missing" and "figures" in refused.value.detail


@pytest.mark.parametrize(
    "record",
    [
        {"until": -1},  # expired yesterday
        {"given": 5},  # not yet given
    ],
)
def test_an_expired_or_future_consent_does_not_count(world, record):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement)
    consent(world, "case_study", **record)
    with pytest.raises(Conflict) as refused:
        export(world, s, "named")
    assert refused.value.code == "consent_missing" and "case_study" in refused.value.detail


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_case_study_is_exported_in_no_mode(world, mode):
    """R-NO: the client said no to a case study; an anonymised one is still theirs."""
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement)
    consent(world, "case_study", granted=False)
    with pytest.raises(Conflict) as refused:
        export(world, s, mode)
    assert refused.value.code == "consent_refused"
    assert not exports_journaled(world).exists()


def test_a_later_refusal_supersedes_a_grant(world):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement)
    consent(world, "case_study", given=-30)
    consent(world, "case_study", granted=False, given=-2)
    for mode in MODES:
        with pytest.raises(Conflict) as refused:
            export(world, s, mode)
        assert refused.value.code == "consent_refused"


@pytest.mark.parametrize("mode", MODES)
def test_a_withdrawn_case_study_consent_is_a_no_in_every_mode(world, mode):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement)
    consent(world, "case_study", given=-30, revoked=-1)
    with pytest.raises(Conflict) as refused:
        export(world, s, mode)
    assert refused.value.code == "consent_refused"


def test_a_grant_after_a_refusal_opens_the_export_again(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement)
    consent(world, "case_study", granted=False, given=-30)
    consent(world, "case_study", given=-2)
    assert export(world, s, "anonymised").content


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_anonymised_export_and_its_hash_in_the_ledger(world, fmt):
    engagement, _helene = hotel(world)
    s = study(
        world,
        engagement,
        results="2 134 photos, 12 500 € de commissions économisées.",
        testimonial="Hélène Martin : « Un vrai changement pour l'Hôtel du Lac. »",
    )
    done = export(world, s, "anonymised", fmt)
    entry = exports_journaled(world).get()
    assert entry.payload["sha256"] == hashlib.sha256(done.content).hexdigest() == done.sha256
    assert entry.payload["mode"] == "anonymised" and entry.payload["format"] == fmt
    assert entry.subject_id == str(s.pk)
    if fmt != "odt":
        text = done.text
        for gone in ("Hôtel du Lac", "Hélène", "Martin", "Annecy", "Refonte", "2 134", "12 500"):
            assert gone not in text, (gone, text)
        assert "un hôtel de charme savoyard" in text.lower()
    else:
        assert done.content[:2] == b"PK"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_leak_through_the_descriptor_is_refused_naming_the_span(world, fmt):
    engagement, _helene = hotel(world)
    s = study(world, engagement, descriptor="l'hôtel de Hélène à Annecy")
    with pytest.raises(Conflict) as refused:
        export(world, s, "anonymised", fmt)
    assert refused.value.code == "identity_leak"
    assert "Hélène" in refused.value.detail and "Annecy" in refused.value.detail
    assert not exports_journaled(world).exists()


def test_an_exact_figure_through_the_descriptor_is_caught(world):
    engagement, helene = hotel(world)
    s = study(world, engagement, testimonial="Merci !", testimonial_by_id=helene.pk)
    # The descriptor carries an exact figure and a phone number: neither is anonymised
    # (the author wrote it on purpose), both are caught by the re-scan.
    case_study_update(
        actor=world.actor("owner"), case_study_id=s.pk, descriptor="un hôtel de 47 chambres"
    )
    with pytest.raises(Conflict) as refused:
        export(world, s)
    assert refused.value.code == "identity_leak" and "47" in refused.value.detail


def test_a_descriptor_is_required_for_the_anonymised_version(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement, descriptor="")
    with pytest.raises(InvalidInput) as refused:
        export(world, s)
    assert refused.value.code == "descriptor_missing"


def test_only_owners_and_managers_export(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement)
    export(world, s, kind="manager")
    for kind in ("consultant", "viewer"):
        with pytest.raises(PermissionDenied):
            export(world, s, kind=kind)


def test_the_output_follows_the_request_language(world):
    engagement, _helene = hotel(world)
    s = study(world, engagement, results="2 134 photos.")
    assert "about 2,000 photos" in export(world, s).text
    with translation.override("fr"):
        assert "environ 2\xa0000 photos" in export(world, s).text


# --- Review of issue 12: what the reader sees is what the guard scans -------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "descriptor",
    [
        "un Hô\u00adtel du Lac savoyard",  # a soft hyphen
        "un Hôtel\u200bdu Lac savoyard",  # a zero-width space
        "un Hôtel du\u2060Lac savoyard",  # a word joiner
        "un H&ocirc;tel du Lac savoyard",  # a character reference
        "un hôtel savoyard (contact&commat;exemple.xyz)",  # an email once decoded
    ],
)
def test_what_a_reader_sees_through_the_descriptor_is_refused(world, fmt, descriptor):
    """Findings 2 and 3: the descriptor is the author's and not anonymised; the guard reads
    it as its reader does."""
    engagement, _helene = hotel(world)
    s = study(world, engagement, descriptor=descriptor)
    with pytest.raises(Conflict) as refused:
        export(world, s, "anonymised", fmt)
    assert refused.value.code == "identity_leak"
    assert not exports_journaled(world).exists()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_invisible_characters_and_references_in_the_story_are_replaced(world, fmt):
    engagement, _helene = hotel(world)
    s = study(
        world,
        engagement,
        body="Chez Hô\u00adtel du Lac, H&ocirc;tel\u200bdu Lac et H\u2060él\u00adène Martin "
        "(helene&#64;hoteldulac-annecy.fr).",
    )
    text = export(world, s, "anonymised", fmt).text
    for gone in ("\u00ad", "\u200b", "\u2060", "ocirc", "#64", "Lac", "Martin", "hoteldulac"):
        assert gone not in text, (gone, text)


def test_a_named_export_drops_invisible_characters(world):
    engagement, _helene = hotel(world, level="named")
    s = study(world, engagement, body="L'Hôtel\u200b du Lac, Hô\u00adtel.")
    consent(world, "case_study")
    text = export(world, s, "named").text
    assert "\u200b" not in text and "\u00ad" not in text and "Hôtel du Lac" in text


def test_markdown_shows_an_ampersand_as_written():
    """An "&" is escaped, so an author's "&ocirc;" stays those characters; the
    re-scan reads an unescaped reference as its character."""
    markdown = to_markdown(Story(title="R&D", body="H&ocirc;tel & co"))
    assert "R\\&D" in markdown and "H\\&ocirc;tel \\& co" in markdown
    assert markdown_visible(markdown) == "# R&D\n\nH&ocirc;tel & co\n"
    assert markdown_visible("H&ocirc;tel, a&#64;b.fr, \\&eacute;") == "Hôtel, a@b.fr, &eacute;"
