"""Fakturainnsigelse end to end, purely through HTTP: register → object → answer in part →
credit note → appeal → overturned and cosigned → second credit note → national board; and
the refusals: a late objection, an incomplete answer, another municipality's eyes."""

import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from viewflow.workflow.models import Task

from cases import calendar
from cases.models import (
    CaseEvent,
    CaseLink,
    CreditNote,
    Deadline,
    Dispute,
    InvoiceObjection,
    ObjectionLine,
    OutgoingMail,
    PatientDataRead,
)
from cases.services.invoice_objection import answer_deadline, invoice_due_on
from tests.api.conftest import assert_problem, field_codes
from tests.api.invoices import (
    NPR,
    RATE,
    answer_line,
    file_one,
    invoice_world,
    open_task,
    register,
    step,
)

pytestmark = pytest.mark.django_db

KN = re.compile(r"^KN-\d{4}-\d{4}$")


def _case(api, user, case_id) -> dict:
    return api.get(user, f"/api/v1/cases/{case_id}/").json()


def _snapshot(case_id):
    case = InvoiceObjection.objects.get(pk=case_id)
    return (
        case.status,
        CaseEvent.objects.filter(case=case).count(),
        CreditNote.objects.filter(objection=case).count(),
        list(ObjectionLine.objects.filter(objection=case).values_list("accepted_days", flat=True)),
        list(Task.objects.filter(process=case.process).values_list("pk", "status")),
    )


