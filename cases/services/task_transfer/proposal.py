"""R-TT-1: the proposal, which community it belongs to, and its withdrawal (R-AUD-1)."""

from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import CommitteeKind, Community, DeadlineState, TaskTransfer
from cases.roles import is_member, party_of, standing_committee

from ..deadlines import deadline_close
from ..events import next_number, record_opening, year_of
from ..lifecycle import ensure_can, locked, run_transition
from ..transactions import service_transaction
from .common import clean

SINGLE_PATIENT_NOTICE = (
    "Ansvar for enkeltoppgaver i behandlingsforløpet til én pasient er ikke en "
    "oppgaveoverføring: det avtales direkte mellom kommunen og helseforetaket i hvert tilfelle."
)
PROPOSAL_FIELDS = (
    "title",
    "proposer_category",
    "proposer_name",
    "proposer_email",
    "task_description",
    "direction",
    "patient_group",
    "expected_volume",
    "service_justification",
    "consequences_professional",
    "consequences_organisational",
    "consequences_economic",
    "consequences_legal",
    "gps_affected",
)


def proposal_community(proposer, requested: Community | None = None) -> Community:
    """R-TT-1, R-PTY-2: a party's user proposes in the party's community; a user without a
    party (patient, relative, other user) names the community the proposal is for."""
    party = party_of(proposer)
    if party is not None:
        if requested is not None and requested.pk != party.community_id:
            raise ValidationFailed(
                "Du kan bare foreslå i ditt eget helsefellesskap.",
                errors=[field_error("community", "Ikke ditt helsefellesskap.")],
            )
        return party.community
    if requested is None:
        raise ValidationFailed(
            "Oppgi helsefellesskapet forslaget gjelder.",
            errors=[field_error("community", "Påkrevd for brukere uten part.", "required")],
        )
    return requested


@service_transaction
def task_transfer_submit(
    *, proposer, data: dict, community: Community | None = None
) -> TaskTransfer:
    """R-TT-1: anyone may submit *Forslag til oppgaveoverføring*."""
    community = proposal_community(proposer, community)
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Ukjente felt.", errors=[field_error(f, "Ukjent felt.", "unknown") for f in unknown]
        )
    case = TaskTransfer(community=community, created_by=proposer, reference="pending")
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    # The proposal's own fields, as typed. Not checked again here: the community and the
    # proposer (rows in hand, each another query), and what is unique on a new case (a
    # fresh key, the reference given below, no SSU number yet); the database holds those.
    clean(case, exclude=["reference", "status", "kind", "community", "created_by"], unique=False)
    case.reference = f"OO-{year_of()}-{next_number('task_transfer', year_of()):04d}"
    # The transfer can apply to every party of the community (R-TT-2 f).
    record_opening(
        case,
        parties=community.parties.all(),
        actor=proposer,
        action="submitted",
        data={"reference": case.reference},
    )
    return case


def can_withdraw(user, case: TaskTransfer) -> bool:
    """The proposer withdraws; the secretariat may register a withdrawal it received."""
    return case.created_by_id == user.pk or is_member(
        user, standing_committee(case.community, CommitteeKind.SECRETARIAT)
    )


def require_withdrawer(user, case: TaskTransfer) -> None:
    """403 unless the user may withdraw the proposal (checked before the reason is read)."""
    if not can_withdraw(user, case):
        raise Forbidden("Bare forslagsstilleren eller sekretariatet kan trekke forslaget.")


@service_transaction
def task_transfer_withdraw(*, case: TaskTransfer, actor, reason: str = "") -> TaskTransfer:
    """R-AUD-1: withdrawal is a final state with its event; nothing is deleted."""
    case = locked(case)
    require_withdrawer(actor, case)
    ensure_can(case.withdraw)
    deadline_close(case, state=DeadlineState.CANCELLED)
    run_transition(case.withdraw, actor=actor, action="withdrawn", data={"reason": reason.strip()})
    return case
