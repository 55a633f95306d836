"""Tvisteløsning: every rule R-DSP-* is decided here, one module per step, for the web UI and
the API alike. Which stages exist and what each needs is the ladder's data
(`cases.models.ladders`), never a branch on which ladder it is."""

from .common import DISPUTE_RELATED, acting_party, locked_dispute, require_party, stage_on_ladder
from .consent import dispute_consent
from .escalation import dispute_escalate, escalation_blocker, one_party_may_raise
from .interest import InterestComputation, InterestLine, late_payment_interest
from .ladders import assign_ladder
from .opening import (
    dispute_open,
    dispute_open_at_stage,
    may_open_alone_at,
    may_open_from,
    opening_party,
)
from .positions import (
    dispute_record_disagreement,
    dispute_record_position,
    draft_disagreement_text,
    missing_positions,
)
from .progress import STATE_LABELS, StageProgress, ladder_progress
from .resolution import dispute_resolve, dispute_withdraw, require_withdrawer
from .statements import (
    can_record_statement,
    dispute_accept_binding,
    dispute_record_statement,
    require_statement_recorder,
)

__all__ = [
    "DISPUTE_RELATED",
    "STATE_LABELS",
    "StageProgress",
    "ladder_progress",
    "InterestComputation",
    "InterestLine",
    "acting_party",
    "assign_ladder",
    "can_record_statement",
    "dispute_accept_binding",
    "dispute_consent",
    "dispute_escalate",
    "escalation_blocker",
    "dispute_open",
    "dispute_open_at_stage",
    "may_open_alone_at",
    "dispute_record_disagreement",
    "dispute_record_position",
    "missing_positions",
    "dispute_record_statement",
    "dispute_resolve",
    "dispute_withdraw",
    "draft_disagreement_text",
    "late_payment_interest",
    "locked_dispute",
    "one_party_may_raise",
    "may_open_from",
    "opening_party",
    "require_party",
    "require_statement_recorder",
    "require_withdrawer",
    "stage_on_ladder",
]
