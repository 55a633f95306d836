"""R-TT-6: the panel's recommendation (innstilling), blocked by R-TT-5 while statements are
pending, and optionally sending the proposal on consultation (R-TT-8)."""

from datetime import date

from cases.errors import Conflict, ValidationFailed, field_error
from cases.models import Party, Recommendation, TaskTransfer

from ..consultations import consultation_data, consultation_open
from ..lifecycle import ensure_can, locked, run_transition
from ..notifications import notify_proposer
from ..statements import pending_statements
from ..transactions import service_transaction
from .common import require_panel

ASSESSMENT_SIDES = ("professional", "organisational", "economic", "legal")
ASSESSMENT_LABELS = {
    "professional": "Faglige sider",
    "organisational": "Organisatoriske sider",
    "economic": "Økonomiske sider",
    "legal": "Juridiske sider",
}


def _require_statements(case: TaskTransfer, no_statement_reason: str) -> None:
    """R-TT-5: the panel must obtain statements: at least one requested (or a recorded
    reason why none was needed), and none still pending."""
    if not case.statements.exists() and not no_statement_reason:
        raise ValidationFailed(
            "Utvalget må innhente uttalelser fra de berørte enhetene, eller begrunne hvorfor "
            "det ikke trengs.",
            code="statements_missing",
            errors=[
                field_error(
                    "no_statement_reason",
                    "Be om minst én uttalelse, eller begrunn hvorfor ingen trengs.",
                    "required",
                )
            ],
        )
    waiting = pending_statements(case)
    if waiting:
        raise Conflict(
            "Utvalget kan ikke konkludere før alle uttalelser er mottatt eller fristen er ute: "
            + ", ".join(f"{s.recipient} (frist {s.due_on:%d.%m.%Y})" for s in waiting),
            code="statements_pending",
        )


@service_transaction
def task_transfer_recommend(
    *,
    case: TaskTransfer,
    actor,
    in_favour: bool,
    assessment: dict,
    no_statement_reason: str = "",
    consultation: bool = False,
    consultees: list[Party] | None = None,
    consultation_due_on: date | None = None,
) -> TaskTransfer:
    """R-TT-6: the panel's recommendation; R-TT-5 statements first."""
    case = locked(case)
    require_panel(actor, case)
    ensure_can(case.recommend_for if in_favour else case.recommend_against)
    errors = [
        field_error(f"assessment.{side}", "Utredningen må dekke denne siden.", "required")
        for side in ASSESSMENT_SIDES
        if not str(assessment.get(side) or "").strip()
    ]
    if errors:
        raise ValidationFailed("Utredningen er ufullstendig.", errors=errors)
    no_statement_reason = (no_statement_reason or "").strip()
    _require_statements(case, no_statement_reason)
    recorded = {side: str(assessment[side]).strip() for side in ASSESSMENT_SIDES}
    Recommendation.objects.create(
        case=case,
        in_favour=in_favour,
        assessment=recorded,
        no_statement_reason=no_statement_reason,
        given_by=actor,
    )
    data = {"assessment": recorded, "no_statement_reason": no_statement_reason}
    if not in_favour:
        run_transition(case.recommend_against, actor=actor, action="not_recommended", data=data)
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="Det faglige utvalget innstiller ikke på overføring",
            text="Utvalgets vurdering:\n"
            + "\n".join(f"- {ASSESSMENT_LABELS[s]}: {recorded[s]}" for s in ASSESSMENT_SIDES),
        )
        return case
    opened = None
    if consultation:
        opened = consultation_open(
            case=case, actor=actor, consultees=consultees or [], due_on=consultation_due_on
        )
    run_transition(
        case.recommend_for,
        actor=actor,
        action="recommended",
        data=data | consultation_data(opened),
        consultation=consultation,
    )
    return case
