"""Every edge of the task-transfer lifecycle, allowed and forbidden (STYLE 2)."""

import pytest
from django_fsm import TransitionNotAllowed

from cases.models import TT_FINAL, GpAssessment, TaskTransfer, TTStatus
from tests.factories import proposal

S = TTStatus
# method -> (kwargs, {source: target})
EDGES = {
    "pass_screening": ({}, {S.SUBMITTED: S.AWAITING_PANEL}),
    "reject_at_screening": ({}, {S.SUBMITTED: S.REJECTED_AT_SCREENING}),
    "appoint_panel": ({}, {S.AWAITING_PANEL: S.UNDER_INVESTIGATION}),
    "recommend_against": ({}, {S.UNDER_INVESTIGATION: S.NOT_RECOMMENDED}),
    "recommend_for": ({"consultation": False}, {S.UNDER_INVESTIGATION: S.AWAITING_SSU}),
    "close_consultation": ({}, {S.ON_CONSULTATION: S.AWAITING_SSU}),
    "record_gp_assessment": ({}, {S.GP_COUNCIL_REVIEW: S.AWAITING_SSU}),
    "approve": ({}, {S.AWAITING_SSU: S.APPROVED}),
    "reject": ({}, {S.AWAITING_SSU: S.REJECTED}),
    "postpone": ({}, {S.AWAITING_SSU: S.AWAITING_SSU}),
    "send_on_consultation": ({}, {S.AWAITING_SSU: S.ON_CONSULTATION}),
    "withdraw": (
        {},
        {s: S.WITHDRAWN for s in S.values if s not in TT_FINAL},
    ),
}


def make(world, status, **overrides) -> TaskTransfer:
    data = proposal(**overrides)
    return TaskTransfer.objects.create(
        community=world.community,
        reference=f"T-{status}-{TaskTransfer.objects.count()}",
        status=status,
        created_by=world.proposer,
        **data,
    )


CASES = [(m, s) for m in EDGES for s in S.values]


@pytest.mark.parametrize(("method", "source"), CASES)
def test_lifecycle_edge(world, method, source):
    kwargs, edges = EDGES[method]
    case = make(world, source)
    if source in edges:
        getattr(case, method)(**kwargs)
        assert case.status == edges[source]
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(case, method)(**kwargs)
        assert case.status == source


def test_final_states_have_no_way_out(world):
    for status in TT_FINAL:
        case = make(world, status)
        assert list(case.get_available_status_transitions()) == []


def test_status_cannot_be_set_directly(world):
    case = make(world, S.SUBMITTED)
    with pytest.raises(AttributeError):
        case.status = S.APPROVED


def test_R_TT_8_recommend_for_with_consultation_goes_on_consultation(world):
    """R-TT-8: recommend for with consultation goes on consultation."""
    case = make(world, S.UNDER_INVESTIGATION)
    case.recommend_for(consultation=True)
    assert case.status == S.ON_CONSULTATION


def test_R_TT_7_recommend_for_goes_to_gp_council_when_gps_are_affected(world):
    """R-TT-7: recommend for goes to gp council when gps are affected."""
    case = make(world, S.UNDER_INVESTIGATION, gps_affected=True)
    case.recommend_for(consultation=False)
    assert case.status == S.GP_COUNCIL_REVIEW


def test_R_TT_7_consultation_closes_into_gp_council_when_not_yet_assessed(world):
    """R-TT-7: consultation closes into gp council when not yet assessed."""
    case = make(world, S.ON_CONSULTATION, gps_affected=True)
    case.close_consultation()
    assert case.status == S.GP_COUNCIL_REVIEW


def test_R_TT_7_consultation_closes_into_ssu_when_gp_council_has_assessed(world):
    """R-TT-7: consultation closes into ssu when gp council has assessed."""
    case = make(world, S.ON_CONSULTATION, gps_affected=True)
    GpAssessment.objects.create(case=case, supports=True, assessment="ok", given_by=world.gp)
    case = TaskTransfer.objects.get(pk=case.pk)
    case.close_consultation()
    assert case.status == S.AWAITING_SSU


@pytest.mark.parametrize("method", ["approve", "reject", "postpone", "send_on_consultation"])
def test_R_TT_7_ssu_cannot_treat_before_gp_council_assessment(world, method):
    """R-TT-7: ssu cannot treat before gp council assessment."""
    case = make(world, S.AWAITING_SSU, gps_affected=True)
    with pytest.raises(TransitionNotAllowed):
        getattr(case, method)()
    GpAssessment.objects.create(case=case, supports=False, assessment="nei", given_by=world.gp)
    case = TaskTransfer.objects.get(pk=case.pk)
    getattr(case, method)()
    assert case.status == EDGES[method][1][S.AWAITING_SSU]


def test_R_TT_1_a_proposal_field_out_of_bounds_is_refused_at_the_field(world):
    """R-TT-1: the proposal's own fields are validated as typed (a choice not offered, an
    address that is none) and refused per field; nothing is stored."""
    from cases.errors import ValidationFailed
    from cases.models import TaskTransfer
    from tests.journey import submit

    with pytest.raises(ValidationFailed) as refused:
        submit(world, direction="sideways", proposer_email="ikke-en-adresse")
    fields = {error["field"] for error in refused.value.errors}
    assert {"direction", "proposer_email"} <= fields, refused.value.errors
    assert not TaskTransfer.objects.exists()
