"""HTTP helpers for the invoice and objection tests: every step goes through the REST API."""

from datetime import timedelta
from decimal import Decimal

from cases import calendar
from cases.ladder_data import LADDER_B
from cases.models import DailyRate
from cases.services.dispute import assign_ladder
from tests.factories import build_invoice_world

RATE = Decimal("4000.00")
NPR = ("12345678901", "23456789012", "34567890123")


def month_before(day):
    end = day.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def invoice_world():
    """`build_invoice_world` on ladder B (its national board takes a USK payment dispute on
    one party's request), with the døgnpris of the invoiced months set to 4 000 kr."""
    iw = build_invoice_world()
    assign_ladder(iw.world.community, LADDER_B)
    start, _ = month_before(calendar.today())
    for year in {start.year, calendar.today().year}:
        DailyRate.objects.update_or_create(year=year, defaults={"amount": RATE})
    return iw


def invoice_body(iw, *, number="UNN-2026-0001", received_days_ago=3) -> dict:
    """Three lines: two of the first unit, one of the second, last month."""
    received = calendar.today() - timedelta(days=received_days_ago)
    start, end = month_before(received)

    def line(npr, unit, days):
        return {
            "patient_ref": npr,
            "unit": unit.pk,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "days": days,
            "amount": str(RATE * days),
        }

    return {
        "number": number,
        "municipality": iw.world.tromso.pk,
        "issued_on": (received - timedelta(days=2)).isoformat(),
        "received_on": received.isoformat(),
        "lines": [
            line(NPR[0], iw.world.unit, 4),
            line(NPR[1], iw.world.unit, 6),
            line(NPR[2], iw.unit2, 5),
        ],
    }


def register(api, iw, **kw) -> dict:
    response = api.post(iw.accountant, "/api/v1/invoices/", invoice_body(iw, **kw))
    assert response.status_code == 201, response.json()
    return response.json()


def open_task(api, user, case_id, node):
    case = api.get(user, f"/api/v1/cases/{case_id}/").json()
    tasks = [t for t in case["open_tasks"] if t["name"] == node]
    assert tasks, case["open_tasks"]
    return tasks[0]


def take(api, user, case_id, node) -> dict:
    """The case's open task `node`, claimed by `user` unless it is theirs already."""
    task = open_task(api, user, case_id, node)
    if task["assignee"] != user.username:
        claimed = api.post(user, f"/api/v1/tasks/{task['id']}/claim/")
        assert claimed.status_code == 200, claimed.json()
    return task


def step(api, user, case_id, node, data, expect=200):
    task = take(api, user, case_id, node)
    return api.complete(user, task["id"], data, expect=expect)


def answer_line(line_id, accepted, rejected, justification="Varsel ble sendt samme dag."):
    return {
        "line": line_id,
        "accepted_days": accepted,
        "rejected_days": rejected,
        "justification": justification,
    }


def drive_to_board(api, iw) -> str:
    """The whole path through the API, without checks: register, object, answer in part,
    appeal, overturn, cosign, bring to the board, read and export the journal."""
    invoice = register(api, iw)
    line = invoice["lines"][0]["id"]
    api.get(iw.clerk, f"/api/v1/invoices/{invoice['id']}/")
    case_id = api.post(
        iw.clerk,
        f"/api/v1/invoices/{invoice['id']}/objections/",
        {"lines": [{"line": line, "disputed_days": 4, "grounds": "Ikke meldt."}]},
    ).json()["id"]
    step(api, iw.head, case_id, "answer", {"lines": [answer_line(line, 2, 2)]})
    step(api, iw.clerk, case_id, "review", {"decision": "appeal", "grounds": "Strider mot §4."})
    step(
        api,
        iw.decider,
        case_id,
        "appeal_decision",
        {
            "outcome": "overturned",
            "decision_text": "Omgjort.",
            "lines": [{"line": line, "accepted_days": 3}],
        },
    )
    step(api, iw.lawyer, case_id, "cosign", {"confirm": True, "comment": ""})
    step(api, iw.clerk, case_id, "review_decision", {"decision": "board", "subject": "Ett døgn."})
    for url in ("journal/", "journal/export/", "patient-data-reads/", "", "events/"):
        api.get(iw.clerk, f"/api/v1/cases/{case_id}/{url}")
    return case_id


def file_one(api, iw, invoice: dict, index: int = 0, days: int = 1) -> dict:
    """The municipality objects to one line of `invoice` (201); the case's representation."""
    line = invoice["lines"][index]["id"]
    response = api.post(
        iw.clerk,
        f"/api/v1/invoices/{invoice['id']}/objections/",
        {"lines": [{"line": line, "disputed_days": days, "grounds": "Ikke meldt."}]},
    )
    assert response.status_code == 201, response.json()
    return response.json()
