"""Invoices and objections as data: the admin where accounting registers invoices (R-OBJ-1,
R-USK-6), the objection's declared lifecycle, and the append-only read log (R-AUD-2)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django_fsm import can_proceed

from cases.admin import InvoiceAdminForm
from cases.models import (
    Invoice,
    InvoiceLine,
    InvoiceObjection,
    ObjectionStatus,
    PatientDataRead,
)
from tests.factories import PartyFactory, build_invoice_world


@pytest.fixture
def iw(db):
    return build_invoice_world()


@pytest.fixture
def staff_client(client, db):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.no", "demo")
    client.force_login(admin)
    return client


def test_admin_registers_an_invoice_with_lines_and_its_due_date_r_obj_1(iw, staff_client):
    """R-OBJ-1: staff register an invoice and its lines in the admin; the due date is set from
    the issue date (30 days, 7.3.2024 + 30 = 6.4.2024, a Saturday -> Monday 8.4.2024)."""
    w = iw.world
    data = {
        "health_trust": w.trust.pk,
        "municipality": w.tromso.pk,
        "number": "F-100",
        "issued_on": "2024-03-07",
        "received_on": "2024-03-09",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-position": "1",
        "lines-0-patient_ref": "12345678901",
        "lines-0-unit": w.unit.pk,
        "lines-0-period_start": "2024-02-01",
        "lines-0-period_end": "2024-02-29",
        "lines-0-days": "4",
        "lines-0-amount": "20000",
        "lines-0-stay": "null",
    }
    response = staff_client.post("/admin/cases/invoice/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    invoice = Invoice.objects.get(number="F-100")
    assert invoice.due_on == date(2024, 4, 8)
    assert invoice.community == w.community
    assert InvoiceLine.objects.get(invoice=invoice).days == 4
    assert staff_client.get(f"/admin/cases/invoice/{invoice.pk}/change/").status_code == 200
    # R-AUD-2: the admin page shows NPR-IDs; the read is recorded.
    [read] = PatientDataRead.objects.filter(invoice=invoice)
    assert (read.user.username, read.channel, read.what) == ("admin", "web", "administrasjon")


def test_admin_refuses_a_payer_outside_the_community_r_usk_6(iw):
    """R-USK-6: the payer must be a municipality of the trust's community."""
    w = iw.world
    stranger = PartyFactory(name="Fjern kommune")
    form = InvoiceAdminForm(
        data={
            "health_trust": w.trust.pk,
            "municipality": stranger.pk,
            "number": "F-1",
            "issued_on": "2024-03-01",
            "received_on": "2024-03-02",
        }
    )
    assert not form.is_valid()
    assert "oppholdskommunen" in form.errors["municipality"][0]
    form = InvoiceAdminForm(
        data={
            "health_trust": w.trust.pk,
            "municipality": w.harstad.pk,
            "number": "F-1",
            "issued_on": "2024-03-01",
            "received_on": "2024-03-02",
        }
    )
    assert form.is_valid(), form.errors


def test_objections_are_read_only_in_the_admin(iw, staff_client):
    assert staff_client.get("/admin/cases/invoiceobjection/").status_code == 200
    assert staff_client.get("/admin/cases/invoiceobjection/add/").status_code == 403


def test_objection_lifecycle_edges():
    """The declared edges: with_unit -> answered -> closed | appealed -> appeal_decided ->
    closed | at_board."""
    case = InvoiceObjection()
    assert case.status == ObjectionStatus.WITH_UNIT
    assert can_proceed(case.answer)
    assert not can_proceed(case.appeal)
    case.answer()
    assert can_proceed(case.accept_answer) and can_proceed(case.appeal)
    case.appeal()
    assert not can_proceed(case.bring_to_board)
    case.decide_appeal()
    assert can_proceed(case.accept_decision)
    case.bring_to_board()
    assert case.is_closed
    assert case.status_display == "Brakt inn for Nasjonal tvisteløsningsnemnd"


def test_patient_data_reads_are_append_only_r_aud_2(iw):
    """R-AUD-2: a recorded read is never changed nor deleted."""
    invoice = Invoice.objects.create(
        community=iw.world.community,
        health_trust=iw.world.trust,
        municipality=iw.world.tromso,
        number="F-2",
        issued_on=date(2024, 3, 1),
        received_on=date(2024, 3, 2),
        due_on=date(2024, 4, 2),
    )
    read = PatientDataRead.objects.create(
        user=iw.clerk, invoice=invoice, channel="api", what="faktura"
    )
    with pytest.raises(PermissionError):
        read.save()
    with pytest.raises(PermissionError):
        PatientDataRead.objects.all().delete()
    with pytest.raises(PermissionError):
        PatientDataRead.objects.update(what="x")
