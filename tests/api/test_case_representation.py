"""The case representation is written in one pass (`CaseSerializer.to_representation`); it must
be exactly what the declared fields give (`declared_representation`), for every kind of case,
with tasks claimed and open, deadlines, parties and links, in a list and alone."""

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.serializers.cases import CaseSerializer
from api.views.common import case_page_context, case_queryset
from cases.models import Case
from cases.selectors import linked_cases
from tests.disputes import LADDER_B, open_dispute, sides_on
from tests.factories import build_invoice_world, proposal, register_invoice
from tests.invoices import file_objection, on_day
from tests.journey import open_task
from workflows import engine
from workflows.task_transfer.actions import submit_proposal


class _Request:
    def __init__(self, user):
        self.user = user


def _both(cases, user):
    """The one-pass representation of cases read as the list and detail read them (without
    the kinds' own rows), and the declared fields' representation of the same cases read with
    them; the first reads nothing more than its page context."""
    pks = [c.pk for c in cases]
    bare = list(case_queryset(subclasses=False).filter(pk__in=pks).order_by("reference"))
    full = list(case_queryset().filter(pk__in=pks).order_by("reference"))
    context = {"request": _Request(user), **case_page_context(bare)}
    context["_links"] = linked_cases(pks, user)
    with CaptureQueriesContext(connection) as queries:
        fast = CaseSerializer(bare, many=True, context=context).data
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]
    full_context = {"request": _Request(user), **case_page_context(full)}
    declared_serializer = CaseSerializer(full, many=True, context=full_context).child
    declared = [declared_serializer.declared_representation(c) for c in full]
    return fast, declared


def _same(fast, declared):
    # The same values and types (a UUID stays a UUID), and the same JSON, key order included.
    assert fast == declared
    for a, b in zip(fast, declared, strict=True):
        assert list(a) == list(b)
        assert json.dumps(a, cls=DjangoJSONEncoder) == json.dumps(b, cls=DjangoJSONEncoder)


def test_task_transfer_representation_equals_the_declared_fields(world):
    cases = [
        submit_proposal(
            community=world.community, proposer=world.proposer, data=proposal(title=f"Sak {i}")
        )
        for i in range(3)
    ]
    engine.task_claim(task_id=open_task(cases[0], "screen").pk, user=world.secretary)
    fast, declared = _both(cases, world.secretary)
    _same(fast, declared)
    assert any(row["open_tasks"] and row["open_tasks"][0]["assignee"] for row in fast)
    assert all(row["deadlines"] and row["parties"] for row in fast)


def test_dispute_representation_with_links_equals_the_declared_fields(world):
    sides = sides_on(world, LADDER_B)
    origin = open_dispute(sides, subject="Opprinnelig sak")
    case = open_dispute(sides, opened_from=origin)
    fast, declared = _both([origin, case], sides.trust)
    _same(fast, declared)
    assert all(row["links"] for row in fast)


def test_invoice_objection_representation_equals_the_declared_fields(db, monkeypatch):
    iw = build_invoice_world()
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    case = file_objection(iw, invoice, 1, 2, days=4)[0]
    viewer = Case.objects.get(pk=case.pk).created_by
    fast, declared = _both([case], viewer)
    _same(fast, declared)
    assert fast[0]["kind"] == "invoice_objection"


def test_a_kinds_own_serializer_keeps_its_fields(world):
    """`DisputeSerializer` and `TaskTransferSerializer` extend the case representation; the
    one-pass writer is the case's alone, so theirs keep every declared field."""
    from api.serializers.disputes import DisputeSerializer

    sides = sides_on(world, LADDER_B)
    case = open_dispute(sides, subject="Egen sak")
    serializer = DisputeSerializer(case, context={"request": _Request(sides.trust)})
    assert set(serializer.data) == set(DisputeSerializer.Meta.fields)


def test_the_detail_etag_changes_with_every_part_of_the_representation(api, world):
    """The 304 is answered from the hash of the representation the viewer would get, so it
    follows changes no event numbers: a task claimed, a deadline passed (no write at all when
    the day turns), a link added."""
    from datetime import timedelta

    from cases import calendar
    from cases.models import Deadline
    from cases.services.links import link_cases

    case, other = (
        submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
        for _ in range(2)
    )
    url = f"/api/v1/cases/{case.pk}/"
    etags = [api.get(world.secretary, url)["ETag"]]

    engine.task_claim(task_id=open_task(case, "screen").pk, user=world.secretary)
    etags.append(api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etags[-1])["ETag"])

    Deadline.objects.filter(case=case).update(due_on=calendar.today() - timedelta(days=1))
    response = api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etags[-1])
    assert response.status_code == 200 and response.json()["deadlines"][0]["overdue"]
    etags.append(response["ETag"])

    link_cases(case, other, relation="opened_from")
    etags.append(api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etags[-1])["ETag"])
    assert len(set(etags)) == len(etags), etags
    assert api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etags[3]).status_code == 304
