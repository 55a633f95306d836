"""One complete run of each process, through the service layer, as a plug-in per case kind.

`RUNS[kind]` is a `ProcessRun`: `given(cast, i)` makes what case number `i` starts from but
is not a step of the process (an invoice registered by accounting, for the objection), and
`run(cast, i, given)` drives the case from its start to its end through the same calls the
API and the web make (the engine's claim and completion of each human task, the process's
own actions), and returns the case. Only `run` is measured, as the bare flow starts from
nothing but its own start. The suite looks each registered process up here by its case kind
(`workflows.registry.specs()`); a process without a run is reported as such, never skipped
silently.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from cases import calendar
from cases.models import (
    CaseKind,
    DailyRate,
    Dispute,
    DisputeStatus,
    Invoice,
    InvoiceObjection,
    TaskTransfer,
)
from cases.services import dispute as dsp
from cases.services.invoice_objection import invoice_register
from tests.disputes import LADDER_A, sides_on
from tests.factories import build_invoice_world, full_panel, invoice_line, proposal
from tests.journey import ALL_MET, RECOMMEND_FOR, approval, step
from workflows.dispute import actions as dispute_actions
from workflows.invoice_objection.actions import file_objection
from workflows.task_transfer.actions import submit_proposal


@dataclass
class Cast:
    """The people every run needs: the test world, the two sides of a dispute, and the
    invoice people (accounting, the unit's head, the cooperation section and its lawyer)."""

    world: object
    sides: object
    invoices: object


def cast() -> Cast:
    invoices = build_invoice_world()
    world = invoices.world
    today = calendar.today()
    for year in (today.year - 1, today.year):  # bench figures, not official rates
        DailyRate.objects.get_or_create(year=year, defaults={"amount": 6000})
    return Cast(world=world, sides=sides_on(world, LADDER_A), invoices=invoices)


@dataclass(frozen=True)
class ProcessRun:
    run: Callable[[Cast, int, object], object]
    given: Callable[[Cast, int], object] = lambda cast, i: None


RUNS: dict[str, ProcessRun] = {}


def process_run(kind: str, *, given: Callable[[Cast, int], object] | None = None):
    def register(run):
        RUNS[kind] = ProcessRun(run, given) if given else ProcessRun(run)
        return run

    return register


@process_run(CaseKind.TASK_TRANSFER)
def run_task_transfer(cast: Cast, i: int, given=None) -> TaskTransfer:
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
def run_dispute(cast: Cast, i: int, given=None) -> Dispute:
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
def registered_invoice(cast: Cast, i: int) -> Invoice:
    """What an objection starts from: accounting's invoice, registered before (not a step of
    the objection process, so not measured)."""
    iw = cast.invoices
    received = calendar.today() - timedelta(days=2)
    start = (received.replace(day=1) - timedelta(days=1)).replace(day=1)
    return invoice_register(
        actor=iw.accountant,
        number=f"BENCH-{i}-{uuid.uuid4().hex[:8]}",
        municipality=iw.world.tromso,
        issued_on=received,
        received_on=received,
        lines=[invoice_line(iw.world.unit, days=4, month=(start.year, start.month))],
    )


@process_run(CaseKind.INVOICE_OBJECTION, given=registered_invoice)
def run_invoice_objection(cast: Cast, i: int, invoice: Invoice) -> InvoiceObjection:
    """From the registered invoice: object to one line → the unit accepts part → the
    municipality appeals → the section overturns → a lawyer cosigns → the municipality
    accepts (5 human steps)."""
    iw = cast.invoices
    (line,) = invoice.lines.all()
    (case,) = file_objection(
        actor=iw.clerk,
        invoice=invoice,
        lines=[{"line": line.pk, "disputed_days": 2, "grounds": "Ikke varslet."}],
    )
    answer = {"line": line.pk, "accepted_days": 1, "rejected_days": 1, "justification": "Varslet."}
    step(iw.head, case, "answer", {"lines": [answer]})
    step(iw.clerk, case, "review", {"decision": "appeal", "grounds": "Varselet kom ikke."})
    decision = {
        "outcome": "overturned",
        "decision_text": "Varselet er ikke dokumentert.",
        "lines": [{"line": line.pk, "accepted_days": 2}],
    }
    step(iw.decider, case, "appeal_decision", decision)
    step(iw.lawyer, case, "cosign", {"confirm": True, "comment": ""})
    step(iw.clerk, case, "review_decision", {"decision": "accept", "subject": ""})
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == "closed", case.status
    return case