def test_objection_to_the_board_through_the_api(api):
    """R-OBJ-1..8, R-AUD-2: the whole path through the API."""
    iw = invoice_world()
    w = iw.world

    # R-OBJ-1: the trust's accounting registers the invoice; it falls due 30 days after issue.
    invoice = register(api, iw)
    assert invoice["due_on"] == invoice_due_on(date.fromisoformat(invoice["issued_on"])).isoformat()
    assert [line["patient_ref"] for line in invoice["lines"]] == list(NPR)
    assert PatientDataRead.objects.filter(user=iw.accountant, invoice_id=invoice["id"]).exists()
    line1, _, line3 = (line["id"] for line in invoice["lines"])

    # R-OBJ-2, R-OBJ-3: lines of two units → two cases, each with the unit's answer task.
    filed = api.post(
        iw.clerk,
        f"/api/v1/invoices/{invoice['id']}/objections/",
        {
            "lines": [
                {"line": line1, "disputed_days": 4, "grounds": "Ikke meldt utskrivningsklar."},
                {"line": line3, "disputed_days": 2, "grounds": "Epikrise manglet."},
            ],
            "comment": "Se vedlagt dokumentasjon.",
        },
    )
    assert filed.status_code == 201, filed.json()
    case = filed.json()
    case_id = case["id"]
    assert case["kind"] == "invoice_objection"
    assert case["status"] == "with_unit"
    assert len(case["filed_together"]) == 1
    other = InvoiceObjection.objects.get(pk=case["filed_together"][0])
    assert other.unit == iw.unit2 and other.status == "with_unit"
    due = answer_deadline(calendar.today(), community=w.community).isoformat()
    (task,) = case["open_tasks"]
    assert (task["name"], task["assignee"], task["due_on"]) == ("answer", "enhetsleder", due)
    assert [(d["kind"], d["due_on"], d["state"]) for d in case["deadlines"]] == [
        ("objection_answer", due, "open")
    ]
    # The generic inbox shows the task with its form (R-OBJ-4's fields per line).
    inbox = api.get(iw.head, "/api/v1/tasks/?scope=inbox").json()
    mine = next(t for t in inbox if t["case"] == case_id)
    assert mine["due_on"] == due and mine["flow"] == "invoice_objection"
    lines_field = next(f for f in mine["form"] if f["name"] == "lines")
    assert [f["name"] for f in lines_field["fields"]] == [
        "line",
        "accepted_days",
        "rejected_days",
        "justification",
    ]

    # R-OBJ-5: 2 of 4 days accepted → a credit note for exactly 2 × døgnpris; accounting told.
    step(api, iw.head, case_id, "answer", {"lines": [answer_line(line1, 2, 2)]})
    note = CreditNote.objects.get(objection_id=case_id)
    assert KN.match(note.number)
    assert (note.basis, note.days, note.amount) == ("answer", 2, 2 * RATE)
    assert note.amount == Decimal("8000.00")
    assert note.accounting_notified_at is not None
    assert Deadline.objects.get(case_id=case_id, rule="objection_answer").state == "met"
    assert _case(api, iw.clerk, case_id)["status"] == "answered"

    # R-OBJ-6: the municipality appeals; the section decides, a lawyer cosigns.
    step(api, iw.clerk, case_id, "review", {"decision": "appeal", "grounds": "Strider mot §4."})
    assert _case(api, iw.clerk, case_id)["status"] == "appealed"
    overturned = {
        "outcome": "overturned",
        "decision_text": "Varselet kom for sent; ett døgn til godtas.",
        "lines": [{"line": line1, "accepted_days": 3}],
    }
    step(api, iw.decider, case_id, "appeal_decision", overturned)
    # The decider cannot cosign their own decision.
    cosign = open_task(api, iw.lawyer, case_id, "cosign")
    assert api.post(iw.decider, f"/api/v1/tasks/{cosign['id']}/claim/").status_code == 200
    refused = api.complete(iw.decider, cosign["id"], {"confirm": True}, expect=403)
    assert refused.status_code == 403
    assert api.post(iw.decider, f"/api/v1/tasks/{cosign['id']}/release/").status_code == 200
    step(api, iw.lawyer, case_id, "cosign", {"confirm": True, "comment": ""})
    assert _case(api, iw.clerk, case_id)["status"] == "appeal_decided"
    seen = api.get(iw.clerk, f"/api/v1/invoices/{invoice['id']}/").json()
    appeal = next(o for o in seen["objections"] if o["id"] == case_id)["appeal"]
    assert (appeal["outcome"], appeal["grounds"]) == ("overturned", "Strider mot §4.")
    assert appeal["cosigned_at"] is not None
    assert [c["amount"] for c in seen["credit_notes"]] == ["8000.00", "4000.00"]
    second = CreditNote.objects.filter(objection_id=case_id).order_by("pk").last()
    assert second.pk != note.pk
    assert (second.basis, second.days, second.amount) == ("appeal", 1, RATE)
    copies = OutgoingMail.objects.filter(
        case_id=case_id, subject__contains="Kopi: klagen er avgjort"
    )
    assert [m.recipients for m in copies] == [[iw.head.email]]  # the unit's copy

    # R-OBJ-7: the municipality brings it to the board alone: a linked USK payment dispute.
    step(
        api,
        iw.clerk,
        case_id,
        "review_decision",
        {"decision": "board", "subject": "Ett døgn i ventetiden."},
    )
    final = _case(api, iw.clerk, case_id)
    assert final["status"] == "at_board" and final["open_tasks"] == []
    dispute = Dispute.objects.get(pk__in=[link["id"] for link in final["links"]])
    assert (dispute.dispute_kind, dispute.stage.kind) == ("usk_payment", "national_board")
    assert CaseLink.objects.filter(case=dispute, other_id=case_id, relation="opened_from").exists()
    assert Task.objects.filter(process=dispute.process, status__in=["NEW", "ASSIGNED"]).exists()

    # R-OBJ-8: every letter is in the journal, and the archive export has them all.
    journal = api.get(iw.clerk, f"/api/v1/cases/{case_id}/journal/").json()
    assert [e["kind"] for e in journal] == ["objection", "answer", "appeal", "decision", "board"]
    assert [e["number"] for e in journal] == [1, 2, 3, 4, 5]
    assert journal[0]["sender"]["id"] == w.tromso.pk
    assert journal[0]["recipient"]["id"] == w.trust.pk
    exported = api.get(iw.clerk, f"/api/v1/cases/{case_id}/journal/export/")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(exported.content)).namelist()
    assert "journal.csv" in names and len(names) == 6

    # R-AUD-2: a letter downloaded through the documents API is a read too.
    letter = api.get(iw.head, journal[1]["download_url"])
    assert letter.status_code == 200
    assert NPR[0] in b"".join(letter.streaming_content).decode()  # R-OBJ-4: the NPR-ID
    assert PatientDataRead.objects.filter(
        user=iw.head, case_id=case_id, what__startswith="Dokument lastet ned"
    ).exists()

    # R-AUD-2: each read of the patient data is listed on the case.
    reads = api.get(iw.clerk, f"/api/v1/cases/{case_id}/patient-data-reads/").json()
    assert {"saksbehandler_tromso", "regnskap"} <= {r["user"] for r in reads}
    assert any(r["what"] == "Journal eksportert" for r in reads)


