"""Reads of invoices and objections. R-AUD-2: an invoice and its objections carry NPR-IDs and
are visible to the users of the invoice's two parties only (its municipality and its health
trust); anyone else gets 404, in lists and details."""

from django.db.models import Prefetch, Q, QuerySet

from .errors import NotFound
from .models import Invoice, InvoiceLine, InvoiceObjection, ObjectionLine
from .roles import Viewer
from .selectors import cases_visible_to


def _party_condition(user) -> Q | None:
    viewer = Viewer.of(user)
    if viewer.user_id is None or viewer.party_id is None:
        return None
    return Q(municipality_id=viewer.party_id) | Q(health_trust_id=viewer.party_id)


def invoices_visible_to(user) -> QuerySet[Invoice]:
    """R-AUD-2: the invoices of the user's party, whether it pays or issued them."""
    condition = _party_condition(user)
    if condition is None:
        return Invoice.objects.none()
    return (
        Invoice.objects.filter(condition)
        .select_related("community", "health_trust", "municipality")
        .order_by("-issued_on", "-id")
    )


def invoice_for(user, pk) -> Invoice:
    """The invoice `pk` with its lines, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("Fakturaen finnes ikke.") from None
    invoice = (
        invoices_visible_to(user)
        .prefetch_related(
            Prefetch(
                "lines", queryset=InvoiceLine.objects.select_related("unit").order_by("position")
            )
        )
        .filter(pk=pk)
        .first()
    )
    if invoice is None:
        raise NotFound("Fakturaen finnes ikke.")
    return invoice


def objections_visible_to(user) -> QuerySet[InvoiceObjection]:
    """R-AUD-2, R-PTY-2: the objection cases of the invoices of the user's party."""
    visible = cases_visible_to(user).values("pk")
    return (
        InvoiceObjection.objects.filter(pk__in=visible)
        .select_related("invoice__health_trust", "invoice__municipality", "unit")
        .order_by("-created_at")
    )


def objections_of_invoice(user, invoice: Invoice) -> QuerySet[InvoiceObjection]:
    return objections_visible_to(user).filter(invoice=invoice)


def objection_lines(case: InvoiceObjection) -> QuerySet[ObjectionLine]:
    """The disputed lines of the case with their answers, in the invoice's line order."""
    return (
        ObjectionLine.objects.filter(objection=case)
        .select_related("line__unit", "answered_by")
        .order_by("line__position")
    )
