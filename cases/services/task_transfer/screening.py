"""R-TT-2, R-TT-3: the secretariat screens the proposal against criteria a–g."""

from cases.errors import ValidationFailed, field_error
from cases.models import CommitteeKind, Screening, TaskTransfer

from ..lifecycle import ensure_can, locked, run_transition
from ..notifications import notify_proposer
from ..transactions import service_transaction
from .common import require_standing

CRITERIA = {
    "a": "Like god eller bedre tjeneste for pasientene",
    "b": "Faglig forsvarlig",
    "c": "Økonomiske og juridiske forhold kan avklares før overføring",
    "d": "Basert på enighet mellom partene",
    "e": "Oppgaven har et visst volum/omfang",
    "f": "Kan gjøres gjeldende for alle kommuner eller aktuelle enheter i helseforetaket",
    "g": "Fastlegerådet vurderer forslaget dersom fastlegene berøres",
}


def _screening_errors(proceed: bool, criteria: dict, justification: str) -> list[dict]:
    errors = [
        field_error(f"criteria.{key}", "Hvert kriterium må vurderes (ja/nei).", "required")
        for key in CRITERIA
        if not isinstance(criteria.get(key), bool)
    ]
    errors += [
        field_error(f"criteria.{key}", "Ukjent kriterium.", "unknown")
        for key in criteria
        if key not in CRITERIA
    ]
    if justification:
        return errors
    if not proceed:
        errors.append(
            field_error("justification", "Et avslag må ha en skriftlig begrunnelse.", "required")
        )
    elif any(criteria.get(key) is False for key in CRITERIA):
        errors.append(
            field_error(
                "justification",
                "Begrunn hvorfor forslaget sendes videre selv om et kriterium ikke er oppfylt.",
                "required",
            )
        )
    return errors


@service_transaction
def task_transfer_screen(
    *, case: TaskTransfer, actor, proceed: bool, criteria: dict, justification: str = ""
) -> TaskTransfer:
    """R-TT-2 records every criterion a–g, and passing one on with a criterion answered "no"
    needs a justification; R-TT-3 a rejection needs a written justification."""
    case = locked(case)
    require_standing(actor, case, CommitteeKind.SECRETARIAT, "sekretariatet")
    ensure_can(case.pass_screening if proceed else case.reject_at_screening)
    justification = (justification or "").strip()
    errors = _screening_errors(proceed, criteria, justification)
    if errors:
        raise ValidationFailed("Screeningen er ufullstendig.", errors=errors)
    recorded = {k: criteria[k] for k in CRITERIA}
    Screening.objects.create(
        case=case,
        criteria=recorded,
        passed=proceed,
        justification=justification,
        screened_by=actor,
    )
    data = {"criteria": recorded, "justification": justification}
    if proceed:
        run_transition(case.pass_screening, actor=actor, action="screening_passed", data=data)
        return case
    run_transition(case.reject_at_screening, actor=actor, action="rejected_at_screening", data=data)
    notify_proposer(
        case,
        email=case.proposer_email,
        headline="Forslaget ditt oppfyller ikke kriteriene for oppgaveoverføring",
        text=f"Sekretariatets begrunnelse:\n{justification}",
    )
    return case
