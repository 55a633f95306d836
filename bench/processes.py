"""One complete run of each process, through the service layer, as a plug-in per case kind.

`RUNS[kind](cast, i)` drives case number `i` of that kind from its start to its end through
the same calls the API and the web make (the engine's claim and completion of each human
task, the process's own actions), and returns the case. The suite looks each registered
process up here by its case kind (`workflows.registry.specs()`); a process without a run is
reported as such, never skipped silently.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cases.models import CaseKind, Dispute, DisputeStatus, TaskTransfer
from cases.services import dispute as dsp
from tests.disputes import LADDER_A, sides_on
from tests.factories import build_world, full_panel, proposal
from tests.journey import ALL_MET, RECOMMEND_FOR, approval, step
from workflows.dispute import actions as dispute_actions
from workflows.task_transfer.actions import submit_proposal


@dataclass
class Cast:
    """The people every run needs: the test world, and the two sides of a dispute."""

    world: object
    sides: object


def cast() -> Cast:
    world = build_world()
    return Cast(world=world, sides=sides_on(world, LADDER_A))


RUNS: dict[str, Callable[[Cast, int], object]] = {}


def process_run(kind: str):
    def register(run):
        RUNS[kind] = run
        return run

    return register


@process_run(CaseKind.TASK_TRANSFER)
def run_task_transfer(cast: Cast, i: int) -> TaskTransfer:
    """Submit → screen → appoint panel → recommend → GP council → SSU approves (5 human steps)."""
    w = cast.world
    case = submit_proposal(
        community=w.community,
        proposer=w.proposer,
        data=proposal(title=f"Måling {i}", gps_affected=True),
    )
    step(w.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    step(w.ssu_trust, case, "appoint_panel", {"members": full_panel(w)})
    step(w.panel_people["legal"], case, "recommend", RECOMMEND_FOR)
    step(w.gp, case, "gp_council", {"conclusion": "supports", "assessment": "Støttes."})
    step(w.ssu_trust, case, "ssu_decide", approval(w))
    case = TaskTransfer.objects.get(pk=case.pk)
    assert case.status == "approved", case.status
    return case


@process_run(CaseKind.DISPUTE)
def run_dispute(cast: Cast, i: int) -> Dispute:
    """Open → the opener's follow-up task (a position) → the other side's position → the
    disagreement record → both consent to the SSU → escalate → resolved by agreement."""
    s = cast.sides
    case = dispute_actions.open_dispute(
        actor=s.municipality,
        counterparty=s.world.trust,
        dispute_kind="agreement",
        subject=f"Uenighet om oppfølging etter utskrivning {i}",
        agreement_clause="Delavtale 2, punkt 2.2",
    )
    step(s.municipality, case, "follow_up", {"text": "Helseforetaket har ansvaret."})
    act = dispute_actions.act
    act(dsp.dispute_record_position, case=case, actor=s.trust, text="Kommunen har ansvaret.")
    act(dsp.dispute_record_disagreement, case=case, actor=s.trust)
    act(dsp.dispute_consent, case=case, actor=s.municipality, stage="ssu")
    act(dsp.dispute_consent, case=case, actor=s.trust, stage="ssu")
    act(dsp.dispute_escalate, case=case, actor=s.municipality, stage="ssu")
    act(dsp.dispute_resolve, case=case, actor=s.trust, terms="Ansvaret deles.")
    case = Dispute.objects.get(pk=case.pk)
    assert case.status == DisputeStatus.RESOLVED, case.status
    return case


# --- fakturainnsigelse ------------------------------------------------------------------------
# INVOICE_OBJECTION_RUN: the integrator adds the invoice-objection run here when that process
# lands, as `@process_run(CaseKind.INVOICE_OBJECTION) def run_invoice_objection(cast, i)`:
# one complete objection, from its start to its end, through the process's own actions and
# the engine's claim and completion of each human task (see the two runs above). Until then
# the suite lists the process as registered without a run.
