"""R-AUD-1: every state change of a case is in its event log, and the log holds no state
change that did not happen. A seeded random workload drives many cases through the API with
random actions by random people (claims, releases, completions with good and bad input,
withdrawals, consultation answers, sweeps on later days), many of them refused; the test
records every lifecycle transition django-fsm makes and that commits, and compares them
with the events."""

import random
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django_fsm.signals import post_transition
from viewflow.workflow.models import Task

from cases import calendar
from cases.models import Case, CaseEvent
from cases.roles import forget_roles
from tests.api.conftest import ASSESSMENT, NO_STATEMENT, approve_data, panel_members, positions
from workflows.sweep import run_sweep

SEED = 20261201
CASES = 10
ACTIONS = 150
CRITERIA_OK = {k: True for k in "abcdefg"}


@dataclass(frozen=True)
class Made:
    case_id: object
    source: str
    target: str
    last_event_before: int  # the case's newest event when the transition ran


@pytest.fixture
def transitions(transactional_db):
    """Every committed transition of a case, in order (a rolled-back one is dropped)."""
    made: list[Made] = []

    def record(sender, instance, name, source, target, **kwargs):
        if not isinstance(instance, Case):
            return
        newest = CaseEvent.objects.filter(case_id=instance.pk).order_by("-pk").first()
        entry = Made(instance.pk, source, target, newest.pk if newest else 0)
        transaction.on_commit(lambda: made.append(entry))

    post_transition.connect(record, dispatch_uid="test-event-log")
    yield made
    post_transition.disconnect(dispatch_uid="test-event-log")


def _inputs(world) -> dict[str, list[dict]]:
    """Per human step: good inputs of every outcome, and inputs a rule refuses."""
    later = (calendar.today() + timedelta(days=30)).isoformat()
    ssu_positions = positions((world.ssu_trust, "agree"), (world.ssu_municipality, "agree"))
    recommend = {"assessment": ASSESSMENT, "no_statement_reason": NO_STATEMENT}
    return {
        "screen": [
            {"decision": "proceed", "criteria": CRITERIA_OK},
            {"decision": "reject", "criteria": {k: False for k in "abcdefg"},
             "justification": "Oppgaven ligger allerede hos kommunen."},
            {"decision": "proceed", "criteria": {k: False for k in "abcdefg"}},
        ],
        "appoint_panel": [{"members": panel_members(world)}, {"members": []}],
        "recommend": [
            {"recommendation": "for", **recommend},
            {"recommendation": "against", **recommend},
            {"recommendation": "for", **recommend, "consultation": True,
             "consultees": [world.tromso.pk, world.harstad.pk], "consultation_due_on": later},
            {"recommendation": "for", "assessment": {}},
        ],
        "gp_council": [
            {"conclusion": "supports", "assessment": "Støttes."},
            {"conclusion": "does_not_support", "assessment": "Støttes ikke."},
        ],
        "ssu_decide": [
            approve_data(world),
            approve_data(world, outcome="reject", decision_text="SSU vedtar ikke."),
            {"positions": ssu_positions, "outcome": "postpone"},
            {"positions": ssu_positions, "outcome": "consultation", "decision_text": "På høring.",
             "consultees": [world.tromso.pk], "consultation_due_on": later},
            {"positions": [], "outcome": "approve"},
        ],
    }  # fmt: skip


def _holder_of(task, people, rng: random.Random):
    """Someone who holds the task's role, or anyone when no one does."""
    for person in people:
        forget_roles(person)
    holders = [p for p in people if p.has_perm(task.owner_permission)]
    return rng.choice(holders or people)


def _workload(api, world, rng: random.Random) -> list[int]:
    people = [
        world.secretary, world.secretary2, world.ssu_trust, world.ssu_municipality,
        world.ssu_municipality2, world.gp, world.proposer, world.outsider,
        world.panel_people["legal"], world.panel_people["medical_trust"],
    ]  # fmt: skip
    inputs = _inputs(world)
    cases = [
        api.submit(world.proposer, title=f"Sak {i}", gps_affected=rng.random() < 0.5)["id"]
        for i in range(CASES)
    ]
    statuses = []
    for _ in range(ACTIONS * 3):
        if len(statuses) >= ACTIONS:
            break
        live = list(Case.objects.filter(pk__in=cases, closed_at__isnull=True).values_list("pk"))
        case_id = rng.choice(cases) if rng.random() < 0.1 or not live else rng.choice(live)[0]
        task = (
            Task.objects.filter(
                process__caseprocess__case_id=case_id,
                flow_task_type="HUMAN",
                status__in=("NEW", "ASSIGNED"),
            )
            .order_by("pk")
            .first()
        )
        anyone = rng.choice(people)
        action = rng.choices(
            ["claim", "release", "complete", "withdraw", "respond", "sweep"],
            weights=[6, 1, 8, 0.4, 2, 1],
        )[0]
        if action == "sweep":
            run_sweep(today=calendar.today() + timedelta(days=rng.choice([0, 45])))
            continue
        if action == "withdraw":
            url, data = f"/api/v1/task-transfers/{case_id}/withdraw/", {"reason": "Trukket."}
            who = world.proposer if rng.random() < 0.3 else anyone
        elif action == "respond":
            url = f"/api/v1/task-transfers/{case_id}/consultation-responses/"
            data = {"party": rng.choice([world.tromso, world.harstad]).pk, "text": "Svar."}
            who = rng.choice([world.ssu_municipality, world.ssu_municipality2, anyone])
        elif task is None:
            continue
        elif action == "complete":
            url = f"/api/v1/tasks/{task.pk}/complete/"
            options = inputs[task.flow_task.name]  # the first, the usual path, most often
            data = rng.choices(options, weights=[3] + [1] * (len(options) - 1))[0]
            owner = next((p for p in people if p.pk == task.owner_id), anyone)
            who = owner if rng.random() < 0.8 else anyone
        else:
            url, data = f"/api/v1/tasks/{task.pk}/{action}/", {}
            who = _holder_of(task, people, rng) if rng.random() < 0.8 else anyone
        response = api.post(who, url, data)
        assert response.status_code < 500, (url, response.content)
        statuses.append(response.status_code)
    return statuses


def test_every_state_change_is_an_event_and_every_event_a_state_change(api, world, transitions):
    """R-AUD-1"""
    statuses = _workload(api, world, random.Random(SEED))

    assert sum(s >= 400 for s in statuses) >= 20, "the workload should include refusals"
    assert len(transitions) >= 20, "the workload should change many states"
    events = list(CaseEvent.objects.order_by("pk"))
    by_case: dict = {}
    for event in events:
        by_case.setdefault(event.case_id, []).append(event)

    matched = set()
    for made in transitions:
        after = [e for e in by_case[made.case_id] if e.pk > made.last_event_before]
        assert after, f"no event for {made}"
        event = after[0]  # the event is written right after its transition
        assert (event.from_status, event.to_status) == (made.source, made.target), made
        assert event.pk not in matched
        matched.add(event.pk)

    transition_actions = {e.action for e in events if e.pk in matched}
    for event in events:
        if event.from_status == "":
            assert event.action == "submitted" and event.to_status == "submitted", event
            continue
        changes_state = event.from_status != event.to_status
        if changes_state or event.action in transition_actions:
            assert event.pk in matched, f"event without a transition: {event.action}"

    for case in Case.objects.all():
        made = [m for m in transitions if m.case_id == case.pk]
        assert case.status == (made[-1].target if made else "submitted")
