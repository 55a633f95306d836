"""Which step of an objection a user may take now: one answer for the pages, the API and the
flow's task assignment, from the same checks the services make."""

from django_fsm import can_proceed

from cases.models import InvoiceObjection, ObjectionAppeal

from .common import is_lawyer, is_section_member, user_party


def available_steps(user, case: InvoiceObjection) -> set[str]:
    """The steps `user` may take on `case` now: "answer", "review" (accept or appeal the
    answer), "decide" and "cosign" (the appeal), "board" (accept the decision or go on)."""
    case = case.specific
    steps: set[str] = set()
    if not getattr(user, "is_authenticated", False):
        return steps
    party = user_party(user)
    is_municipality = party is not None and party.pk == case.invoice.municipality_id
    section = is_section_member(user, case)
    if can_proceed(case.answer) and (section or case.unit.head_id == user.pk):
        steps.add("answer")
    if can_proceed(case.appeal) and is_municipality:
        steps.add("review")
    if can_proceed(case.decide_appeal):
        appeal = ObjectionAppeal.objects.filter(objection=case).first()
        if appeal is not None and appeal.decided_by_id is None and section:
            steps.add("decide")
        if (
            appeal is not None
            and appeal.decided_by_id is not None
            and appeal.decided_by_id != user.pk
            and is_lawyer(user, case)
        ):
            steps.add("cosign")
    if can_proceed(case.bring_to_board) and is_municipality:
        steps.add("board")
    return steps
