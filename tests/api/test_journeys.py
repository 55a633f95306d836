"""End-to-end journeys of oppgaveoverføring, purely through HTTP."""

import re
from datetime import timedelta

from cases import calendar
from cases.models import CaseEvent, TaskTransfer
from tests.api.conftest import (
    ASSESSMENT,
    CRITERIA_OK,
    NO_STATEMENT,
    approve_data,
    panel_members,
    positions,
    to_investigation,
    to_ssu,
)

PROPOSER_EMAIL = "kommuneoverlege@harstad.kommune.no"


def _case(api, user, case_id):
    return api.get(user, f"/api/v1/cases/{case_id}/").json()


def _state(case_id):
    case = TaskTransfer.objects.get(pk=case_id)
    return case.status, case.ssu_case_number, CaseEvent.objects.filter(case=case).count()


def test_a_rejected_at_screening(api, world, mailoutbox, django_capture_on_commit_callbacks):
    """R-TT-1, R-TT-2, R-TT-3: a rejection needs a written justification; the proposer is told."""
    case_id = api.submit(world.proposer)["id"]
    task = api.open_task(world.secretary, case_id, "screen")
    assert api.post(world.secretary, f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    before = _state(case_id)
    refused = api.complete(
        world.secretary,
        task["id"],
        {"decision": "reject", "criteria": {**CRITERIA_OK, "e": False}},
        expect=400,
    )
    assert refused.json()["code"] == "validation_error"
    assert refused.json()["errors"][0]["field"] == "justification"
    assert refused.json()["errors"][0]["code"] == "required"
    assert _state(case_id) == before
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        done = api.complete(
            world.secretary,
            task["id"],
            {
                "decision": "reject",
                "criteria": {**CRITERIA_OK, "e": False},
                "justification": "Oppgaven har for lite volum.",
            },
        )
    body = done.json()
    assert body["status"] == "rejected_at_screening"
    assert body["closed_at"] is not None
    assert body["open_tasks"] == []
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [PROPOSER_EMAIL]
    assert "Oppgaven har for lite volum." in mailoutbox[0].body
    events = api.get(world.proposer, f"/api/v1/cases/{case_id}/events/").json()
    assert events[-1]["action"] == "rejected_at_screening"
    assert events[-1]["data"]["justification"] == "Oppgaven har for lite volum."


def test_b_not_recommended_after_statement(
    api, world, mailoutbox, django_capture_on_commit_callbacks
):
    """R-TT-4, R-TT-5: a pending statement blocks the recommendation (409 statements_pending);
    R-TT-6: the panel recommends against and the case ends `not_recommended`."""
    case_id = to_investigation(api, world)
    panel = world.panel_people["medical_trust"]
    statement = api.post(
        panel,
        f"/api/v1/task-transfers/{case_id}/statements/",
        {
            "party": world.trust.pk,
            "unit": world.unit.pk,
            "due_on": (calendar.today() + timedelta(days=14)).isoformat(),
        },
    )
    assert statement.status_code == 201
    task = api.open_task(panel, case_id, "recommend")
    api.post(panel, f"/api/v1/tasks/{task['id']}/claim/")
    against = {"recommendation": "against", "assessment": ASSESSMENT}
    before = _state(case_id)
    blocked = api.complete(panel, task["id"], against, expect=409)
    assert blocked.json()["code"] == "statements_pending"
    assert "Medisinsk klinikk" in blocked.json()["detail"]
    assert _state(case_id) == before
    received = api.post(
        panel,
        f"/api/v1/task-transfers/{case_id}/statements/{statement.json()['id']}/receive/",
        {"text": "Klinikken ser store faglige utfordringer."},
    )
    assert received.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        body = api.complete(panel, task["id"], against).json()
    assert body["status"] == "not_recommended"
    assert body["open_tasks"] == []
    assert [m.to for m in mailoutbox] == [[PROPOSER_EMAIL]]
    detail = api.get(panel, f"/api/v1/task-transfers/{case_id}/").json()
    assert detail["recommendation"]["in_favour"] is False
    assert detail["statements"][0]["text"] == "Klinikken ser store faglige utfordringer."


def test_c_approved_with_gp_council_and_consultation(
    api, world, mailoutbox, django_capture_on_commit_callbacks
):
    """R-TT-8: consultation with consultees closes when all have answered; R-TT-7: the GP
    council assesses before the SSU; R-TT-10: approval with effective date and follow-up;
    R-TT-11: the SSU case number is NN/YY."""
    case_id = to_investigation(api, world, gps_affected=True)
    panel = world.panel_people["legal"]
    api.claim_and_complete(
        panel,
        case_id,
        "recommend",
        {
            "recommendation": "for",
            "assessment": ASSESSMENT,
            "no_statement_reason": NO_STATEMENT,
            "consultation": True,
            "consultees": [world.tromso.pk, world.harstad.pk],
            "consultation_due_on": (calendar.today() + timedelta(days=30)).isoformat(),
        },
    )
    case = _case(api, world.secretary, case_id)
    assert case["status"] == "on_consultation"
    assert case["open_tasks"] == []
    url = f"/api/v1/task-transfers/{case_id}/consultation-responses/"
    wrong_party = api.post(world.ssu_municipality, url, {"party": world.harstad.pk, "text": "x"})
    assert wrong_party.status_code == 403
    first = api.post(world.ssu_municipality, url, {"party": world.tromso.pk, "text": "Støtter."})
    assert first.status_code == 201
    assert first.json() == {"party": world.tromso.pk, "consultation_closed": False}
    twice = api.post(world.ssu_municipality, url, {"party": world.tromso.pk, "text": "Igjen"})
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_responded"
    last = api.post(world.ssu_municipality2, url, {"party": world.harstad.pk, "text": "Ok."})
    assert last.json() == {"party": world.harstad.pk, "consultation_closed": True}
    case = _case(api, world.gp, case_id)
    assert case["status"] == "gp_council_review"
    assert [t["name"] for t in case["open_tasks"]] == ["gp_council"]
    # The SSU may not act yet: the GP council's task is not theirs.
    gp_task = case["open_tasks"][0]["id"]
    assert api.post(world.ssu_trust, f"/api/v1/tasks/{gp_task}/claim/").status_code == 403
    api.claim_and_complete(
        world.gp, case_id, "gp_council", {"conclusion": "supports", "assessment": "Greit."}
    )
    assert _case(api, world.ssu_trust, case_id)["status"] == "awaiting_ssu"
    incomplete = approve_data(world, follow_up={"training": "Ja"}, effective_on=None)
    task = api.open_task(world.ssu_trust, case_id, "ssu_decide")
    api.post(world.ssu_trust, f"/api/v1/tasks/{task['id']}/claim/")
    refused = api.complete(world.ssu_trust, task["id"], incomplete, expect=400)
    assert {e["field"] for e in refused.json()["errors"]} == {
        "effective_on",
        "follow_up.competence",
        "follow_up.economics",
    }
    with django_capture_on_commit_callbacks(execute=True):
        body = api.complete(world.ssu_trust, task["id"], approve_data(world)).json()
    assert body["status"] == "approved"
    assert body["status_display"] == "Vedtatt overført"
    assert re.fullmatch(r"\d{2}/\d{2}", body["ssu_case_number"])
    assert body["closed_at"] is not None
    assert mailoutbox[-1].to == [PROPOSER_EMAIL]
    assert body["ssu_case_number"] in mailoutbox[-1].body
    detail = api.get(world.ssu_trust, f"/api/v1/task-transfers/{case_id}/").json()
    assert detail["gp_assessment"]["supports"] is True
    assert detail["consultations"][0]["closed_at"] is not None
    [treatment] = detail["treatments"]
    assert treatment["outcome"] == "approve"
    assert treatment["follow_up"]["medical_responsibility_follows_task"] is True


def test_d_blocked_by_one_objection_then_rejected(api, world):
    """R-TT-9: the SSU decides by consensus; one objection blocks approval (400
    consensus_blocked), and the case can then be rejected."""
    case_id = to_ssu(api, world)
    task = api.open_task(world.ssu_trust, case_id, "ssu_decide")
    api.post(world.ssu_trust, f"/api/v1/tasks/{task['id']}/claim/")
    objection = positions(
        (world.ssu_trust, "agree"),
        (world.ssu_municipality, "agree"),
        (world.ssu_municipality2, "object"),
    )
    before = _state(case_id)
    blocked = api.complete(
        world.ssu_trust, task["id"], approve_data(world, positions=objection), expect=400
    )
    assert blocked.json()["code"] == "consensus_blocked"
    assert _state(case_id) == before
    body = api.complete(
        world.ssu_trust,
        task["id"],
        {"positions": objection, "outcome": "reject", "decision_text": "Ikke enighet."},
    ).json()
    assert body["status"] == "rejected"
    assert body["open_tasks"] == []


def test_e_postponed_then_approved(api, world):
    """R-TT-9: postponing puts the case back on the SSU's agenda as a new task; R-TT-11: the
    SSU case number is assigned once."""
    case_id = to_ssu(api, world)
    number = _case(api, world.ssu_trust, case_id)["ssu_case_number"]
    assert re.fullmatch(r"\d{2}/\d{2}", number)
    first = api.claim_and_complete(
        world.ssu_trust,
        case_id,
        "ssu_decide",
        {"positions": positions((world.ssu_trust, "agree")), "outcome": "postpone"},
    ).json()
    assert first["status"] == "awaiting_ssu"
    assert first["ssu_case_number"] == number
    [new_task] = first["open_tasks"]
    assert new_task["name"] == "ssu_decide"
    assert new_task["assignee"] is None
    body = api.claim_and_complete(
        world.ssu_municipality, case_id, "ssu_decide", approve_data(world)
    ).json()
    assert body["status"] == "approved"
    assert body["ssu_case_number"] == number
    detail = api.get(world.ssu_trust, f"/api/v1/task-transfers/{case_id}/").json()
    assert [t["outcome"] for t in detail["treatments"]] == ["postpone", "approve"]


def test_f_quorum_not_met(api, world):
    """R-TT-9: with only municipality members present the SSU is not competent to decide
    (400 quorum_not_met); it may still postpone."""
    case_id = to_ssu(api, world)
    task = api.open_task(world.ssu_municipality, case_id, "ssu_decide")
    api.post(world.ssu_municipality, f"/api/v1/tasks/{task['id']}/claim/")
    present = positions((world.ssu_municipality, "agree"), (world.ssu_municipality2, "agree"))
    before = _state(case_id)
    refused = api.complete(
        world.ssu_municipality, task["id"], approve_data(world, positions=present), expect=400
    )
    assert refused.json()["code"] == "quorum_not_met"
    assert refused.json()["errors"][0]["code"] == "quorum_not_met"
    assert _state(case_id) == before
    postponed = api.complete(
        world.ssu_municipality, task["id"], {"positions": present, "outcome": "postpone"}
    )
    assert postponed.json()["status"] == "awaiting_ssu"


def test_visibility_follows_parties_and_committees(api, world):
    """R-PTY-2: a case is visible to its parties, its proposer and the community's committees;
    a panel member without a party sees it once appointed; others get 404."""
    lay_member = world.panel_people["user_representative"]
    case_id = api.submit(world.proposer)["id"]
    for user in (world.proposer, world.secretary, world.ssu_trust, world.gp):
        assert api.get(user, f"/api/v1/cases/{case_id}/").status_code == 200
        listed = api.get(user, "/api/v1/cases/").json()["results"]
        assert [c["id"] for c in listed] == [case_id]
    for user in (world.outsider, lay_member):
        assert api.get(user, f"/api/v1/cases/{case_id}/").status_code == 404
        assert api.get(user, "/api/v1/cases/").json()["results"] == []
    api.claim_and_complete(
        world.secretary, case_id, "screen", {"decision": "proceed", "criteria": CRITERIA_OK}
    )
    api.claim_and_complete(
        world.ssu_trust, case_id, "appoint_panel", {"members": panel_members(world)}
    )
    assert api.get(lay_member, f"/api/v1/cases/{case_id}/").status_code == 200
    assert [t["name"] for t in api.get(lay_member, "/api/v1/tasks/?scope=queue").json()] == [
        "recommend"
    ]
    assert api.get(world.outsider, f"/api/v1/cases/{case_id}/").status_code == 404
