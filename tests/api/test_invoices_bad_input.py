"""Bad input to the invoice endpoints: a clear problem (400/404) in Norwegian, nothing
changed, never a 5xx."""

import pytest

from cases.models import Invoice, InvoiceObjection, PatientDataRead
from tests.api.conftest import assert_problem, field_codes, raw_client
from tests.api.invoices import invoice_body, invoice_world, register

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_ids_out_of_range_are_not_found():
    iw = invoice_world()
    client = raw_client(iw.accountant)
    for url in (
        f"/api/v1/invoices/{HUGE}/",
        f"/api/v1/invoices/{2**63}/",
        "/api/v1/cases/00000000-0000-0000-0000-000000000000/journal/",
        "/api/v1/cases/00000000-0000-0000-0000-000000000000/journal/export/",
        "/api/v1/cases/00000000-0000-0000-0000-000000000000/patient-data-reads/",
    ):
        assert_problem(client.get(url), 404, "not_found")
    for url in (
        f"/api/v1/invoices/{HUGE}/objections/",
        f"/api/v1/invoices/{HUGE}/late-acceptance/",
    ):
        assert_problem(client.post(url, {}, format="json"), 404, "not_found")


def test_a_wrongly_typed_or_invalid_invoice_is_refused_whole(api):
    """R-OBJ-1: every error at once, by field; no invoice, no read recorded."""
    iw = invoice_world()
    body = invoice_body(iw)
    body["lines"][0] |= {"days": "fire", "unit": 2**63}
    body["municipality"] = iw.world.trust.pk
    refused = api.post(iw.accountant, "/api/v1/invoices/", body)
    assert_problem(refused, 400, "validation_error")
    codes = field_codes(refused)
    assert ("lines[0].days", "invalid_type") in codes
    assert ("lines[0].unit", "out_of_range") in codes
    assert not Invoice.objects.exists() and not PatientDataRead.objects.exists()
    # Valid types, but the payer is the trust itself and a line is longer than a month.
    body = invoice_body(iw)
    body["municipality"] = iw.world.trust.pk
    body["lines"][2]["period_end"] = "2999-01-01"
    refused = api.post(iw.accountant, "/api/v1/invoices/", body)
    assert {
        ("municipality", "payer_not_in_community"),
        ("lines[2].period_end", "period_over_a_month"),
    } <= field_codes(refused)
    body["lines"][2]["period_end"] = "2024-13-01"
    assert ("lines[2].period_end", "invalid") in field_codes(
        api.post(iw.accountant, "/api/v1/invoices/", body)
    )
    assert not Invoice.objects.exists()


def test_a_malformed_objection_is_refused_and_files_nothing(api):
    """R-OBJ-2: lines, disputed days within the line, grounds; all or nothing."""
    iw = invoice_world()
    invoice = register(api, iw)
    url = f"/api/v1/invoices/{invoice['id']}/objections/"
    first, second, _ = (line["id"] for line in invoice["lines"])
    for body, field in (
        ({"lines": []}, "lines"),
        (
            {"lines": [{"line": first, "disputed_days": 5, "grounds": "x"}]},
            "lines[0].disputed_days",
        ),
        ({"lines": [{"line": first, "disputed_days": 1, "grounds": " "}]}, "lines[0].grounds"),
        ({"lines": [{"line": 2**62, "disputed_days": 1, "grounds": "x"}]}, "lines[0].line"),
        ({"lines": [{"line": "én", "disputed_days": 1, "grounds": "x"}]}, "lines[0].line"),
        ({"lines": "alle"}, "lines"),
    ):
        refused = api.post(iw.clerk, url, body)
        assert refused.status_code == 400, refused.json()
        assert field in {f for f, _ in field_codes(refused)}, (body, refused.json())
    ok = {"line": second, "disputed_days": 1, "grounds": "x"}
    bad = {"line": first, "disputed_days": 0, "grounds": "x"}
    assert api.post(iw.clerk, url, {"lines": [ok, bad]}).status_code == 400
    assert not InvoiceObjection.objects.exists()
