"""The web side of fakturainnsigelse: «Fakturaer» and the invoice page (R-OBJ-1, R-OBJ-2),
the objection filed from it, the late acceptance, the objection's part of the case page and its
task page, the record and decision letter, and who may see any of it (R-AUD-2: the invoice's
two parties only; another municipality gets 404 and finds nothing in its list; every page that
shows NPR-IDs records the read)."""

import io
import zipfile

import pytest

from cases import calendar
from cases.ladder_data import LADDER_B
from cases.models import InvoiceObjection, ObjectionStatus, PatientDataRead
from cases.services import invoice_objection as obj
from cases.services.dispute import assign_ladder
from tests.web.helpers import open_task
from tests.web.invoice_world import NPR, flag, invoice_sides, register
from workflows import engine
from workflows.invoice_objection.actions import file_objection
from workflows.registry import node_spec


@pytest.fixture
def sides(world):
    return invoice_sides(world)


def _step(user, case, node, data):
    """`user` completes the case's open task `node`, taking it first if it is in a queue."""
    task = open_task(case, node)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    step = node_spec(task.flow_task).step
    engine.task_complete(task_id=task.pk, user=user, apply=lambda c: step(c, user, data))


def _get(client, user, url, status=200) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode() if status == 200 else ""


def _file(sides, invoice, *positions, days=2):
    lines = {line.position: line for line in invoice.lines.all()}
    return file_objection(
        actor=sides.clerk,
        invoice=invoice,
        lines=[
            {"line": lines[p].pk, "disputed_days": days, "grounds": f"Plass klar, linje {p}."}
            for p in positions
        ],
        comment="Kommunen hadde plass fra første dag.",
    )


# --- the list and who sees it ---------------------------------------------------------------
def test_R_OBJ_1_R_OBJ_2_the_list_shows_due_date_deadline_and_status(client, sides):
    invoice = register(sides)
    page = _get(client, sides.clerk, "/saker/fakturaer/")
    row = page.split(f'id="invoice-{invoice.pk}"')[1].split("</tr>")[0]
    assert invoice.number in row and "UNN HF" in row
    assert invoice.due_on.strftime("%d.%m.%Y") in row  # R-OBJ-1: 30 days after issue
    assert obj.objection_deadline(invoice).strftime("%d.%m.%Y") in row  # R-OBJ-2
    assert "Åpen for innsigelse" in row
    assert invoice.due_on == calendar.deadline_after_days(invoice.issued_on, 30)
    # the trust sees it too
    assert f'id="invoice-{invoice.pk}"' in _get(client, sides.accountant, "/saker/fakturaer/")


