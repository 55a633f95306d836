from datetime import timedelta

from viewflow.workflow.models import Task

from cases import calendar
from cases.models import TaskTransfer
from tests.factories import full_panel, proposal
from workflows import engine
from workflows.task_transfer import steps
from workflows.task_transfer.actions import submit_proposal


def _do(user, case, node, data):
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status="NEW")
    assert task.flow_task.name == node
    engine.task_claim(task_id=task.pk, user=user)
    engine.task_complete(
        task_id=task.pk, user=user, apply=lambda c: steps.STEPS[node](c, user, data)
    )


def test_smoke_approved(world):
    case = submit_proposal(
        community=world.community, proposer=world.proposer, data=proposal(gps_affected=True)
    )
    _do(
        world.secretary,
        case,
        "screen",
        {"decision": "proceed", "criteria": {k: True for k in "abcdefg"}},
    )
    _do(world.ssu_trust, case, "appoint_panel", {"members": full_panel(world)})
    panel_user = world.panel_people["legal"]
    _do(
        panel_user,
        case,
        "recommend",
        {
            "recommendation": "for",
            "assessment": {
                k: "ok" for k in ("professional", "organisational", "economic", "legal")
            },
        },
    )
    case = TaskTransfer.objects.get(pk=case.pk)
    assert case.status == "gp_council_review"
    _do(world.gp, case, "gp_council", {"conclusion": "supports", "assessment": "Greit"})
    _do(
        world.ssu_trust,
        case,
        "ssu_decide",
        {
            "positions": [
                {"member": world.ssu_trust, "position": "agree"},
                {"member": world.ssu_municipality, "position": "agree"},
            ],
            "outcome": "approve",
            "decision_text": "Vedtatt",
            "effective_on": calendar.today() + timedelta(days=30),
            "follow_up": {"training": "x", "competence": "y", "economics": "z"},
        },
    )
    case = TaskTransfer.objects.get(pk=case.pk)
    assert case.status == "approved"
    assert case.process.status == "DONE"
    assert case.ssu_case_number
    print([e.action for e in case.events.all()])
