"""R-DSP-5 on the case page: a small GET form that computes late-payment interest for a
principal and period and shows how (`cases.services.dispute.late_payment_interest` decides
everything; the form only parses). GET, so it changes nothing; shown to whoever sees the case."""

from datetime import timedelta

from django import forms

from cases.errors import ValidationFailed
from cases.models import Dispute
from cases.services import dispute as ds
from workflows.web.forms import ErrorSummaryMixin, add_domain_errors

from .record import amount

PREFIX = "rente"
METHOD = (
    "Renten er regnet som enkel dagrente etter forsinkelsesrenteloven: beløpet ganget med "
    "renten for halvåret og med antall dager delt på 365 (faktiske dager/365). Renten for "
    "hvert halvår er Norges Banks styringsrente tillagt 8 prosentpoeng, slik satsene er "
    "registrert i løsningen. Hver linje er avrundet til hele øre, og summen er summen av linjene."
)


def _date_field(label: str, help_text: str) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, help_text=help_text, widget=widget)


class InterestForm(ErrorSummaryMixin, forms.Form):
    principal = forms.DecimalField(
        label="Hovedstol (kr)",
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    start = _date_field("Fra og med dato", "Første dag renten løper.")
    end = _date_field("Til dato", "Dagen etter siste rentedag.")


def _percent(rate) -> str:
    return f"{rate:.2f}".replace(".", ",") + " %"


def _rows(computation) -> list[dict]:
    return [
        {
            "start": line.start,
            "last": line.end - timedelta(days=1),
            "days": line.days,
            "rate": _percent(line.rate),
            "amount": amount(line.amount),
        }
        for line in computation.lines
    ]


def interest_context(case: Dispute, user, query) -> dict:
    """The form (bound once one of its fields is in the query) and, when it parses and the
    service accepts it, the computation line by line."""
    asked = any(key.startswith(f"{PREFIX}-") for key in query)
    form = InterestForm(query if asked else None, prefix=PREFIX)
    found = {"interest_form": form, "interest": None}
    if not asked or not form.is_valid():
        return found
    try:
        computation = ds.late_payment_interest(**form.cleaned_data)
    except ValidationFailed as exc:
        add_domain_errors(form, exc)
        return found
    found["interest"] = {
        "principal": amount(computation.principal),
        "rows": _rows(computation),
        "days": computation.days,
        "total": amount(computation.total),
        "method": METHOD,
    }
    return found
