"""One invoice for the web tests of fakturainnsigelse, on `tests.factories.InvoiceWorld` (UNN's
accounting, its cooperation section with lawyers, two units with their heads, a clerk of Tromsø
kommune, the payer, and of Harstad kommune, no party to the invoice). Dates are counted back
from today, so the live server of the browser tests sees the same deadlines."""

from datetime import timedelta
from decimal import Decimal

from cases import calendar
from cases.models import BillingTerms, DailyRate, Invoice
from tests.factories import build_invoice_world, invoice_line, register_invoice

NPR = ("12345678901", "23456789012", "34567890123")
RATE = Decimal("5900.00")


def invoice_sides(world=None):
    """The people, a døgnpris for this year and the last (the credit notes need them) and the
    community's billing terms (the calculator needs them)."""
    iw = build_invoice_world(world)
    for year in (calendar.today().year - 1, calendar.today().year):
        DailyRate.objects.get_or_create(year=year, defaults={"amount": RATE})
    BillingTerms.objects.get_or_create(community=iw.world.community)
    return iw


def register(iw, *, received_days_ago: int = 5, number: str = "2026-1001") -> Invoice:
    """An invoice to Tromsø for last month, received `received_days_ago` days ago: lines 1 and 2
    at Medisinsk klinikk (12 and 4 days), line 3 at Kirurgisk klinikk (6 days)."""
    received = calendar.today() - timedelta(days=received_days_ago)
    month = received.replace(day=1) - timedelta(days=1)
    lines = [
        invoice_line(unit, patient_ref=npr, days=days, month=(month.year, month.month))
        for unit, npr, days in (
            (iw.world.unit, NPR[0], 12),
            (iw.world.unit, NPR[1], 4),
            (iw.unit2, NPR[2], 6),
        )
    ]
    for position, line in enumerate(lines, 1):
        line |= {"position": position, "amount": RATE * line["days"]}
    return register_invoice(
        iw,
        number=number,
        lines=lines,
        issued_on=received - timedelta(days=2),
        received_on=received,
    )


def flag(invoice: Invoice, position: int, computed: int) -> None:
    """As the calculator does when the line's stay gives other days than invoiced."""
    invoice.lines.filter(position=position).update(computed_days=computed)
