"""R-OBJ-8: the journal of an objection and its export; R-AUD-2: who sees invoices and
objections, every read recorded, NPR-IDs never logged."""

import csv
import io
import logging
import zipfile
from datetime import date

import pytest

from cases.errors import NotFound
from cases.models import JournalEntry
from cases.selectors import cases_visible_to
from cases.selectors_invoices import (
    invoice_for,
    invoices_visible_to,
    objection_lines,
    objections_of_invoice,
    objections_visible_to,
)
from cases.services.invoice_objection import (
    journal_entries,
    journal_export,
    objection_to_board,
    patient_data_read,
    patient_data_reads,
)
from tests.factories import UserFactory, build_invoice_world, register_invoice
from tests.invoices import file_objection, on_day, to_appeal_decided

NPR_IDS = ["12345678901", "23456789012", "34567890123"]


@pytest.fixture
def iw(db):
    return build_invoice_world()


def full_path(iw, monkeypatch):
    """Objection -> answer (nothing accepted) -> appeal -> overturned -> the board."""
    from cases.services.dispute import assign_ladder

    assign_ladder(iw.world.community, "samarbeidsavtalen-unn")
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    case = file_objection(iw, invoice, 1, days=4)[0]
    to_appeal_decided(iw, case, outcome="overturned", accepted_after=2)
    objection_to_board(case=case, actor=iw.clerk, decision="board", subject="Uenige.")
    return invoice, case


def test_every_letter_is_a_journal_entry_r_obj_8(iw, monkeypatch):
    """R-OBJ-8: objection, answer, appeal, decision (and the board request), numbered 1..5,
    each with date, sender, recipient, title and document."""
    _, case = full_path(iw, monkeypatch)
    entries = list(journal_entries(case))
    w = iw.world
    assert [(e.number, e.kind, e.sender, e.recipient) for e in entries] == [
        (1, "objection", w.tromso, w.trust),
        (2, "answer", w.trust, w.tromso),
        (3, "appeal", w.tromso, w.trust),
        (4, "decision", w.trust, w.tromso),
        (5, "board", w.tromso, w.trust),
    ]
    assert entries[0].recipient_unit == w.unit
    for entry in entries:
        assert entry.at is not None and entry.title and entry.document.case_id == case.pk
        assert entry.document.content_type == "text/plain" and entry.document.size > 0


def test_journal_export_is_a_zip_with_the_journal_and_documents_r_obj_8(iw, monkeypatch):
    """R-OBJ-8: journal.csv lists each entry with date, sender, recipient, title and the
    document's name in the archive, and each document is there with its text."""
    _, case = full_path(iw, monkeypatch)
    archive = zipfile.ZipFile(io.BytesIO(journal_export(case)))
    rows = list(csv.reader(io.StringIO(archive.read("journal.csv").decode()), delimiter=";"))
    assert rows[0][:6] == ["journalnummer", "dato", "type", "tittel", "avsender", "mottaker"]
    assert len(rows) == 1 + JournalEntry.objects.filter(case=case).count()
    assert rows[1][4:6] == ["Tromsø kommune", "UNN HF"]
    assert rows[1][6] == "Medisinsk klinikk"
    for row in rows[1:]:
        assert archive.read(row[7]).decode().strip()
    assert "Svar på innsigelse" in archive.read(rows[2][7]).decode()


def test_another_municipality_never_sees_the_invoice_or_objection_r_aud_2(iw, monkeypatch):
    """R-AUD-2: only users of the invoice's municipality and trust see it and its objections;
    Harstad (same community) and an outsider get nothing, and 404 on the detail."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    cases = file_objection(iw, invoice)
    ids = {c.pk for c in cases}
    w = iw.world
    nobody = UserFactory(party=None, username="privatperson")
    for user in (iw.clerk, iw.accountant, iw.head, iw.decider):
        assert list(invoices_visible_to(user)) == [invoice]
        assert invoice_for(user, invoice.pk) == invoice
        assert {c.pk for c in objections_visible_to(user)} == ids
        assert {c.pk for c in objections_of_invoice(user, invoice)} == ids
        assert ids <= set(cases_visible_to(user).values_list("pk", flat=True))
    for user in (iw.other_clerk, w.outsider, nobody, w.ssu_municipality2):
        assert not invoices_visible_to(user).exists()
        with pytest.raises(NotFound):
            invoice_for(user, invoice.pk)
        assert not objections_visible_to(user).exists()
        assert not cases_visible_to(user).filter(pk__in=ids).exists()
    with pytest.raises(NotFound):
        invoice_for(iw.clerk, "abc")


def test_every_read_is_recorded_and_listed_per_case_r_aud_2(iw, monkeypatch):
    """R-AUD-2: `patient_data_read` records who read which invoice or case, when and how;
    `patient_data_reads(case)` lists the case's reads and its invoice's."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    first, second = file_objection(iw, invoice)
    patient_data_read(iw.clerk, invoice=invoice, channel="web", what="faktura")
    patient_data_read(iw.head, invoice=invoice, case=first, channel="api", what="sak")
    patient_data_read(iw.head2, invoice=invoice, case=second, channel="api", what="sak")
    reads = list(patient_data_reads(first))
    assert [(r.user, r.channel, r.what) for r in reads] == [
        (iw.clerk, "web", "faktura"),
        (iw.head, "api", "sak"),
    ]
    assert [r.user for r in patient_data_reads(second)] == [iw.clerk, iw.head2]
    with pytest.raises(ValueError):
        patient_data_read(iw.clerk, invoice=invoice, channel="fax", what="x")


def test_selectors_give_the_lines_in_order(iw, monkeypatch):
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    first, _ = file_objection(iw, invoice)
    assert [x.line.position for x in objection_lines(first)] == [1, 2]


def test_no_npr_id_in_the_logs_of_a_full_objection_r_aud_2(iw, monkeypatch, caplog):
    """R-AUD-2: the log output of a whole objection, down to DEBUG, never has an NPR-ID."""
    caplog.set_level(logging.DEBUG)
    full_path(iw, monkeypatch)
    text = caplog.text + " ".join(r.getMessage() for r in caplog.records)
    assert not [npr for npr in NPR_IDS if npr in text]
