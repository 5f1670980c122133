"""The conflict pages: the list (open/closed, past follow-up), one case with its timeline,
its next moves from the table, the advice and the solution; the client page's form and
panel, the engagement page's panel and the dashboard's flag. Every page as each actor."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.utils import translation
from django.utils.html import escape

from pacte.conflicts.models import ConflictCase, ConflictStatus
from pacte.kernel.models import LedgerEntry
from pacte.testing import ANY_MEMBER, MEMBERS_ONLY, check_page_as_each_actor

from .helpers import answer, days_ago, move, open_case, running_engagement, to_awaiting

pytestmark = pytest.mark.django_db


def browser(world, kind="consultant", lang="en"):
    http = HttpClient(headers={"Accept-Language": lang})
    http.force_login(world.users[kind])
    return http


def test_the_list_as_each_actor(world):
    open_case(world, summary="Chez Alpha")
    responses = check_page_as_each_actor(world, "/conflicts/", ANY_MEMBER)
    assert "Chez Alpha" in responses["viewer"].content.decode()
    assert "Chez Alpha" not in responses["other_workspace"].content.decode()


def test_the_list_filters_open_and_closed_and_flags_past_follow_up(world):
    e = running_engagement(world)
    late = to_awaiting(world, open_case(world, [e], summary="En retard"))  # follow-up 7 days
    # after the step 26 days ago: past.
    done = to_awaiting(world, open_case(world, [e], summary="Réglé"))
    answer(world, done, "accepted")
    move(world, done, "resolved", on=days_ago(20))
    text = browser(world).get("/conflicts/?state=open").content.decode()
    assert "En retard" in text and "Réglé" not in text
    assert f'id="conflict-{late.pk}"' in text and "past follow-up" in text
    closed = browser(world).get("/conflicts/?state=closed").content.decode()
    assert "Réglé" in closed and "En retard" not in closed


def test_the_case_page_as_each_actor(world):
    case = open_case(world)
    check_page_as_each_actor(world, f"/conflicts/{case.pk}/", MEMBERS_ONLY)


def test_the_case_page_shows_its_steps_moves_advice_and_solution(world):
    e = running_engagement(world)
    case = open_case(world, [e])
    text = browser(world).get(f"/conflicts/{case.pk}/").content.decode()
    assert 'id="move-cause-identified"' in text and 'id="move-listening"' not in text
    assert "Find the cause first" in text and "ask the client plainly" in text
    case = to_awaiting(world, case)
    text = browser(world).get(f"/conflicts/{case.pk}/").content.decode()
    for slug in ("resolved", "apologised", "exit", "listening", "solution-proposed"):
        assert f'id="move-{slug}"' in text, slug
    assert "Call back on the agreed date" in text
    assert "Une séance de reprise offerte" in text and 'id="solution-answer"' in text
    assert text.count('id="step-') == 5
    viewer = browser(world, "viewer").get(f"/conflicts/{case.pk}/").content.decode()
    assert 'id="move-' not in viewer and "Call back on the agreed date" in viewer


def test_the_advice_is_in_the_users_language(world):
    case = open_case(world)
    text = browser(world, lang="fr").get(f"/conflicts/{case.pk}/").content.decode()
    with translation.override("fr"):
        french = translation.gettext("Find the cause first")
    assert french != "Find the cause first" and escape(french) in text


def test_a_move_through_the_page(world):
    case = open_case(world)
    url = f"/conflicts/{case.pk}/move/cause-identified/"
    refused = browser(world).post(url, {"cause_identified-notes": "Il ne dit pas pourquoi"})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    done = browser(world).post(
        url,
        {
            "cause_identified-notes": "Il pensait que la maquette était finale",
            "cause_identified-cause": "misunderstanding",
            "cause_identified-on": days_ago(29).isoformat(),
        },
    )
    assert done.status_code == 302 and done["Location"] == f"/conflicts/{case.pk}/"
    case.refresh_from_db()
    assert case.status == ConflictStatus.CAUSE_IDENTIFIED and case.cause == "misunderstanding"
    # A move out of the table says why, and changes nothing.
    again = browser(world).post(
        url, {"cause_identified-notes": "x", "cause_identified-cause": "scope"}
    )
    assert again.status_code == 400
    assert "cannot become" in again.content.decode()


def test_exit_through_the_page_links_the_terminated_engagement(world):
    e = running_engagement(world)
    case = to_awaiting(world, open_case(world, [e]))
    answer(world, case, "refused")
    done = browser(world).post(
        f"/conflicts/{case.pk}/move/exit/",
        {
            "exit-notes": "Le client persiste",
            "exit-terminate_engagement_ids": [e.pk],
            "exit-terminated_by": "us",
            "exit-reason": "Mauvaise foi",
            "exit-notice_days": "30",
        },
    )
    assert done.status_code == 302
    e.refresh_from_db()
    assert e.status == "terminated" and e.notice_days == 30
    text = browser(world).get(f"/conflicts/{case.pk}/").content.decode()
    assert f'href="/engagements/{e.pk}/"' in text and "Final settlement and handoff" in text


def test_the_move_url_as_each_actor(world):
    case = open_case(world)
    check_page_as_each_actor(
        world,
        f"/conflicts/{case.pk}/move/cause-identified/",
        {
            "anonymous": 302,
            "owner": 400,  # no notes, no cause: the page says why
            "manager": 400,
            "consultant": 400,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
    )
    assert browser(world).post(f"/conflicts/{case.pk}/move/nowhere/").status_code == 404


def test_opening_a_case_from_the_client_page(world):
    e = running_engagement(world)
    foreign = running_engagement(world, client=world.other_client, title="Chez Beta")
    url = f"/clients/{world.client.pk}/do/conflict/"
    done = browser(world).post(
        url,
        {
            "conflict-summary": "Désaccord sur le périmètre",
            "conflict-engagement_ids": [e.pk],
            "conflict-notes": "Appel tendu",
        },
    )
    assert done.status_code == 302
    case = ConflictCase.objects.in_workspace(world.workspace).get()
    assert list(case.engagements.all()) == [e]
    # Another client's engagement is not offered, and not taken.
    before = LedgerEntry.objects.in_workspace(world.workspace).count()
    refused = browser(world).post(
        url, {"conflict-summary": "x", "conflict-engagement_ids": [foreign.pk]}
    )
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert LedgerEntry.objects.in_workspace(world.workspace).count() == before
    assert browser(world, "viewer").post(url, {"conflict-summary": "x"}).status_code == 403
    client_page = browser(world).get(f"/clients/{world.client.pk}/").content.decode()
    assert 'id="conflicts"' in client_page and "Désaccord sur le périmètre" in client_page
    viewer_page = browser(world, "viewer").get(f"/clients/{world.client.pk}/").content.decode()
    assert "Désaccord sur le périmètre" in viewer_page and "/do/conflict/" not in viewer_page


def test_the_client_action_as_each_actor(world):
    check_page_as_each_actor(
        world,
        f"/clients/{world.client.pk}/do/conflict/",
        {
            "anonymous": 302,
            "owner": 302,
            "manager": 302,
            "consultant": 302,
            "viewer": 403,
            "portal": 404,
            "portal_other_client": 404,
            "other_workspace": 404,
        },
        method="post",
        data={"conflict-summary": "Un désaccord"},
    )


def test_the_engagement_page_shows_its_cases(world):
    e = running_engagement(world)
    other = running_engagement(world, title="Maintenance")
    open_case(world, [e], summary="Sur la refonte")
    open_case(world, [other], summary="Sur la maintenance")
    text = browser(world).get(f"/engagements/{e.pk}/").content.decode()
    assert 'id="conflicts"' in text
    assert "Sur la refonte" in text and "Sur la maintenance" not in text


def test_the_dashboard_flags_the_cases_past_their_follow_up(world):
    e = running_engagement(world)
    late = to_awaiting(world, open_case(world, [e], summary="Rappel oublié"))
    on_time = open_case(world, [e], summary="Rappel prévu", opened_on=days_ago(2))
    move(world, on_time, "cause_identified", on=days_ago(1), follow_up_on=days_ago(-3))
    text = browser(world).get("/dashboard/").content.decode()
    assert 'id="conflicts-past-follow-up"' in text
    assert f'href="/conflicts/{late.pk}/"' in text and "Rappel prévu" not in text
    # Closed, it is no longer flagged.
    answer(world, late, "accepted")
    move(world, late, "resolved", on=days_ago(1))
    text = browser(world).get("/dashboard/").content.decode()
    assert 'id="conflicts-past-follow-up"' not in text
