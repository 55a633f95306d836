"""Schemathesis (issue 12, "bad input"): generated requests, valid and invalid, against the
whole Django stack (WSGI: every middleware, the API's error handling) for every operation of
the committed `openapi.yaml`, as several demo users on the demo data. Checked: no 5xx, status
code, content type and body as the schema says, and every error is problem+json.

Bounded: `SAKSFLYT_SCHEMATHESIS_EXAMPLES` examples per operation and mode (default 8),
no shrinking, derandomized so CI sees the same requests each run.
"""

import io
import os
from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from viewflow.workflow.models import Task

from cases.models import (
    Case,
    Committee,
    Dispute,
    HospitalUnit,
    Invoice,
    Party,
    StatementRequest,
    TaskTransfer,
)
from workflows.demo import COMMUNITY_SLUG

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("SAKSFLYT_SCHEMATHESIS_EXAMPLES", "8"))
# A role of each kind: secretariat, SSU chair, panel member, proposer, patient (no party).
DEMO_USERS = ["sekretariat", "ssu.tromso", "lege.unn", "forslag.harstad", "pasient"]
PROBLEM_FIELDS = {"type", "title", "status", "detail", "code"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def problem_errors(response) -> list[str]:
    """Why an error response is not a problem document (empty when it is, or no error)."""
    if response.status_code < 400:
        return []
    headers = {name.lower(): values for name, values in response.headers.items()}
    content_type = headers.get("content-type", [""])[0]
    if not content_type.startswith("application/problem+json"):
        return [f"{response.status_code} as {content_type!r}, not problem+json"]
    body = response.json()
    missing = PROBLEM_FIELDS - set(body)
    if missing or body["status"] != response.status_code:
        return [f"{response.status_code}: problem without {sorted(missing)} or wrong status"]
    return []


def _tokens() -> list[str]:
    users = get_user_model().objects.filter(username__in=DEMO_USERS)
    assert users.count() == len(DEMO_USERS)
    return [Token.objects.get_or_create(user=user)[0].key for user in users]


def _known_ids() -> dict[str, dict[str, list]]:
    """Ids of the demo data by route, so valid requests reach real objects, not only 404s. The
    cases and tasks are those of Troms og Ofoten, the community of `DEMO_USERS`; the other demo
    community's are for its own people to see."""
    # In the order they were made, on every database (PostgreSQL returns updated rows last),
    # so the derandomized examples are the same on SQLite and PostgreSQL.
    own = Case.objects.filter(community__slug=COMMUNITY_SLUG).order_by("created_at", "pk")
    cases = [str(pk) for pk in own.values_list("pk", flat=True)]
    tasks = Task.objects.filter(flow_task_type="HUMAN", process__in=own.values("process")).order_by(
        "pk"
    )
    return {
        "/api/v1/cases/": {"id": cases, "case_pk": cases},
        "/api/v1/task-transfers/": {
            "id": [str(pk) for pk in TaskTransfer.objects.values_list("pk", flat=True)],
            "statement_id": list(StatementRequest.objects.values_list("pk", flat=True)),
        },
        "/api/v1/disputes/": {
            "id": [
                str(pk)
                for pk in Dispute.objects.filter(community__slug=COMMUNITY_SLUG).values_list(
                    "pk", flat=True
                )
            ]
        },
        "/api/v1/tasks/": {"id": list(tasks.values_list("pk", flat=True))},
        "/api/v1/invoices/": {
            "id": list(
                Invoice.objects.filter(community__slug=COMMUNITY_SLUG).values_list("pk", flat=True)
            )
        },
        "/api/v1/parties/": {"id": list(Party.objects.values_list("pk", flat=True))},
        "/api/v1/committees/": {"id": list(Committee.objects.values_list("pk", flat=True))},
        "/api/v1/units/": {"id": list(HospitalUnit.objects.values_list("pk", flat=True))},
    }


def _strategy(operation, mode, known):
    """Generated requests; valid ones half the time on the ids of objects that exist."""
    generated = operation.as_strategy(generation_mode=mode)
    names = {p.name for p in operation.path_parameters}
    ids = next((v for prefix, v in known.items() if operation.path.startswith(prefix)), {})
    fixed = {name: st.sampled_from(ids[name]) for name in names if ids.get(name)}
    if mode is GenerationMode.NEGATIVE or not fixed:
        return generated
    existing = st.fixed_dictionaries(fixed).flatmap(
        lambda params: operation.as_strategy(generation_mode=mode, path_parameters=params)
    )
    return st.one_of(generated, existing)


def _run(operation, mode, tokens, known, failures, statuses):
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, mode, known), token=st.sampled_from(tokens))
    def run(case, token):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
        response = case.call()
        statuses.setdefault(operation.label, set()).add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # schemathesis raises one failure or a group of them
            for failure in getattr(exc, "exceptions", [exc]):
                title = " ".join(str(failure).split())[:300]
                failures.append(f"{mode} {operation.label} -> {response.status_code}: {title}")
        failures.extend(f"{mode} {operation.label}: {e}" for e in problem_errors(response))

    try:
        run()
    except Unsatisfiable:
        # Nothing of the kind exists: an operation without parameters or body has no invalid
        # request to make, in NEGATIVE mode.
        if mode is GenerationMode.POSITIVE:
            raise


@pytest.fixture
def wsgi_app():
    """Django's WSGI application inside the test's transaction. As Django's test client does,
    requests do not close the database connection when they end (on PostgreSQL that would
    end the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_generated_requests_get_no_5xx_and_answers_match_the_schema(wsgi_app):
    call_command("load_demo", stdout=io.StringIO())
    tokens = _tokens()
    schema = schemathesis.openapi.from_path(str(ROOT / "openapi.yaml"))
    schema.app = wsgi_app
    known = _known_ids()
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, mode, tokens, known, failures, statuses)
    assert not failures, "\n".join(sorted(set(failures)))
    # The requests reached real objects and changed things, not only 404s and 400s.
    succeeded = {label for label, codes in statuses.items() if min(codes) < 300}
    assert {
        "GET /api/v1/cases/{id}/",
        "GET /api/v1/tasks/{id}/",
        "GET /api/v1/task-transfers/{id}/",
        "POST /api/v1/task-transfers/",
    } <= succeeded
