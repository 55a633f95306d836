"""R-TT-7: the GP council assesses a proposal that affects GPs before the SSU treats it."""

from cases.errors import ValidationFailed, field_error
from cases.models import CommitteeKind, GpAssessment, TaskTransfer

from ..lifecycle import ensure_can, locked, run_transition
from ..transactions import service_transaction
from .common import require_standing


@service_transaction
def task_transfer_gp_assess(
    *, case: TaskTransfer, actor, supports: bool, assessment: str
) -> TaskTransfer:
    """R-TT-7: the GP council's assessment, recorded before the SSU may treat the case."""
    case = locked(case)
    require_standing(actor, case, CommitteeKind.GP_COUNCIL, "fastlegerådet")
    ensure_can(case.record_gp_assessment)
    assessment = (assessment or "").strip()
    if not assessment:
        raise ValidationFailed(
            "Vurderingen er tom.", errors=[field_error("assessment", "Påkrevd.", "required")]
        )
    GpAssessment.objects.create(case=case, supports=supports, assessment=assessment, given_by=actor)
    run_transition(
        case.record_gp_assessment,
        actor=actor,
        action="gp_council_assessed",
        data={"supports": supports, "assessment": assessment},
    )
    return case
