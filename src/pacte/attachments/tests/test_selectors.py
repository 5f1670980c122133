"""Panels read every file of a page in one query; logos in one query."""

import pytest

from pacte.attachments.selectors import attachments_of, logo_of
from pacte.exchanges.services import exchange_log

from .helpers import GIF, PDF, PNG, attach, recommendation

pytestmark = pytest.mark.django_db


def test_the_files_of_many_records_in_one_query(world, django_assert_num_queries):
    recs = [recommendation(world) for _ in range(3)]
    for rec in recs[:2]:
        attach(world, rec, name="a.pdf")
        attach(world, rec, name="b.txt", data=b"ok\n")
    owner = world.actor("owner")
    with django_assert_num_queries(1):
        found = attachments_of(
            actor=owner, subject_kind="decisions.recommendation", subject_ids=[r.pk for r in recs]
        )
        names = {pk: [f.name for f in files] for pk, files in found.items()}
    assert names == {recs[0].pk: ["b.txt", "a.pdf"], recs[1].pk: ["b.txt", "a.pdf"]}
    assert found[recs[2].pk] == []
    # No record: the same one query, so a page costs the same with or without rows.
    with django_assert_num_queries(1):
        assert not attachments_of(
            actor=owner, subject_kind="decisions.recommendation", subject_ids=[]
        )


def test_files_of_a_kind_hidden_from_the_portal(world):
    exchange = exchange_log(
        actor=world.actor("consultant"),
        client_id=world.client.pk,
        channel="email",
        direction="inbound",
        summary="Accord",
    )
    attach(world, exchange, kind="exchanges.exchange")
    ids = [exchange.pk]
    assert attachments_of(
        actor=world.actor("owner"), subject_kind="exchanges.exchange", subject_ids=ids
    )
    assert not attachments_of(
        actor=world.actor("portal"), subject_kind="exchanges.exchange", subject_ids=ids
    )


def test_the_latest_logo_of_each_client(world, django_assert_num_queries):
    client, other = world.client, world.other_client
    attach(world, client, kind="clients.client", name="old.png", data=PNG, purpose="logo")
    latest = attach(world, client, kind="clients.client", name="new.gif", data=GIF, purpose="logo")
    attach(world, client, kind="clients.client", name="lettre.pdf", data=PDF)
    attach(world, other, kind="clients.client", name="lettre.pdf", data=PDF)
    owner = world.actor("owner")
    with django_assert_num_queries(1):
        logos = logo_of(actor=owner, client_ids=[client.pk, other.pk])
    assert logos == {client.pk: latest}
