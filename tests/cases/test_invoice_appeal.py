"""The municipality's review and appeal (R-OBJ-6) and the way to the national dispute board
(R-OBJ-7)."""

from datetime import date
from decimal import Decimal

import pytest

from cases.errors import Conflict, Forbidden, ValidationFailed
from cases.ladder_data import LADDER_A, LADDER_B
from cases.models import (
    CaseEvent,
    CaseLink,
    CreditNote,
    Dispute,
    DisputeKind,
    InvoiceObjection,
    JournalEntry,
    ObjectionAppeal,
    ObjectionStatus,
    OutgoingMail,
)
from cases.services.dispute import assign_ladder
from cases.services.invoice_objection import (
    appeal_cosign,
    appeal_decide,
    objection_review,
    objection_to_board,
)
from tests.factories import build_invoice_world, register_invoice
from tests.invoices import answer_all, file_objection, on_day, snapshot, to_appeal_decided


@pytest.fixture
def iw(db):
    return build_invoice_world()


@pytest.fixture
def case(iw, monkeypatch):
    """One line of unit 2 (8 days), 4 disputed."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    return file_objection(iw, invoice, 3, days=4)[0]


def reload(case):
    return InvoiceObjection.objects.get(pk=case.pk)


def appealed(iw, case):
    answer_all(iw, case, accepted=1)
    objection_review(case=case, actor=iw.clerk, decision="appeal", grounds="Strider mot avtalen.")
    return reload(case)


def test_municipality_accepts_the_answer_and_the_case_closes(iw, case):
    answer_all(iw, case, accepted=1)
    with pytest.raises(Forbidden):
        objection_review(case=case, actor=iw.other_clerk, decision="accept")
    assert objection_review(case=case, actor=iw.clerk, decision="accept") is None
    assert reload(case).status == ObjectionStatus.CLOSED


def test_appeal_goes_to_the_cooperation_section_and_is_journaled_r_obj_6(iw, case):
    """R-OBJ-6: the appeal needs grounds; it is journaled from the municipality to the trust
    and the cooperation section is told."""
    answer_all(iw, case, accepted=1)
    with pytest.raises(ValidationFailed):
        objection_review(case=case, actor=iw.clerk, decision="appeal", grounds=" ")
    mails = OutgoingMail.objects.count()
    appeal = objection_review(
        case=case, actor=iw.clerk, decision="appeal", grounds="Strider mot avtalen."
    )
    assert appeal.filed_by == iw.clerk
    assert reload(case).status == ObjectionStatus.APPEALED
    entry = JournalEntry.objects.get(case=case, kind="appeal")
    assert (entry.sender, entry.recipient) == (iw.world.tromso, iw.world.trust)
    told = OutgoingMail.objects.order_by("pk")[mails:]
    assert any(iw.decider.email in m.recipients for m in told)


def test_decision_needs_the_decider_and_a_different_lawyer_r_obj_6(iw, case):
    """R-OBJ-6: the cooperation section decides; the decision is made only when a lawyer
    other than the decider cosigns it; the unit gets a copy."""
    case = appealed(iw, case)
    with pytest.raises(Forbidden):
        appeal_decide(case=case, actor=iw.head2, outcome="upheld", decision_text="Nei.")
    appeal_decide(case=case, actor=iw.lawyer, outcome="upheld", decision_text="Svaret står.")
    assert reload(case).status == ObjectionStatus.APPEALED  # one signature is not enough
    with pytest.raises(Forbidden) as exc:
        appeal_cosign(case=case, actor=iw.lawyer, confirm=True)
    assert exc.value.code == "same_signer"
    with pytest.raises(Forbidden) as exc:
        appeal_cosign(case=case, actor=iw.decider, confirm=True)
    assert exc.value.code == "not_a_lawyer"
    mails = OutgoingMail.objects.count()
    assert appeal_cosign(case=case, actor=iw.lawyer2, confirm=True) is None
    case = reload(case)
    assert case.status == ObjectionStatus.APPEAL_DECIDED
    appeal = ObjectionAppeal.objects.get(objection=case)
    assert (appeal.decided_by, appeal.cosigned_by) == (iw.lawyer, iw.lawyer2)
    letter = JournalEntry.objects.get(case=case, kind="decision").document.file.read().decode()
    assert "Svaret står." in letter and "Medundertegnet av" in letter
    told = OutgoingMail.objects.order_by("pk")[mails:]
    assert any(iw.head2.email in m.recipients and "Kopi" in m.subject for m in told)
    assert any(iw.clerk.email in m.recipients for m in told)


def test_a_lawyer_may_refuse_to_cosign_and_the_draft_goes_back_r_obj_6(iw, case):
    case = appealed(iw, case)
    appeal_decide(case=case, actor=iw.decider, outcome="upheld", decision_text="Svaret står.")
    with pytest.raises(ValidationFailed):
        appeal_cosign(case=case, actor=iw.lawyer, confirm=False, comment="")
    appeal_cosign(case=case, actor=iw.lawyer, confirm=False, comment="Vurder avtalen punkt 4.")
    appeal = ObjectionAppeal.objects.get(objection=case)
    assert appeal.decided_by is None and appeal.outcome == ""
    assert reload(case).status == ObjectionStatus.APPEALED
    with pytest.raises(Conflict):
        appeal_cosign(case=case, actor=iw.lawyer, confirm=True)
    assert CaseEvent.objects.filter(case=case, action="appeal_cosign_refused").exists()


def test_overturned_decision_credits_the_added_days_r_obj_6(iw, case):
    """R-OBJ-6, R-OBJ-5: the answer accepted 1 of 4; overturned to 3: a second credit note
    for the 2 added days × 5 745 kr."""
    case = appealed(iw, case)
    item = case.lines.get()
    with pytest.raises(ValidationFailed):  # fewer than the answer accepted
        appeal_decide(
            case=case,
            actor=iw.decider,
            outcome="overturned",
            decision_text="Omgjort.",
            lines=[{"line": item.line_id, "accepted_days": 0}],
        )
    appeal_decide(
        case=case,
        actor=iw.decider,
        outcome="overturned",
        decision_text="Svaret strider mot avtalen punkt 1.4.",
        lines=[{"line": item.line_id, "accepted_days": 3}],
    )
    note = appeal_cosign(case=case, actor=iw.lawyer, confirm=True)
    assert note.basis == "appeal" and note.days == 2
    assert note.amount == Decimal("5745") * 2
    assert CreditNote.objects.filter(objection=case).count() == 2


def test_review_and_decision_only_in_their_states(iw, case):
    with pytest.raises(Conflict):
        objection_review(case=case, actor=iw.clerk, decision="appeal", grounds="x")
    with pytest.raises(Conflict):
        appeal_decide(case=case, actor=iw.decider, outcome="upheld", decision_text="x")
    with pytest.raises(Conflict):
        objection_to_board(case=case, actor=iw.clerk, decision="board", subject="x")


@pytest.mark.parametrize("ladder", [LADDER_A, LADDER_B])
def test_municipality_alone_brings_the_case_to_the_national_board_r_obj_7(iw, case, ladder):
    """R-OBJ-7: on both demo ladders (A: the board needs no joint consent; B: it does, but a
    USK payment dispute may be raised by one party) the municipality's request alone opens a
    dispute of kind usk_payment at the national board stage, linked to the objection."""
    assign_ladder(iw.world.community, ladder)
    to_appeal_decided(iw, case)
    with pytest.raises(ValidationFailed):
        objection_to_board(case=case, actor=iw.clerk, decision="board", subject="")
    dispute = objection_to_board(
        case=case, actor=iw.clerk, decision="board", subject="Betaling for fire døgn."
    )
    assert isinstance(dispute, Dispute)
    assert dispute.dispute_kind == DisputeKind.USK_PAYMENT
    assert dispute.status == "national_board" and dispute.stage.kind == "national_board"
    assert (dispute.claimant, dispute.respondent) == (iw.world.tromso, iw.world.trust)
    assert CaseLink.objects.filter(
        case=dispute, other_id=case.pk, relation=CaseLink.Relation.OPENED_FROM
    ).exists()
    assert reload(case).status == ObjectionStatus.AT_BOARD
    entry = JournalEntry.objects.get(case=case, kind="board")
    assert dispute.reference in entry.document.file.read().decode()


def test_board_refused_where_the_ladder_needs_both_parties_r_obj_7(iw, case):
    """R-OBJ-7: a ladder whose board stage needs both consents and has no USK exception:
    the municipality alone cannot open it, and nothing changes."""
    ladder = assign_ladder(iw.world.community, LADDER_B)
    ladder.stages.filter(kind="national_board").update(usk_one_party=False)
    to_appeal_decided(iw, case)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        objection_to_board(case=case, actor=iw.clerk, decision="board", subject="Betaling.")
    assert exc.value.code == "consent_missing"
    assert not Dispute.objects.exists()
    assert snapshot(case) == before


def test_municipality_accepts_the_appeal_decision(iw, case):
    to_appeal_decided(iw, case)
    assert objection_to_board(case=case, actor=iw.clerk, decision="accept") is None
    assert reload(case).status == ObjectionStatus.CLOSED


def test_available_steps_follow_the_case(iw, case):
    """Who may take which step now, as the services decide it."""
    from cases.services.invoice_objection import available_steps

    assert available_steps(iw.head2, case) == {"answer"}
    assert available_steps(iw.decider, case) == {"answer"}
    assert available_steps(iw.clerk, case) == set()
    assert available_steps(iw.other_clerk, case) == set()
    case = appealed(iw, case)
    assert available_steps(iw.clerk, case) == set()
    assert available_steps(iw.decider, case) == {"decide"}
    assert available_steps(iw.lawyer, case) == {"decide"}
    appeal_decide(case=case, actor=iw.lawyer, outcome="upheld", decision_text="Står.")
    assert available_steps(iw.lawyer, case) == set()
    assert available_steps(iw.lawyer2, case) == {"cosign"}
    appeal_cosign(case=case, actor=iw.lawyer2, confirm=True)
    case = reload(case)
    assert available_steps(iw.clerk, case) == {"board"}
    assert available_steps(iw.other_clerk, case) == set()
