"""Where a dispute stands on its ladder, stage by stage: what the case page and the API show
as the ladder (a read, computed from the records; nothing here decides a rule)."""

from dataclasses import dataclass

from cases.models import ConsentPurpose, Dispute, LadderStage

from .escalation import one_party_may_raise


@dataclass(frozen=True)
class StageProgress:
    stage: LadderStage
    state: str  # "passed", "skipped", "current", "ahead"
    consented: frozenset  # party ids that consented to enter the stage
    bound: frozenset  # party ids that accepted the stage's statement as binding
    statement: bool  # the stage's statement is recorded
    one_party_may_raise: bool  # R-DSP-2's exception applies to this dispute here

    @property
    def label(self) -> str:
        return self.stage.get_kind_display()


STATE_LABELS = {
    "passed": "Behandlet",
    "skipped": "Hoppet over",
    "current": "Saken står her",
    "ahead": "Senere trinn",
}


def _state(stage: LadderStage, current: LadderStage, reached: set[int]) -> str:
    if stage.pk == current.pk:
        return "current"
    if stage.position > current.position:
        return "ahead"
    return "passed" if stage.pk in reached else "skipped"


def ladder_progress(case: Dispute) -> list[StageProgress]:
    """Each stage of the dispute's ladder with its state and the consents and statement
    recorded for it, in the ladder's order."""
    reached = set(case.entries.values_list("stage_id", flat=True))
    consents: dict = {}
    for stage_id, party_id, purpose in case.consents.values_list("stage_id", "party_id", "purpose"):
        consents.setdefault((stage_id, purpose), set()).add(party_id)
    stated = set(case.stage_statements.values_list("stage_id", flat=True))
    return [
        StageProgress(
            stage=stage,
            state=_state(stage, case.stage, reached),
            consented=frozenset(consents.get((stage.pk, ConsentPurpose.ENTER), ())),
            bound=frozenset(consents.get((stage.pk, ConsentPurpose.BIND), ())),
            statement=stage.pk in stated,
            one_party_may_raise=one_party_may_raise(case, stage),
        )
        for stage in case.ladder.ordered_stages()
    ]