def test_an_incomplete_answer_is_refused_and_changes_nothing(api):
    """R-OBJ-4: an answer without the justification, or whose days do not add up to the
    disputed days, is refused with the line's field named; nothing changes."""
    iw = invoice_world()
    invoice = register(api, iw)
    line1 = invoice["lines"][0]["id"]
    case_id = file_one(api, iw, invoice, days=4)["id"]
    task = open_task(api, iw.head, case_id, "answer")
    before = _snapshot(case_id)
    for lines in (
        [answer_line(line1, 2, 2, justification="")],
        [answer_line(line1, 1, 2)],
        [{"line": line1, "accepted_days": 2, "justification": "Begrunnelse."}],
        [],
    ):
        refused = api.complete(iw.head, task["id"], {"lines": lines}, expect=400)
        body = assert_problem(refused, 400, refused.json()["code"])
        assert body["errors"], body
        assert _snapshot(case_id) == before
    missing = api.complete(
        iw.head, task["id"], {"lines": [answer_line(line1, 2, 2, justification="")]}, expect=400
    )
    assert ("lines[0].justification", "required") in field_codes(missing)


def test_a_late_objection_is_refused_unless_the_trust_accepts_it(api):
    """R-OBJ-2: 30 days from receipt; after that `objection_deadline_passed`, unless the trust
    accepts it late with a recorded reason."""
    iw = invoice_world()
    invoice = register(api, iw, received_days_ago=40)
    body = {"lines": [{"line": invoice["lines"][0]["id"], "disputed_days": 1, "grounds": "Feil."}]}
    url = f"/api/v1/invoices/{invoice['id']}/objections/"
    late = api.post(iw.clerk, url, body)
    assert_problem(late, 400, "objection_deadline_passed")
    assert not InvoiceObjection.objects.exists()

    acceptance = f"/api/v1/invoices/{invoice['id']}/late-acceptance/"
    # Only the trust's accounting or cooperation section; a reason is required.
    assert api.post(iw.clerk, acceptance, {"reason": "Vi vil."}).status_code == 403
    assert_problem(api.post(iw.accountant, acceptance, {"reason": " "}), 400, "validation_error")
    accepted = api.post(iw.decider, acceptance, {"reason": "Fakturaen ble sendt til feil adresse."})
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["accepted_late"] is True
    assert accepted.json()["late_acceptance_reason"] == "Fakturaen ble sendt til feil adresse."

    filed = api.post(iw.clerk, url, body)
    assert filed.status_code == 201, filed.json()
    assert InvoiceObjection.objects.get(pk=filed.json()["id"]).late_accepted is True


def test_only_the_trusts_accounting_registers_invoices(api):
    """R-OBJ-1: the municipality, the cooperation section and a unit head get 403."""
    iw = invoice_world()
    from tests.api.invoices import invoice_body

    for user in (iw.clerk, iw.decider, iw.head):
        refused = api.post(user, "/api/v1/invoices/", invoice_body(iw))
        assert_problem(refused, 403, refused.json()["code"])
    assert api.get(iw.accountant, "/api/v1/invoices/").json() == []


