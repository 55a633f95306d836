"""Input of the wrong type is refused, never coerced; an over-long Idempotency-Key is refused,
never cut. Each is a 400 problem that changes nothing (findings of issue 12).
"""

import pytest
from rest_framework.authtoken.models import Token
from viewflow.workflow.models import Task

from api.models import IdempotencyKey
from cases.models import Case, CaseEvent, Committee, CommitteeKind
from tests.api.conftest import assert_problem, field_codes, raw_client, to_investigation
from tests.api.test_tasks import SCREEN_OK, _case_and_task, _snapshot


# --- Idempotency-Key ---------------------------------------------------------------------
def test_an_idempotency_key_over_200_characters_is_refused_not_cut(api, world):
    """Two keys sharing their first 200 characters used to replay each other's answer."""
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    before = _snapshot(case)
    response = api.post(
        world.secretary,
        f"/api/v1/tasks/{task.pk}/complete/",
        SCREEN_OK,
        HTTP_IDEMPOTENCY_KEY="k" * 201,
    )
    assert_problem(response, 400, "idempotency_key_too_long")
    assert field_codes(response) == {("Idempotency-Key", "idempotency_key_too_long")}
    assert _snapshot(case) == before
    assert not IdempotencyKey.objects.exists()
    exactly = api.post(
        world.secretary,
        f"/api/v1/tasks/{task.pk}/complete/",
        SCREEN_OK,
        HTTP_IDEMPOTENCY_KEY="k" * 200,
    )
    assert exactly.status_code == 200
    assert IdempotencyKey.objects.get().key == "k" * 200


# --- strict types ------------------------------------------------------------------------
def _to_panel_task(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    panel_task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status="NEW")
    api.post(world.ssu_trust, f"/api/v1/tasks/{panel_task.pk}/claim/")
    return case, panel_task


@pytest.mark.parametrize(
    ("user", "code"),
    [
        ("9.5", "invalid_type"),
        (9.5, "invalid_type"),
        (True, "invalid_type"),
        ([1], "invalid_type"),
        (10**30, "out_of_range"),
    ],
)
def test_a_user_id_that_is_not_an_integer_is_refused(api, world, user, code):
    case, panel_task = _to_panel_task(api, world)
    before = _snapshot(case)
    response = api.post(
        world.ssu_trust,
        f"/api/v1/tasks/{panel_task.pk}/complete/",
        {"members": [{"user": user, "competence": "legal"}], "deviation_reason": "Avvik."},
    )
    assert_problem(response, 400, "validation_error")
    assert field_codes(response) == {("members[0].user", code)}
    assert _snapshot(case) == before


def test_a_number_is_not_text_and_text_is_not_a_boolean(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    before = _snapshot(case)
    response = api.post(
        world.secretary,
        f"/api/v1/tasks/{task.pk}/complete/",
        {
            "decision": "proceed",
            "criteria": {**SCREEN_OK["criteria"], "a": "true"},
            "justification": 123,
        },
    )
    assert_problem(response, 400, "validation_error")
    assert field_codes(response) == {
        ("criteria.a", "invalid_type"),
        ("justification", "invalid_type"),
    }
    assert _snapshot(case) == before


def test_strict_types_cover_the_proposal_and_the_token_endpoint(world):
    before = Case.objects.count()
    response = raw_client(world.proposer).post(
        "/api/v1/task-transfers/",
        {"title": 123, "gps_affected": "false"},
        format="json",
    )
    assert_problem(response, 400, "validation_error")
    assert {("title", "invalid_type"), ("gps_affected", "invalid_type")} <= field_codes(response)
    assert Case.objects.count() == before
    response = raw_client().post(
        "/api/v1/auth/token/", {"username": 123, "password": "demo"}, format="json"
    )
    assert_problem(response, 400, "validation_error")
    assert field_codes(response) == {("username", "invalid_type")}
    assert not Token.objects.exists()


def test_dates_outside_the_supported_years_are_refused(api, world):
    # The panel asks for statements while it investigates (R-TT-5): anyone else is refused
    # with 403 before the body is read, so the date is checked as the panel sends it.
    case_id = to_investigation(api, world)
    before = CaseEvent.objects.filter(case_id=case_id).count()
    response = api.post(
        world.panel_people["legal"],
        f"/api/v1/task-transfers/{case_id}/statements/",
        {"party": world.tromso.pk, "due_on": "0001-01-01"},
    )
    assert response.status_code == 400
    assert ("due_on", "out_of_range") in field_codes(response)
    assert CaseEvent.objects.filter(case_id=case_id).count() == before


# --- appoint_panel: the same member twice ------------------------------------------------
def test_R_TT_4_the_same_member_twice_through_the_api_is_a_400_field_error(api, world):
    case, panel_task = _to_panel_task(api, world)
    before = (_snapshot(case), Committee.objects.filter(kind=CommitteeKind.EXPERT_PANEL).count())
    legal = world.panel_people["legal"].pk
    response = api.post(
        world.ssu_trust,
        f"/api/v1/tasks/{panel_task.pk}/complete/",
        {
            "members": [
                {"user": legal, "competence": "legal"},
                {"user": legal, "competence": "legal"},
            ],
            "deviation_reason": "Avvik.",
        },
    )
    assert_problem(response, 400, "validation_error")
    assert field_codes(response) == {("members[1]", "duplicate")}
    after = (_snapshot(case), Committee.objects.filter(kind=CommitteeKind.EXPERT_PANEL).count())
    assert after == before


def _api_input_serializers():
    import importlib
    import pkgutil

    import api.serializers
    import api.views

    for package in (api.serializers, api.views):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                if name.endswith("InputSerializer") and isinstance(value, type):
                    yield value


def test_every_input_serializer_checks_types(review):
    """The step inputs of every registered process (the test-only second one too) and every
    input serializer of the API derive from the strict base, so none coerces."""
    from workflows.inputs import StrictInput
    from workflows.registry import specs

    inputs = [node.input_serializer for spec in specs() for node in spec.nodes]
    inputs += sorted(set(_api_input_serializers()), key=lambda cls: cls.__name__)
    assert len(inputs) > 10
    assert [cls.__name__ for cls in inputs if not issubclass(cls, StrictInput)] == []
