"""Oppgaveoverføring: every rule R-TT-* is decided here, one module per step, for the web UI
and the API alike."""

from ..consultations import require_consultation_answerer
from .common import require_panel
from .consultation import (
    can_respond_to_consultation,
    open_consultation,
    task_transfer_close_due_consultation,
    task_transfer_respond_consultation,
)
from .deadlines import RULES as DEADLINE_RULES
from .gp_council import task_transfer_gp_assess
from .panel import (
    DEFAULT_COMPOSITION,
    PanelMember,
    default_composition_text,
    missing_panel_roles,
    task_transfer_appoint_panel,
)
from .proposal import (
    PROPOSAL_FIELDS,
    SINGLE_PATIENT_NOTICE,
    can_withdraw,
    proposal_community,
    require_withdrawer,
    task_transfer_submit,
    task_transfer_withdraw,
)
from .recommendation import ASSESSMENT_LABELS, ASSESSMENT_SIDES, task_transfer_recommend
from .screening import CRITERIA, task_transfer_screen
from .ssu import (
    FOLLOW_UP_ITEMS,
    Position,
    assign_ssu_case_number,
    quorum_met,
    task_transfer_ssu_decide,
)
from .statements import (
    can_give_statement,
    pending_statements,
    require_statement_giver,
    task_transfer_receive_statement,
    task_transfer_request_statement,
)

__all__ = [
    "ASSESSMENT_LABELS",
    "ASSESSMENT_SIDES",
    "CRITERIA",
    "DEADLINE_RULES",
    "DEFAULT_COMPOSITION",
    "FOLLOW_UP_ITEMS",
    "PROPOSAL_FIELDS",
    "SINGLE_PATIENT_NOTICE",
    "PanelMember",
    "Position",
    "assign_ssu_case_number",
    "can_give_statement",
    "can_respond_to_consultation",
    "default_composition_text",
    "missing_panel_roles",
    "open_consultation",
    "pending_statements",
    "proposal_community",
    "quorum_met",
    "require_consultation_answerer",
    "require_panel",
    "require_statement_giver",
    "require_withdrawer",
    "task_transfer_appoint_panel",
    "task_transfer_close_due_consultation",
    "task_transfer_gp_assess",
    "task_transfer_receive_statement",
    "task_transfer_recommend",
    "task_transfer_request_statement",
    "task_transfer_respond_consultation",
    "task_transfer_screen",
    "task_transfer_ssu_decide",
    "task_transfer_submit",
    "task_transfer_withdraw",
    "can_withdraw",
]