def test_another_municipality_sees_neither_the_invoice_nor_its_objection(api):
    """R-AUD-2, R-PTY-2: a municipality of the same community reading another's invoice gets
    404 on the invoice, its objection case and journal, and finds neither in its lists; no
    read of patient data is recorded for it."""
    iw = invoice_world()
    invoice = register(api, iw)
    case_id = file_one(api, iw, invoice)["id"]
    nosy = iw.other_clerk
    for url in (
        f"/api/v1/invoices/{invoice['id']}/",
        f"/api/v1/cases/{case_id}/",
        f"/api/v1/cases/{case_id}/events/",
        f"/api/v1/cases/{case_id}/journal/",
        f"/api/v1/cases/{case_id}/journal/export/",
        f"/api/v1/cases/{case_id}/patient-data-reads/",
        f"/api/v1/cases/{case_id}/documents/",
    ):
        assert_problem(api.get(nosy, url), 404, "not_found")
    body = {"lines": [{"line": invoice["lines"][1]["id"], "disputed_days": 1, "grounds": "x"}]}
    assert_problem(
        api.post(nosy, f"/api/v1/invoices/{invoice['id']}/objections/", body), 404, "not_found"
    )
    assert api.get(nosy, "/api/v1/invoices/").json() == []
    listed = api.get(nosy, "/api/v1/cases/?kind=invoice_objection").json()
    assert case_id not in str(listed)
    tasks = api.get(nosy, "/api/v1/tasks/?scope=queue").json()
    assert case_id not in str(tasks)
    assert not PatientDataRead.objects.filter(user=nosy).exists()
    # The parties themselves see both.
    assert [i["id"] for i in api.get(iw.clerk, "/api/v1/invoices/").json()] == [invoice["id"]]
    assert [i["id"] for i in api.get(iw.accountant, "/api/v1/invoices/").json()] == [invoice["id"]]
    assert "patient_ref" not in str(api.get(iw.clerk, "/api/v1/invoices/").json())


def test_lines_of_a_unit_without_head_wait_in_the_section_queue(api):
    """R-OBJ-3: the unit's head answers; without a head the cooperation section's queue has
    the task, with its deadline."""
    iw = invoice_world()
    iw.unit2.head = None
    iw.unit2.save()
    invoice = register(api, iw)
    case = file_one(api, iw, invoice, 2)
    (task,) = case["open_tasks"]
    assert task["assignee"] is None and task["candidates"] == iw.section.name
    assert task["due_on"] == (
        answer_deadline(calendar.today(), community=iw.world.community).isoformat()
    )
    queue = api.get(iw.decider, "/api/v1/tasks/?scope=queue").json()
    assert task["id"] in [t["id"] for t in queue]
    assert (
        timedelta(days=30)
        <= (date.fromisoformat(task["due_on"]) - calendar.today())
        <= timedelta(days=34)
    )


def test_the_cooperation_section_takes_over_an_answer(api):
    """R-OBJ-3: the cooperation section distributes the units' answers: it may give the
    answer task to one of its own, who answers; the secretariat and the head may not."""
    iw = invoice_world()
    invoice = register(api, iw)
    line = invoice["lines"][0]["id"]
    case_id = file_one(api, iw, invoice, days=2)["id"]
    task = open_task(api, iw.head, case_id, "answer")
    url = f"/api/v1/tasks/{task['id']}/reassign/"
    for user in (iw.world.secretary, iw.head, iw.clerk):
        assert_problem(api.post(user, url, {"user": iw.decider.pk}), 403, "permission_denied")
    # Only to someone who holds the task's role (the section), not to another unit's head.
    assert_problem(api.post(iw.lawyer, url, {"user": iw.head2.pk}), 400, "validation_error")
    moved = api.post(iw.lawyer, url, {"user": iw.decider.pk})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["assignee"] == "samhandling"
    api.complete(iw.decider, task["id"], {"lines": [answer_line(line, 1, 1)]})
    assert InvoiceObjection.objects.get(pk=case_id).status == "answered"
