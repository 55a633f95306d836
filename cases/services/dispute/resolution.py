"""R-DSP-3: the parties agree at any stage and the dispute ends; or the party that raised it
withdraws it (R-AUD-1: never deleted)."""

from cases.errors import Forbidden
from cases.models import Dispute, DisputeResolution

from ..lifecycle import ensure_can, run_transition
from ..transactions import service_transaction
from .common import locked_dispute, require_party, required_text


@service_transaction
def dispute_resolve(*, case: Dispute, actor, terms: str) -> DisputeResolution:
    """R-DSP-3: record the agreement reached, with its terms; the dispute ends resolved."""
    case = locked_dispute(case)
    require_party(actor, case)
    ensure_can(case.resolve)
    terms = required_text(terms, "terms", "Skriv vilkårene partene er enige om.", "terms_missing")
    resolution = DisputeResolution.objects.create(
        dispute=case, stage=case.stage, terms=terms, recorded_by=actor
    )
    run_transition(case.resolve, actor=actor, action="resolved", data={"stage": case.stage.kind})
    return resolution


def require_withdrawer(user, case: Dispute) -> None:
    """Only the party that raised the dispute withdraws it."""
    if require_party(user, case).pk != case.claimant_id:
        raise Forbidden("Bare parten som reiste tvisten kan trekke den.")


@service_transaction
def dispute_withdraw(*, case: Dispute, actor, reason: str = "") -> Dispute:
    """The party that raised the dispute withdraws it."""
    case = locked_dispute(case)
    require_withdrawer(actor, case)
    ensure_can(case.withdraw)
    run_transition(case.withdraw, actor=actor, action="withdrawn", data={"reason": reason.strip()})
    return case
