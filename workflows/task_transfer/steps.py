"""The human steps of oppgaveoverføring: normalized input → one case service each.

The web forms and the API input serializers both produce the normalized dicts taken here, so
the two front ends meet in the same service call.
"""

from cases.roles import party_of
from cases.services import task_transfer as tt


def screen(case, user, data: dict):
    return tt.task_transfer_screen(
        case=case,
        actor=user,
        proceed=data["decision"] == "proceed",
        criteria=data["criteria"],
        justification=data.get("justification", ""),
    )


def appoint_panel(case, user, data: dict):
    members = [
        tt.PanelMember(
            user=m["user"], competence=m["competence"], party=m.get("party") or party_of(m["user"])
        )
        for m in data["members"]
    ]
    return tt.task_transfer_appoint_panel(
        case=case, actor=user, members=members, deviation_reason=data.get("deviation_reason", "")
    )


def recommend(case, user, data: dict):
    return tt.task_transfer_recommend(
        case=case,
        actor=user,
        in_favour=data["recommendation"] == "for",
        assessment=data["assessment"],
        no_statement_reason=data.get("no_statement_reason", ""),
        consultation=bool(data.get("consultation")),
        consultees=list(data.get("consultees") or []),
        consultation_due_on=data.get("consultation_due_on"),
    )


def gp_council(case, user, data: dict):
    return tt.task_transfer_gp_assess(
        case=case,
        actor=user,
        supports=data["conclusion"] == "supports",
        assessment=data["assessment"],
    )


def ssu_decide(case, user, data: dict):
    return tt.task_transfer_ssu_decide(
        case=case,
        actor=user,
        positions=[
            tt.Position(member=p["member"], agrees=p["position"] == "agree")
            for p in data["positions"]
        ],
        outcome=data["outcome"],
        decision_text=data.get("decision_text", ""),
        effective_on=data.get("effective_on"),
        follow_up=data.get("follow_up") or {},
        consultees=list(data.get("consultees") or []),
        consultation_due_on=data.get("consultation_due_on"),
    )
