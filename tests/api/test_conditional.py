"""Conditional and repeatable requests on every endpoint (`api.views.conditional`): `ETag` and
`If-None-Match` on every readable resource, `Idempotency-Key` on every POST, `If-Match` on
every POST that acts on a case."""

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from viewflow.workflow.models import Task

from api.views.conditional import Conditional
from cases import calendar
from cases.ladder_data import LADDER_B
from cases.models import Case, CaseEvent, Document
from cases.services.dispute import assign_ladder
from cases.services.invoice_objection import invoice_register, objection_file
from tests.factories import build_invoice_world, invoice_line, proposal
from workflows.dispute.actions import open_dispute
from workflows.task_transfer.actions import submit_proposal

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))


def _operations(method):
    return [path for path, ops in SCHEMA["paths"].items() if method in ops]


def _api_views(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            view = getattr(entry.callback, "cls", None) or getattr(
                entry.callback, "view_class", None
            )
            yield route, view


def test_every_api_view_is_conditional():
    """A new endpoint is covered the day it is added, or this fails."""
    views = list(_api_views())
    assert len(views) > 20
    missing = [
        route
        for route, view in views
        if not route.startswith("api/v1/docs")
        and not (isinstance(view, type) and issubclass(view, Conditional))
    ]
    assert missing == []


def test_every_post_of_the_schema_documents_idempotency_and_if_match():
    posts = _operations("post")
    assert "/api/v1/task-transfers/{id}/withdraw/" in posts
    for path in posts:
        operation = SCHEMA["paths"][path]["post"]
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if path == "/api/v1/auth/token/":
            assert headers == set(), "public: nothing to repeat or to match"
            continue
        assert {"Idempotency-Key", "If-Match"} <= headers, path
        assert {"412", "422"} <= set(operation["responses"]), path


@pytest.fixture
def filled(world):
    """A value for every path parameter of the schema's GET operations."""
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    upload = SimpleUploadedFile("notat.txt", b"Et notat.", content_type="text/plain")
    from cases.services.documents import document_upload

    document = document_upload(case=case, actor=world.proposer, upload=upload)
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN")
    assign_ladder(world.community, LADDER_B)
    dispute = open_dispute(
        actor=world.secretary,
        counterparty=world.tromso,
        dispute_kind="agreement",
        subject="Uenighet om oppfølgingen",
    )
    iw = build_invoice_world(world)
    received = calendar.today() - timedelta(days=1)
    invoice = invoice_register(
        actor=iw.accountant,
        number="UNN-1",
        municipality=world.tromso,
        issued_on=received,
        received_on=received,
        lines=[invoice_line(world.unit, days=3)],
    )
    (objection,) = objection_file(
        actor=iw.clerk,
        invoice=invoice,
        lines=[{"line": invoice.lines.get().pk, "disputed_days": 1, "grounds": "Feil."}],
    )
    values = {
        "/api/v1/invoices/": {"id": invoice.pk},
        "/api/v1/cases/{case_pk}/journal/": {"case_pk": objection.pk},
        "/api/v1/cases/{case_pk}/patient-data-reads/": {"case_pk": objection.pk},
        "/api/v1/disputes/{id}/interest/": {"id": dispute.pk},
        "/api/v1/disputes/": {"id": dispute.pk},
        "/api/v1/cases/{case_pk}/documents/{id}/": {"case_pk": case.pk, "id": document.pk},
        "/api/v1/cases/{case_pk}/documents/{id}/download/": {
            "case_pk": case.pk,
            "id": document.pk,
        },
        "/api/v1/cases/{case_pk}/documents/": {"case_pk": case.pk},
        "/api/v1/cases/": {"id": case.pk},
        "/api/v1/task-transfers/": {"id": case.pk},
        "/api/v1/tasks/": {"id": task.pk},
        "/api/v1/committees/": {"id": world.secretariat.pk},
        "/api/v1/parties/": {"id": world.trust.pk},
        "/api/v1/units/": {"id": world.unit.pk},
    }

    queries = {"/api/v1/disputes/{id}/interest/": "?principal=1000&start=2024-01-01&end=2024-02-01"}

    def url_of(path):
        params = next((v for prefix, v in values.items() if path.startswith(prefix)), {})
        return path.format(**params) + queries.get(path, "")

    return url_of


@pytest.mark.parametrize("path", _operations("get"))
def test_every_readable_resource_has_an_etag_and_answers_304_to_it(api, world, filled, path):
    url = filled(path)
    first = api.get(world.secretary, url)
    assert first.status_code == 200, (url, first.content[:200])
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = api.get(world.secretary, url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_a_changed_resource_gets_a_new_etag(api, world):
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    url = f"/api/v1/cases/{case.pk}/events/"
    etag = api.get(world.secretary, url)["ETag"]
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN")
    assert api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/").status_code == 200
    changed = api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def _case_etag(api, world, case_id):
    return api.get(world.proposer, f"/api/v1/cases/{case_id}/")["ETag"]


def test_a_repeated_proposal_with_the_same_key_makes_one_case(api, world):
    first = api.post(
        world.proposer, "/api/v1/task-transfers/", proposal(), HTTP_IDEMPOTENCY_KEY="p1"
    )
    second = api.post(
        world.proposer, "/api/v1/task-transfers/", proposal(), HTTP_IDEMPOTENCY_KEY="p1"
    )
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Case.objects.count() == 1
    other = api.post(
        world.proposer,
        "/api/v1/task-transfers/",
        proposal(title="Et annet forslag"),
        HTTP_IDEMPOTENCY_KEY="p1",
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Case.objects.count() == 1


def _upload(api, user, case_id, content=b"Et notat.", **headers):
    file = SimpleUploadedFile("notat.txt", content, content_type="text/plain")
    return api.as_(user).post(
        f"/api/v1/cases/{case_id}/documents/", {"file": file}, format="multipart", **headers
    )


def test_a_repeated_upload_with_the_same_key_stores_one_document(api, world):
    case_id = api.post(world.proposer, "/api/v1/task-transfers/", proposal()).json()["id"]
    first = _upload(api, world.proposer, case_id, HTTP_IDEMPOTENCY_KEY="u1")
    second = _upload(api, world.proposer, case_id, HTTP_IDEMPOTENCY_KEY="u1")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert Document.objects.count() == 1
    other = _upload(api, world.proposer, case_id, content=b"Noe annet.", HTTP_IDEMPOTENCY_KEY="u1")
    assert other.status_code == 422
    assert Document.objects.count() == 1


def test_a_stale_if_match_refuses_a_case_action_and_changes_nothing(api, world):
    case_id = api.post(world.proposer, "/api/v1/task-transfers/", proposal()).json()["id"]
    stale = _case_etag(api, world, case_id)
    assert _upload(api, world.proposer, case_id, HTTP_IF_MATCH=stale).status_code == 201
    events = CaseEvent.objects.filter(case_id=case_id).count()

    url = f"/api/v1/task-transfers/{case_id}/withdraw/"
    refused = api.post(world.proposer, url, {"reason": "Ikke aktuelt."}, HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    assert refused.json()["code"] == "precondition_failed"
    assert _upload(api, world.proposer, case_id, HTTP_IF_MATCH=stale).status_code == 412
    assert Document.objects.count() == 1
    assert CaseEvent.objects.filter(case_id=case_id).count() == events
    assert Case.objects.get(pk=case_id).status == "submitted"

    fresh = _case_etag(api, world, case_id)
    done = api.post(world.proposer, url, {"reason": "Ikke aktuelt."}, HTTP_IF_MATCH=fresh)
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"


def test_a_replay_answers_even_though_the_case_has_changed_since(api, world):
    """The first request changed the case, so its If-Match is stale now; the repeat must
    still get the first answer, not 412."""
    case_id = api.post(world.proposer, "/api/v1/task-transfers/", proposal()).json()["id"]
    url = f"/api/v1/task-transfers/{case_id}/withdraw/"
    headers = {"HTTP_IF_MATCH": _case_etag(api, world, case_id), "HTTP_IDEMPOTENCY_KEY": "w1"}
    first = api.post(world.proposer, url, {"reason": "Ikke aktuelt."}, **headers)
    second = api.post(world.proposer, url, {"reason": "Ikke aktuelt."}, **headers)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert CaseEvent.objects.filter(case_id=case_id, action="withdrawn").count() == 1
