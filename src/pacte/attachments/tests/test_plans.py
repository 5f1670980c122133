"""Every read of files is served by the (workspace, kind, subject) index, in its order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.attachments.selectors import attachment_list, attachments_of, logo_of
from pacte.testing import SQLITE_PLANS_ONLY, sqlite_plan

from .helpers import attach, recommendation

pytestmark = [pytest.mark.django_db, SQLITE_PLANS_ONLY]


def plans(read) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        read()
    return [sqlite_plan(q["sql"]) for q in captured if "attachments_attachment" in q["sql"]]


def test_the_reads_use_the_subject_index_without_sorting(world):
    rec = recommendation(world)
    attach(world, rec)
    owner = world.actor("owner")
    reads = [
        lambda: attachments_of(
            actor=owner, subject_kind="decisions.recommendation", subject_ids=[rec.pk, rec.pk + 1]
        ),
        lambda: list(
            attachment_list(actor=owner, subject_kind="decisions.recommendation", subject_id=rec.pk)
        ),
        lambda: logo_of(actor=owner, client_ids=[world.client.pk, world.other_client.pk]),
    ]
    for read in reads:
        found = plans(read)
        assert found
        for plan in found:
            text = " ".join(plan)
            assert "attachment_subject_idx" in text, plan
            assert "TEMP B-TREE" not in text, plan
