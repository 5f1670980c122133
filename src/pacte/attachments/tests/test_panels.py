"""The files show where evidence is read: on each recommendation of the engagement page, on
each handoff step, on the review page; each page reads all its files in one query, so it
costs as many queries with one file as with many."""

import pytest
from django.test import Client as HttpClient
from django.utils import translation

from pacte.governance.services import review_record
from pacte.governance.tests.helpers import started_engagement
from pacte.handoff.services import engagement_start_closing
from pacte.handoff.tests.helpers import queries_for, register, steps_of

from .helpers import PDF, TEXT, attach, recommend

pytestmark = pytest.mark.django_db


def browser(world, kind="owner"):
    http = HttpClient(headers={"Accept-Language": "en"})
    http.force_login(world.users[kind])
    return http


def test_the_engagement_page_shows_each_recommendations_files(world):
    engagement = started_engagement(world)
    recs = [recommend(world, engagement, title=f"R{i}") for i in range(3)]
    url = f"/engagements/{engagement.pk}/"
    attach(world, recs[0], name="refus signé.pdf")
    http = browser(world)
    one = queries_for(http, url)
    for rec in recs:
        attach(world, rec, name="notes.txt", data=TEXT)
    assert queries_for(http, url) == one
    page = http.get(url).content.decode()
    assert "refus_signé.pdf" in page
    assert page.count("notes.txt") == 3
    assert f"/files/upload/decisions.recommendation/{recs[0].pk}/" in page
    # A viewer sees the files, not the upload form.
    viewer = browser(world, "viewer").get(url).content.decode()
    assert "refus_signé.pdf" in viewer
    assert "/files/upload/" not in viewer


def test_the_handoff_page_shows_each_steps_files(world):
    for n in range(3):
        register(world, "domain", f"site{n}.fr", legal_owner="us", we_have_admin=True)
    engagement = started_engagement(world, days_ago=30)
    engagement_start_closing(actor=world.actor("owner"), engagement_id=engagement.pk)
    steps = steps_of(world, engagement)
    assert len(steps) >= 3
    url = f"/engagements/{engagement.pk}/handoff/"
    attach(world, steps[0], kind="handoff.handoffstep", name="transfert.pdf")
    http = browser(world)
    one = queries_for(http, url)
    for step in steps:
        attach(world, step, kind="handoff.handoffstep", name="accuse.txt", data=TEXT)
    assert queries_for(http, url) == one
    page = http.get(url).content.decode()
    assert "transfert.pdf" in page
    assert page.count("accuse.txt") == len(steps)


def test_the_review_page_shows_its_files(world):
    engagement = started_engagement(world)
    with translation.override("en"):
        review = review_record(
            actor=world.actor("owner"), engagement_id=engagement.pk, kind="operational"
        )
    url = f"/reviews/{review.pk}/"
    http = browser(world)
    none = queries_for(http, url)
    attach(world, review, kind="governance.review", name="CR signé.pdf", data=PDF)
    attach(world, review, kind="governance.review", name="notes.txt", data=TEXT)
    assert queries_for(http, url) == none
    page = http.get(url).content.decode()
    assert "CR_signé.pdf" in page and "notes.txt" in page
    assert f"/files/upload/governance.review/{review.pk}/" in page


def test_a_panel_re_rendered_by_htmx_sends_the_upload_back_to_the_page(world):
    """After an htmx action the panel is rendered by the action's URL: the upload form still
    goes back to the page the person is on (htmx's current URL), not to the action."""
    engagement = started_engagement(world)
    rec = recommend(world, engagement)
    page = f"/engagements/{engagement.pk}/"
    response = browser(world).post(
        f"/engagements/{engagement.pk}/do/recommendation/",
        {"title": ""},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"},
    )
    html = response.content.decode()
    assert f"/files/upload/decisions.recommendation/{rec.pk}/" in html
    assert f'name="next" value="{page}"' in html
