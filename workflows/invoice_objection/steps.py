"""The human steps of fakturainnsigelse: normalized input → one case service each.

The web forms and the API input serializers both produce the dicts taken here. The last step
may open a dispute at the national board (R-OBJ-7); the service creates the case, and its
flow is started here through the dispute flow's `StartHandle` (a flow starts another flow;
`cases` knows no flows).
"""

from cases.models import Dispute
from cases.services import invoice_objection as obj
from workflows.dispute.flow import DisputeFlow


def answer(case, user, data: dict):
    return obj.objection_answer(case=case, actor=user, lines=list(data["lines"]))


def review(case, user, data: dict):
    return obj.objection_review(
        case=case, actor=user, decision=data["decision"], grounds=data.get("grounds", "")
    )


def appeal_decision(case, user, data: dict):
    return obj.appeal_decide(
        case=case,
        actor=user,
        outcome=data["outcome"],
        decision_text=data.get("decision_text", ""),
        lines=list(data.get("lines") or []),
    )


def cosign(case, user, data: dict):
    return obj.appeal_cosign(
        case=case, actor=user, confirm=data["confirm"], comment=data.get("comment", "")
    )


def review_decision(case, user, data: dict):
    result = obj.objection_to_board(
        case=case, actor=user, decision=data["decision"], subject=data.get("subject", "")
    )
    if isinstance(result, Dispute):
        DisputeFlow.start.run(case=result)
    return result
