"""«Fakturaer»: the invoices a user's party may see, and the invoice page with its lines, the
flagged lines, the deadline to object and the objection form (R-OBJ-1, R-OBJ-2, R-AUD-2).

Only the invoice's municipality and health trust see it (another party gets 404 on the page and
never finds it in the list). Every page that shows NPR-IDs records a read (`patient_data_read`).
The services decide every rule; the forms here only parse what was posted."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import generic

from cases.errors import DomainError, NotFound, ValidationFailed
from cases.models import OBJECTION_FINAL, Invoice, ObjectionLine
from cases.roles import party_of
from cases.selectors_invoices import invoice_for, invoices_visible_to, objections_of_invoice
from cases.services import invoice_objection as obj
from workflows.dispute.record import amount
from workflows.web.forms import ErrorSummaryMixin, add_domain_errors
from workflows.web.views import case_url

from .actions import file_objection


def record_read(user, *, invoice, case=None, what: str) -> None:
    """R-AUD-2: a page shows NPR-IDs, so the read is recorded (channel "web")."""
    obj.patient_data_read(user, invoice=invoice, case=case, channel="web", what=what)


def visible_invoice(user, pk) -> Invoice:
    """The invoice `pk` if the user's party is one of its two (R-AUD-2); 404 for any other."""
    try:
        return invoice_for(user, pk)
    except NotFound:
        raise Http404("Fakturaen finnes ikke.") from None


def invoice_url(invoice) -> str:
    return reverse("saker:invoice_detail", args=[invoice.pk])


# --- where an invoice stands ---------------------------------------------------------------
def invoice_status(invoice: Invoice, objections: list) -> str:
    if any(o.closed_at is None for o in objections):
        return "Innsigelse under behandling"
    if objections:
        return "Innsigelse avsluttet"
    if obj.objection_in_time(invoice):
        return "Åpen for innsigelse"
    return "Fristen for innsigelse er ute"


class InvoiceListView(LoginRequiredMixin, generic.ListView):
    """The invoices the user's party sends or receives, newest first."""

    template_name = "workflows/invoice_objection/invoice_list.html"
    context_object_name = "invoices"
    paginate_by = 25

    def get_queryset(self):
        return invoices_visible_to(self.request.user).prefetch_related("lines", "objections")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {
                "invoice": invoice,
                "deadline": obj.objection_deadline(invoice),
                "status": invoice_status(invoice, list(invoice.objections.all())),
                "total": amount(sum(line.amount for line in invoice.lines.all())),
                "flagged": sum(1 for line in invoice.lines.all() if line.flagged),
            }
            for invoice in context["invoices"]
        ]
        context["party"] = party_of(self.request.user)
        return context


# --- the objection form (R-OBJ-2's standard form) -------------------------------------------
class ObjectionForm(ErrorSummaryMixin, forms.Form):
    """Per line: whether it is objected to, the disputed days and the grounds; one comment.
    Fields are named `<field>_<line id>`; the service checks every rule."""

    intro = (
        "Kryss av linjene kommunen bestrider, og oppgi for hver linje hvor mange døgn som "
        "bestrides og grunnlaget for innsigelsen. Innsigelsen sendes til utskrivende enhet for "
        "hver linje, med kopi til seksjon for samhandling."
    )

    comment = forms.CharField(
        label="Kommentar til innsigelsen (valgfritt)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.BooleanField(
                label=f"Fremme innsigelse mot linje {line.position}", required=False
            )
            self.fields[f"days_{line.pk}"] = forms.IntegerField(
                label=f"Bestridte døgn på linje {line.position}",
                required=False,
                help_text=f"Mellom 1 og {line.days}.",
                widget=forms.NumberInput(attrs={"min": 1, "max": line.days}),
            )
            self.fields[f"grounds_{line.pk}"] = forms.CharField(
                label=f"Grunnlag for innsigelsen mot linje {line.position}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        """What was typed on a line that is not ticked is not sent: its errors do not count."""
        for line in self.lines:
            if not self.cleaned_data.get(f"line_{line.pk}"):
                for name in (f"days_{line.pk}", f"grounds_{line.pk}"):
                    self.errors.pop(name, None)
        return self.cleaned_data

    def chosen(self) -> list:
        return [line for line in self.lines if self.cleaned_data.get(f"line_{line.pk}")]

    def normalized_lines(self) -> list[dict]:
        return [
            {
                "line": line.pk,
                "disputed_days": self.cleaned_data.get(f"days_{line.pk}"),
                "grounds": self.cleaned_data.get(f"grounds_{line.pk}") or "",
            }
            for line in self.chosen()
        ]

    def add_service_errors(self, exc: ValidationFailed) -> None:
        """The service names a line's field by its place in the list sent (`lines[1].grounds`):
        put each error on that line's field."""
        chosen = self.chosen()
        fields = {"disputed_days": "days", "grounds": "grounds", "line": "line"}
        rest = []
        for error in exc.errors:
            name = error.get("field") or ""
            head, _, attr = name.partition(".")
            if head.startswith("lines[") and head.endswith("]") and head[6:-1].isdigit():
                index = int(head[6:-1])
                prefix = fields.get(attr, "line")
                if index < len(chosen):
                    self.add_error(f"{prefix}_{chosen[index].pk}", error["message"])
                    continue
            rest.append(error)
        if rest or not exc.errors:
            add_domain_errors(self, ValidationFailed(exc.message, errors=rest))

    def line_rows(self) -> list[dict]:
        return [
            {
                "line": line,
                "tick": self[f"line_{line.pk}"],
                "days": self[f"days_{line.pk}"],
                "grounds": self[f"grounds_{line.pk}"],
            }
            for line in self.lines
        ]


class LateAcceptanceForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label="Begrunnelse for å godta innsigelse etter fristen",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Begrunnelsen registreres på fakturaen (R-OBJ-2).",
    )


