"""Shared steps for the web tests: drive a case to a given node through the services."""

from django.urls import get_resolver
from viewflow.workflow.models import Task

from tests.factories import full_panel, proposal
from workflows import engine
from workflows.registry import node_spec
from workflows.task_transfer.actions import submit_proposal
from workflows.task_transfer.flow import TaskTransferFlow

ALL_YES = {k: True for k in "abcdefg"}


def open_task(case, node=None):
    task = Task.objects.get(
        process=case.process, flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"]
    )
    if node:
        assert task.flow_task.name == node
    return task


def do(user, case, node, data):
    task = open_task(case, node)
    engine.task_claim(task_id=task.pk, user=user)
    engine.task_complete(
        task_id=task.pk, user=user, apply=lambda c: node_spec(task.flow_task).step(c, user, data)
    )


def submitted(world, **overrides):
    return submit_proposal(
        community=world.community, proposer=world.proposer, data=proposal(**overrides)
    )


def at_recommend(world, **overrides):
    case = submitted(world, **overrides)
    do(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_YES})
    do(world.ssu_trust, case, "appoint_panel", {"members": full_panel(world)})
    return case


def execute_url(task):
    _ = (
        get_resolver().url_patterns
    )  # node.reverse() needs the URLconf loaded (viewflow sets parents)
    node = getattr(TaskTransferFlow, task.flow_task.name)
    return node.reverse("execute", args=[task.process_id, task.pk])
