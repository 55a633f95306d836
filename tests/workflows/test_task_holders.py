"""A task the flow assigns to a person (no committee role) is not free for all once it is put
back: only those its node spec's `may_hold` lets take it (R-PTY-2, deny by default)."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.errors import Forbidden
from cases.models import Committee, CommitteeKind
from tests.disputes import LADDER_A, sides_on
from tests.factories import member
from workflows import engine
from workflows.dispute.actions import open_dispute

pytestmark = pytest.mark.django_db


def test_a_put_back_dispute_task_is_taken_only_by_a_party_of_the_dispute(world):
    sides = sides_on(world, LADDER_A)
    body = Committee.objects.create(
        community=world.community, kind=CommitteeKind.DISPUTE_BODY, name="Lokalt tvisteorgan"
    )
    outsider = member(body, party=world.harstad, username="organmedlem")
    case = open_dispute(
        actor=sides.municipality,
        counterparty=world.trust,
        dispute_kind="agreement",
        subject="Uenighet om ansvaret for oppfølging etter utskrivning",
    )
    task = Task.objects.get(process__caseprocess__case=case, status=STATUS.ASSIGNED)
    assert task.owner == sides.municipality and not task.owner_permission
    engine.task_release(task_id=task.pk, user=sides.municipality)

    for stranger in (outsider, sides.stranger):
        with pytest.raises(Forbidden):
            engine.task_claim(task_id=task.pk, user=stranger)
    assert Task.objects.get(pk=task.pk).owner is None

    engine.task_claim(task_id=task.pk, user=sides.trust)
    assert Task.objects.get(pk=task.pk).owner == sides.trust
