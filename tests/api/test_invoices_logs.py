"""R-AUD-2: NPR-IDs never reach the logs. A full objection path runs with every logger at
DEBUG, the SQL debug log on (a debug cursor, as with `DEBUG = True`) and Django's request log,
plus refused requests that carry NPR-IDs in their bodies; the captured output is searched."""

import logging

import pytest
from django.db import connection

from tests.api.conftest import raw_client
from tests.api.invoices import NPR, drive_to_board, invoice_body, invoice_world

pytestmark = pytest.mark.django_db


def test_no_npr_id_reaches_the_logs_of_a_full_objection(api, caplog, capsys):
    """R-AUD-2: the captured log records (message, arguments, extras) and the console."""
    iw = invoice_world()
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.db.backends", "django.server", "viewflow"):
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True
    try:
        case_id = drive_to_board(api, iw)
        # Refused requests with NPR-IDs in the body: a 400 (bad line), a 403, a 404.
        bad = invoice_body(iw, number="UNN-FEIL")
        bad["lines"][0]["unit"] = 0
        api.post(iw.accountant, "/api/v1/invoices/", bad)
        api.post(iw.clerk, "/api/v1/invoices/", invoice_body(iw, number="UNN-KOMMUNE"))
        client = raw_client(iw.other_clerk)
        client.get(f"/api/v1/cases/{case_id}/journal/export/")
        client.post("/api/v1/invoices/999999/objections/", {"lines": NPR}, format="json")
    finally:
        connection.force_debug_cursor = False

    records = caplog.records
    sql = [r for r in records if r.name == "django.db.backends"]
    # The path was logged: the SQL that wrote the invoice lines is among the records.
    assert any("invoiceline" in r.getMessage().lower() for r in sql)
    assert any(r.name == "django.request" for r in records)  # the refused requests
    captured = capsys.readouterr()
    texts = [caplog.text, captured.out, captured.err]
    for record in records:
        texts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
    leaked = [npr for npr in NPR if any(npr in text for text in texts)]
    assert not leaked, f"NPR-IDs in the logs: {leaked}"