def open_line_ids(invoice: Invoice) -> set[int]:
    """Lines already under an objection that is still open (one objection per line)."""
    rows = ObjectionLine.objects.filter(line__invoice=invoice).exclude(
        objection__status__in=OBJECTION_FINAL
    )
    return set(rows.values_list("line_id", flat=True))


class InvoiceDetailView(LoginRequiredMixin, generic.TemplateView):
    """The invoice with its lines; for the municipality the objection form while it may
    object; for the trust the late acceptance. Posting the form files the objection."""

    template_name = "workflows/invoice_objection/invoice_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.invoice = visible_invoice(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def objection_form(self, data=None) -> ObjectionForm | None:
        party = party_of(self.request.user)
        if party is None or party.pk != self.invoice.municipality_id:
            return None
        if not obj.objection_in_time(self.invoice):
            return None
        taken = open_line_ids(self.invoice)
        lines = [line for line in self.invoice.lines.all() if line.pk not in taken]
        return ObjectionForm(data, lines=lines) if lines else None

    def get_context_data(self, **kwargs):
        user, invoice = self.request.user, self.invoice
        party = party_of(user)
        lines = list(invoice.lines.select_related("unit"))
        for line in lines:
            line.amount_text = amount(line.amount)
        objections = list(objections_of_invoice(user, invoice))
        taken = open_line_ids(invoice)
        record_read(user, invoice=invoice, what=f"Faktura {invoice.number}: linjene")
        is_municipality = party is not None and party.pk == invoice.municipality_id
        kwargs.setdefault("form", self.objection_form())
        late_form = None
        if not obj.objection_in_time(invoice) and obj.is_trust_staff_for(user, invoice):
            late_form = kwargs.pop("late_form", None) or LateAcceptanceForm()
        return super().get_context_data(
            invoice=invoice,
            lines=lines,
            taken=taken,
            objections=objections,
            total=amount(sum(line.amount for line in lines)),
            deadline=obj.objection_deadline(invoice),
            status=invoice_status(invoice, objections),
            is_municipality=is_municipality,
            may_object=obj.objection_in_time(invoice),
            late_form=late_form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """File the objection. Whether this user may, and now, is the service's to say: when
        the page offers no form (not the municipality, the deadline passed, every line taken)
        the post still goes to the service, and its reason comes back as a message."""
        form = self.objection_form(request.POST)
        shown = form is not None
        if form is None:
            form = ObjectionForm(request.POST, lines=list(self.invoice.lines.all()))
        if not form.is_valid():
            return self.refused(form, shown)
        try:
            cases = file_objection(
                actor=request.user,
                invoice=self.invoice,
                lines=form.normalized_lines(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
            return self.refused(form, shown, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.refused(form, shown, exc)
        for case in cases:
            messages.success(
                request,
                f"Innsigelsen er sendt til {case.unit.name} som sak {case.reference}.",
            )
        return HttpResponseRedirect(case_url(cases[0]))

    def refused(self, form, shown: bool, exc: DomainError | None = None):
        """The form again with its errors, or, where the page has no form, the reason."""
        if shown:
            return self.render_to_response(self.get_context_data(form=form))
        messages.error(self.request, exc.message if exc else "Innsigelsen kan ikke fremmes.")
        return HttpResponseRedirect(invoice_url(self.invoice))


class LateAcceptanceView(LoginRequiredMixin, generic.View):
    """R-OBJ-2: the trust accepts an objection after the deadline, with a recorded reason."""

    def post(self, request, pk):
        invoice = visible_invoice(request.user, pk)
        form = LateAcceptanceForm(request.POST)
        reason = form.data.get("reason", "")
        try:
            obj.invoice_accept_late(actor=request.user, invoice=invoice, reason=reason)
        except DomainError as exc:
            details = "; ".join(e["message"] for e in exc.errors if e["message"] != exc.message)
            messages.error(request, f"{exc.message} {details}".strip())
        else:
            messages.success(
                request, "Kommunen kan nå fremme innsigelse mot fakturaen etter fristen."
            )
        return HttpResponseRedirect(invoice_url(invoice) + "#late-acceptance")
