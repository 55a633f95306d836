"""«Beregn betalingsdøgn»: for one hospital stay, the chargeable days and amount under the
agreement of the user's community, and which rules applied and why (R-USK-1..6).

A GET form that only reads: `cases.billing.charge_for` decides everything, the form only parses
the stay's events (the fields of `cases.billing.Stay`), and a refusal comes back as field errors
on the form, in Norwegian."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views import generic

from cases.billing import Stay, charge_for
from cases.errors import DomainError, ValidationFailed
from cases.models import BillingTerms, Community
from cases.roles import party_of
from cases.selectors import communities_of
from workflows.dispute.record import amount as kr
from workflows.web.forms import ErrorSummaryMixin, add_domain_errors

ANSWER_CHOICES = [
    ("", "Kommunen har ikke svart"),
    ("cannot_receive", "Kommunen kan ikke ta imot pasienten"),
    ("can_receive", "Kommunen kan ta imot pasienten"),
]
YES_NO = [("ja", "Ja"), ("nei", "Nei")]


def _moment(label: str, help_text: str = "", required: bool = False) -> forms.DateTimeField:
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=required,
        widget=widget,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


def _day(label: str, help_text: str = "") -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, help_text=help_text, required=False, widget=widget)


def _yes_no(label: str) -> forms.ChoiceField:
    """Yes by default, as `Stay` has it (a query without the field means yes)."""
    return forms.ChoiceField(
        label=label, choices=YES_NO, initial="ja", required=False, widget=forms.RadioSelect
    )


class StayForm(ErrorSummaryMixin, forms.Form):
    """The events of one stay, as `cases.billing.Stay` names them."""

    intro = (
        "Fyll inn hendelsene i ett sykehusopphold. Beregningen følger betalingsreglene i "
        "avtalen til ditt helsefellesskap og døgnprisen for hvert år."
    )

    declared_ready_at = _moment(
        "Meldt utskrivningsklar", "Dato og klokkeslett pasienten ble meldt utskrivningsklar.", True
    )
    notified_at = _moment("Kommunen ble varslet", "Tom hvis kommunen ikke er varslet.")
    municipality_answer = forms.ChoiceField(
        label="Kommunens svar på varselet",
        choices=ANSWER_CHOICES,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    answered_at = _moment("Kommunen svarte", "Når kommunen svarte på varselet.")
    taken_over_on = _day(
        "Kommunen overtok pasienten",
        "Dagen kommunen tok imot pasienten eller meldte at plassen er klar."
        " Den dagen betales ikke.",
    )
    discharged_at = _moment("Utskrevet", "Når pasienten forlot sykehuset (valgfritt).")
    readmitted_at = _moment("Reinnlagt", "Tom hvis pasienten ikke ble lagt inn igjen.")
    readmission_same_problem = _yes_no("Ble pasienten reinnlagt for samme problemstilling?")
    ill_again_on = _day(
        "Ble syk igjen mens pasienten ventet",
        "Dagen pasienten ble formelt innlagt på nytt før kommunen overtok (valgfritt).",
    )
    discharge_summary_sent = _yes_no("Er epikrise eller tilsvarende dokumentasjon sendt?")

    def stay(self) -> Stay:
        data = self.cleaned_data
        return Stay(
            declared_ready_at=data["declared_ready_at"],
            notified_at=data["notified_at"],
            municipality_answer=data["municipality_answer"] or None,
            answered_at=data["answered_at"],
            taken_over_on=data["taken_over_on"],
            discharged_at=data["discharged_at"],
            readmitted_at=data["readmitted_at"],
            readmission_same_problem=data["readmission_same_problem"] != "nei",
            ill_again_on=data["ill_again_on"],
            discharge_summary_sent=data["discharge_summary_sent"] != "nei",
        )


def community_of(user) -> Community | None:
    """The community whose agreement applies: the user's party's, else the first one the user
    sits in a committee of."""
    party = party_of(user)
    if party is not None:
        return party.community
    ids = sorted(communities_of(user))
    return Community.objects.filter(pk=ids[0]).first() if ids else None


def terms_rows(terms: BillingTerms | None) -> list[tuple[str, str]]:
    if terms is None:
        return []
    return [
        ("Avtale", terms.agreement or "–"),
        ("Første betalingsdag", terms.get_charge_start_display()),
        ("Karenstid", f"{terms.grace_hours} timer" if terms.grace_hours else "Ingen"),
        ("Krever epikrise", "Ja" if terms.requires_discharge_summary else "Nei"),
        (
            "Reinnleggelse opphever betalingen innen",
            f"{terms.readmission_void_hours} timer",
        ),
    ]


def charge_rows(charge) -> dict:
    return {
        "days": charge.days,
        "first_day": charge.first_day,
        "last_day": charge.last_day,
        "amount": kr(charge.amount),
        "by_year": [
            {"year": p.year, "days": p.days, "rate": kr(p.rate), "amount": kr(p.amount)}
            for p in charge.by_year
        ],
        "rules": charge.rules,
    }


class ChargeableDaysView(LoginRequiredMixin, generic.TemplateView):
    """R-USK-1..6 as a tool: anyone of a party computes a stay under their agreement."""

    template_name = "workflows/invoice_objection/chargeable_days.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        community = community_of(self.request.user)
        asked = any(name in query for name in StayForm.base_fields)
        form = StayForm(query if asked else None)
        found = {
            "form": form,
            "community": community,
            "terms": terms_rows(BillingTerms.objects.filter(community=community).first())
            if community
            else [],
            "charge": None,
        }
        if asked and community is not None and form.is_valid():
            try:
                found["charge"] = charge_rows(charge_for(form.stay(), community))
            except ValidationFailed as exc:
                add_domain_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
        return super().get_context_data(**found, **kwargs)