def test_R_AUD_2_another_municipality_neither_lists_nor_opens_the_invoice(client, sides):
    invoice = register(sides)
    assert f'id="invoice-{invoice.pk}"' not in _get(client, sides.other_clerk, "/saker/fakturaer/")
    _get(client, sides.other_clerk, f"/saker/fakturaer/{invoice.pk}/", status=404)
    _get(client, sides.clerk, f"/saker/fakturaer/{10**22}/", status=404)  # no such invoice
    assert not PatientDataRead.objects.exists()
    # nor any objection case of it
    case = _file(sides, invoice, 1)[0]
    _get(client, sides.other_clerk, f"/saker/{case.pk}/", status=404)
    _get(client, sides.other_clerk, f"/saker/{case.pk}/journal.zip", status=404)
    assert case.reference not in _get(client, sides.other_clerk, "/saker/")
    assert not PatientDataRead.objects.filter(user=sides.other_clerk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, sides):
    invoice = register(sides)
    for url in ("/saker/fakturaer/", f"/saker/fakturaer/{invoice.pk}/", "/saker/betalingsdogn/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- the invoice page -------------------------------------------------------------------------
def test_R_AUD_2_the_invoice_page_shows_npr_ids_and_records_the_read(client, sides):
    invoice = register(sides)
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    assert all(npr in page for npr in NPR)
    read = PatientDataRead.objects.get()
    assert (read.user, read.invoice, read.case, read.channel) == (
        sides.clerk,
        invoice,
        None,
        "web",
    )
    assert invoice.number in read.what and "NPR" not in read.what


def test_R_USK_6_the_invoice_page_names_the_payer_as_the_oppholdskommune(client, sides):
    invoice = register(sides)
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    assert "Tromsø kommune (oppholdskommunen)" in page.split('id="invoice-facts"')[1]


def test_a_flagged_line_is_marked_for_the_municipality(client, sides):
    invoice = register(sides)
    flag(invoice, 2, 3)
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    row = page.split('id="line-2"')[1].split("</tr>")[0]
    assert "Antall døgn stemmer ikke med beregningen: 3 døgn" in row
    assert "stemmer ikke" not in page.split('id="line-1"')[1].split("</tr>")[0]


def test_R_OBJ_2_R_OBJ_3_the_municipality_files_an_objection_on_the_invoice_page(client, sides):
    invoice = register(sides)
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    assert 'id="objection-form"' in page and "Send innsigelsen" in page
    response = client.post(f"/saker/fakturaer/{invoice.pk}/", {"comment": ""})
    # nothing ticked: the service's error on the form, nothing filed
    assert response.status_code == 200
    assert "Velg minst én fakturalinje." in response.content.decode()
    assert not InvoiceObjection.objects.exists()

    lines = {line.position: line for line in invoice.lines.all()}
    data = {
        f"line_{lines[1].pk}": "on",
        f"days_{lines[1].pk}": "3",
        f"grounds_{lines[1].pk}": "Kommunen meldte ledig plass.",
        f"line_{lines[3].pk}": "on",
        f"days_{lines[3].pk}": "2",
        f"grounds_{lines[3].pk}": "Epikrise manglet.",
    }
    response = client.post(f"/saker/fakturaer/{invoice.pk}/", data)
    cases = list(InvoiceObjection.objects.order_by("unit__name"))
    # R-OBJ-3: one case per discharging unit, each with its answer task
    assert {c.unit for c in cases} == {sides.world.unit, sides.unit2}
    assert response.status_code == 302 and response["Location"] in {
        f"/saker/{c.pk}/" for c in cases
    }
    for case in cases:
        assert open_task(case, "answer")
        assert case.created_by == sides.clerk
    medicine = next(c for c in cases if c.unit == sides.world.unit)
    assert medicine.lines.get().disputed_days == 3
    # the line under objection cannot be ticked again
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    assert f'name="line_{lines[1].pk}"' not in page and f'name="line_{lines[2].pk}"' in page
    assert "Innsigelse under behandling" in page


def test_R_OBJ_2_a_line_without_grounds_is_refused_on_its_field(client, sides):
    invoice = register(sides)
    line = invoice.lines.get(position=1)
    client.force_login(sides.clerk)
    response = client.post(
        f"/saker/fakturaer/{invoice.pk}/",
        {f"line_{line.pk}": "on", f"days_{line.pk}": "20", f"grounds_{line.pk}": " "},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not InvoiceObjection.objects.exists()
    fieldset = page.split('id="objection-line-1"')[1].split("</fieldset>")[0]
    assert "Oppgi begrunnelsen for innsigelsen." in fieldset
    assert "Omstridte døgn må være mellom 1 og 12." in fieldset
    assert 'id="error-summary"' in page and f'href="#id_grounds_{line.pk}"' in page


def test_what_is_typed_on_a_line_not_ticked_is_ignored(client, sides):
    invoice = register(sides)
    first, second = invoice.lines.get(position=1), invoice.lines.get(position=2)
    client.force_login(sides.clerk)
    response = client.post(
        f"/saker/fakturaer/{invoice.pk}/",
        {
            f"line_{first.pk}": "on",
            f"days_{first.pk}": "2",
            f"grounds_{first.pk}": "Plass klar.",
            f"days_{second.pk}": "tre",  # not ticked
        },
    )
    assert response.status_code == 302
    assert InvoiceObjection.objects.get().lines.get().line == first


def test_R_OBJ_2_after_the_deadline_the_form_says_so_and_a_post_is_refused(client, sides):
    invoice = register(sides, received_days_ago=45)
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    assert 'data-code="objection_deadline_passed"' in page
    assert 'id="objection-form"' not in page
    line = invoice.lines.get(position=1)
    response = client.post(
        f"/saker/fakturaer/{invoice.pk}/",
        {f"line_{line.pk}": "on", f"days_{line.pk}": "1", f"grounds_{line.pk}": "For sent."},
        follow=True,
    )
    assert "Fristen for innsigelse gikk ut" in response.content.decode()  # the service's reason
    assert not InvoiceObjection.objects.exists()
    # the municipality may not accept it late itself
    response = client.post(f"/saker/fakturaer/{invoice.pk}/godta-etter-fristen/", {"reason": "x"})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert not invoice.accepted_late


def test_R_OBJ_2_the_trust_cannot_file_an_objection(client, sides):
    invoice = register(sides)
    line = invoice.lines.get(position=1)
    client.force_login(sides.accountant)
    response = client.post(
        f"/saker/fakturaer/{invoice.pk}/",
        {f"line_{line.pk}": "on", f"days_{line.pk}": "1", f"grounds_{line.pk}": "Feil."},
        follow=True,
    )
    assert "Bare kommunen fakturaen er stilet til" in response.content.decode()
    assert not InvoiceObjection.objects.exists()


def test_R_OBJ_2_the_trust_accepts_a_late_objection_with_a_reason(client, sides):
    invoice = register(sides, received_days_ago=45)
    page = _get(client, sides.accountant, f"/saker/fakturaer/{invoice.pk}/")
    assert "Godta innsigelse etter fristen" in page and 'id="late-acceptance-form"' in page
    url = f"/saker/fakturaer/{invoice.pk}/godta-etter-fristen/"
    response = client.post(url, {"reason": " "}, follow=True)
    assert "Oppgi hvorfor innsigelsen godtas etter fristen." in response.content.decode()
    invoice.refresh_from_db()
    assert not invoice.accepted_late
    client.post(url, {"reason": "Fakturaen kom til feil adresse."})
    invoice.refresh_from_db()
    assert invoice.late_acceptance_reason == "Fakturaen kom til feil adresse."
    page = _get(client, sides.clerk, f"/saker/fakturaer/{invoice.pk}/")
    assert 'id="objection-form"' in page and "Fakturaen kom til feil adresse." in page
    case = _file(sides, invoice, 1)[0]
    assert case.late_accepted


# --- the case page ---------------------------------------------------------------------------
def test_R_OBJ_8_R_AUD_2_the_case_page_shows_lines_journal_and_reads(client, sides):
    invoice = register(sides)
    case = _file(sides, invoice, 1, 2)[0]
    page = _get(client, sides.head, f"/saker/{case.pk}/")
    part = page.split('id="objection"')[1]
    assert invoice.number in part and "Medisinsk klinikk" in part
    assert NPR[0] in part and NPR[1] in part and NPR[2] not in part
    assert "Plass klar, linje 1." in part
    entry = obj.journal_entries(case).get(number=1)
    journal = page.split('id="journal"')[1].split('id="patient-reads"')[0]
    assert entry.title in journal and "Tromsø kommune" in journal
    reads = page.split('id="patient-reads"')[1].split("</table>")[0]
    assert sides.head.get_full_name() in reads  # this very view is listed
    assert PatientDataRead.objects.filter(user=sides.head, case=case, channel="web").count() == 1

    response = client.get(f"/saker/{case.pk}/journal.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "journal.csv" in names
    assert f'href="/saker/{case.pk}/dokumenter/{entry.document_id}/"' in journal
    response = client.get(f"/saker/{case.pk}/dokumenter/{entry.document_id}/")
    assert response.status_code == 200
    assert PatientDataRead.objects.filter(user=sides.head, case=case).count() == 3
    assert entry.document.name in PatientDataRead.objects.order_by("pk").last().what


def test_R_OBJ_4_the_answer_task_page_shows_the_lines_being_answered(client, sides):
    invoice = register(sides)
    case = _file(sides, invoice, 1)[0]
    task = open_task(case, "answer")
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=sides.head)
    client.force_login(sides.head)
    url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    page = client.get(url).content.decode()
    lines = page.split('id="task-lines"')[1]
    assert NPR[0] in lines and "Plass klar, linje 1." in lines
    line = invoice.lines.get(position=1)
    assert f'name="accepted_days_{line.pk}"' in page
    # an incomplete answer is refused on the form (R-OBJ-4), nothing changes
    response = client.post(url, {f"accepted_days_{line.pk}": "1"})
    assert response.status_code == 200
    assert InvoiceObjection.objects.get(pk=case.pk).status == ObjectionStatus.WITH_UNIT


def test_R_OBJ_5_a_fully_upheld_answer_closes_with_a_credit_note_record_and_letter(client, sides):
    invoice = register(sides)
    case = _file(sides, invoice, 1, days=2)[0]
    line = invoice.lines.get(position=1)
    answer = {"line": line.pk, "accepted_days": 2, "rejected_days": 0, "justification": "Enig."}
    _step(sides.head, case, "answer", {"lines": [answer]})
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.CLOSED
    note = case.credit_notes.get()
    page = _get(client, sides.clerk, f"/saker/{case.pk}/")
    assert note.number in page.split('id="credit-notes"')[1].split("</table>")[0]
    record = page.split('id="record"')[1]
    assert "Svar fra utskrivende enhet" in record and note.number in record
    assert NPR[0] not in record  # the record names lines by number and period
    letter = _get(client, sides.clerk, f"/saker/{case.pk}/vedtaksbrev/")
    assert invoice.number in letter and "hele innsigelsen" in letter and note.number in letter
    pdf = client.get(f"/saker/{case.pk}/vedtaksbrev.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_open_objection_has_no_decision_letter(client, sides):
    case = _file(sides, register(sides), 1)[0]
    _get(client, sides.clerk, f"/saker/{case.pk}/vedtaksbrev/", status=404)


def test_the_menu_offers_the_invoices_and_the_calculator(client, sides):
    page = _get(client, sides.clerk, "/")
    assert 'href="/saker/fakturaer/"' in page and 'href="/saker/betalingsdogn/"' in page
    assert "Beregn betalingsdøgn" in page


def test_R_OBJ_6_R_OBJ_7_the_appeal_its_two_signatures_and_the_board_on_the_case_page(
    client, sides
):
    assign_ladder(sides.world.community, LADDER_B)  # UNN's agreement § 14
    invoice = register(sides)
    case = _file(sides, invoice, 2, days=3)[0]
    line = invoice.lines.get(position=2)
    rejected = {"line": line.pk, "accepted_days": 0, "rejected_days": 3, "justification": "Nei."}
    _step(sides.head, case, "answer", {"lines": [rejected]})
    _step(sides.clerk, case, "review", {"decision": "appeal", "grounds": "Strider mot avtalen."})
    _step(
        sides.decider,
        case,
        "appeal_decision",
        {
            "outcome": "overturned",
            "decision_text": "Omgjøres.",
            "lines": [{"line": line.pk, "accepted_days": 2}],
        },
    )
    _step(sides.lawyer, case, "cosign", {"confirm": True, "comment": ""})
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.APPEAL_DECIDED
    page = _get(client, sides.clerk, f"/saker/{case.pk}/")
    appeal = page.split('id="appeal"')[1].split("</dl>")[0]
    assert "Svaret er omgjort" in appeal and "Omgjøres." in appeal
    assert sides.decider.get_full_name() in appeal.split('id="appeal-decided"')[1]
    assert sides.lawyer.get_full_name() in appeal.split('id="appeal-cosigned"')[1]
    assert "Godtatt: 2 døgn" in page.split('id="objection-lines-2"')[1].split("</tr>")[0]
    _get(client, sides.clerk, f"/saker/{case.pk}/vedtaksbrev/", status=404)  # not ended yet

    _step(sides.clerk, case, "review_decision", {"decision": "board", "subject": "Betaling."})
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.AT_BOARD
    page = _get(client, sides.clerk, f"/saker/{case.pk}/")
    dispute = page.split('id="objection-dispute"')[1].split("</div>")[0]
    linked = case.links_in.get().case if case.links_in.exists() else case.links_out.get().other
    assert linked.reference in dispute
    assert linked.reference in page.split('id="record-board"')[1].split("</section>")[0]
    letter = _get(client, sides.clerk, f"/saker/{case.pk}/vedtaksbrev/")
    assert "Nasjonal tvisteløsningsnemnd" in letter and "Omgjøres." in letter
    assert sides.lawyer.get_full_name() in letter
