"""The pages of tvisteløsning: opening a dispute, the ladder and the actions on the case page,
and the disagreement record as a page and a PDF. Visibility is `cases_visible_to`; every rule
is the services' (`cases.services.dispute`); a form here only parses what was posted."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views import generic

from cases.errors import DomainError
from cases.models import DIALOGUE_PHASE, Dispute, DisputeKind, Party
from cases.models.dispute import CLIMBING
from cases.roles import party_of
from cases.services import dispute as ds
from workflows.web.forms import ErrorSummaryMixin, add_domain_errors
from workflows.web.letters import pdf_response
from workflows.web.views import case_url, visible_case

from .actions import act, open_dispute
from .letters import disagreement_letter
from .record import opening_rows


def visible_dispute(user, pk) -> Dispute:
    """The dispute `pk` if the user may see it; 404 for any other case."""
    case = visible_case(user, pk)
    if not isinstance(case, Dispute):
        raise Http404("Saken finnes ikke.")
    return case


# --- the ladder and what the user may do now -----------------------------------------------
def _names(parties, ids) -> str:
    return ", ".join(p.name for p in parties if p.pk in ids) or "Ingen"


def ladder_rows(case: Dispute) -> list[dict]:
    parties = case.dispute_parties
    return [
        {
            "label": p.label,
            "state": p.state,
            "state_label": ds.STATE_LABELS[p.state],
            "stage": p.stage,
            "consented": _names(parties, p.consented),
            "bound": _names(parties, p.bound),
            "statement": p.statement,
            "one_party_may_raise": p.one_party_may_raise,
        }
        for p in ds.ladder_progress(case)
    ]


def _targets(case: Dispute, progress, party) -> list[dict]:
    """The later stages the case can be brought to now (`escalation_blocker` lets them by),
    each with whether this party still has to consent to it."""
    targets = []
    for p in progress:
        if p.state != "ahead" or ds.escalation_blocker(case, p.stage) is not None:
            continue
        needs_mine = (
            p.stage.needs_both_consent and not p.one_party_may_raise and party.pk not in p.consented
        )
        targets.append({"kind": p.stage.kind, "label": p.label, "needs_my_consent": needs_mine})
    return targets


def _may(check, *args) -> bool:
    """Whether the service's own rights check lets this through."""
    try:
        check(*args)
    except DomainError:
        return False
    return True


def actions_for(case: Dispute, user) -> dict:
    """Only what `user` may do on `case` now; the services still decide every request."""
    open_case = case.closed_at is None
    climbing = open_case and case.status in CLIMBING
    party = ds.acting_party(user, case) if open_case else None
    has_record = hasattr(case, "disagreement_record")
    in_dialogue = case.stage.kind in DIALOGUE_PHASE
    current = case.stage
    stated = case.stage_statements.filter(stage=current).exists()
    found = {
        "party": party,
        "can_position": bool(party) and not (in_dialogue and has_record),
        "can_draft_record": bool(party)
        and in_dialogue
        and not has_record
        and not ds.missing_positions(case),
        "has_record": has_record,
        "can_resolve": bool(party),
        "can_withdraw": bool(party) and _may(ds.require_withdrawer, user, case),
        "can_state": climbing
        and current.gives_statement
        and not stated
        and ds.can_record_statement(user, case),
        "can_bind": False,
        "awaiting_statement": False,
        "targets": [],
    }
    if party and climbing:
        progress = ds.ladder_progress(case)
        mine = next(p for p in progress if p.state == "current")
        # R-DSP-4: a stage whose body gives a statement is left once it is recorded.
        found["awaiting_statement"] = current.gives_statement and not mine.statement
        found["targets"] = _targets(case, progress, party)
        found["can_bind"] = current.statement_may_bind and party.pk not in mine.bound
    return found


def case_context(case: Dispute, user) -> dict:
    """What the case page shows of a dispute: its ladder, where it stands, what may be done."""
    party = ds.acting_party(user, case)
    position = case.positions.filter(stage=case.stage, party=party).first() if party else None
    return {
        "dispute": case,
        "ladder": ladder_rows(case),
        "venue": next((s.venue for s in case.ladder.ordered_stages() if s.venue), ""),
        "opening_rows": opening_rows(case),
        "my_position": position.text if position else "",
        "actions": actions_for(case, user),
    }


# --- opening a dispute -----------------------------------------------------------------------
def opened_from(user, value: str):
    """The case `?fra=` names, if the user may see it; 404 for anything else."""
    try:
        pk = uuid.UUID(value)
    except ValueError:
        raise Http404("Saken finnes ikke.") from None
    return visible_case(user, pk)


class OpenDisputeForm(ErrorSummaryMixin, forms.Form):
    intro = (
        "En tvist reises av en part i samarbeidsavtalen mot den andre parten. Saken følger "
        "trinnene for tvisteløsning i avtalen, og partene kan bli enige på hvert trinn."
    )

    dispute_kind = forms.ChoiceField(label="Type tvist", choices=DisputeKind.choices)
    counterparty = forms.ModelChoiceField(
        label="Motpart", queryset=Party.objects.none(), empty_label="Velg motpart"
    )
    agreement_clause = forms.CharField(
        label="Avtalepunkt",
        required=False,
        max_length=200,
        help_text="For eksempel «Delavtale 2, punkt 2.2».",
    )
    subject = forms.CharField(
        label="Hva uenigheten gjelder", widget=forms.Textarea(attrs={"rows": 4})
    )
    claim_amount = forms.DecimalField(
        label="Kravets beløp (kr)",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=14,
        help_text="Må fylles ut for krav om erstatning for mislighold (dokumentert økonomisk tap).",
    )

    def __init__(self, *args, party: Party | None, **kwargs):
        super().__init__(*args, **kwargs)
        if party is not None:
            others = Party.objects.filter(community=party.community).exclude(kind=party.kind)
            self.fields["counterparty"].queryset = others.order_by("name")


class OpenDisputeView(LoginRequiredMixin, generic.FormView):
    """Either party of the community's agreement opens a dispute (R-DSP-6 breach claims too)."""

    template_name = "workflows/dispute/open.html"
    form_class = OpenDisputeForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.origin = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "fra" in request.GET:
            self.origin = opened_from(request.user, request.GET["fra"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "party": party_of(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            party=party_of(self.request.user), origin=self.origin, **kwargs
        )

    def form_valid(self, form):
        try:
            case = open_dispute(
                actor=self.request.user, opened_from=self.origin, **form.cleaned_data
            )
        except DomainError as exc:  # field errors on their fields, or the message on the form
            add_domain_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Tvisten er registrert som sak {case.reference}.")
        return HttpResponseRedirect(case_url(case))


# --- the case page's actions -----------------------------------------------------------------
class DisputeActionView(LoginRequiredMixin, generic.View):
    """One small form of the case page: run `service` under the flow lock (`actions.act`)
    with the posted `fields`, say how it went, back to the case. Each URL gives its own."""

    service = None
    fields: tuple[str, ...] = ()
    done = ""

    def post(self, request, pk):
        case = visible_dispute(request.user, pk)
        data = {name: request.POST.get(name, "") for name in self.fields}
        try:
            act(self.service, case=case, actor=request.user, **data)
        except DomainError as exc:
            details = "; ".join(e["message"] for e in exc.errors if e["message"] != exc.message)
            messages.error(request, f"{exc.message} {details}".strip())
        else:
            messages.success(request, self.done)
        return HttpResponseRedirect(case_url(case) + "#dispute")


# URL slug and name → the service, the fields it takes from the form, what success says.
ACTIONS = {
    "standpunkt": (
        "dispute_position",
        ds.dispute_record_position,
        ("text",),
        "Standpunktet er registrert.",
    ),
    "protokoll": (
        "dispute_disagreement",
        ds.dispute_record_disagreement,
        (),
        "Uenighetsprotokollen er skrevet.",
    ),
    "samtykke": ("dispute_consent", ds.dispute_consent, ("stage",), "Samtykket er registrert."),
    "videre": (
        "dispute_escalate",
        ds.dispute_escalate,
        ("stage",),
        "Saken er brakt videre til neste trinn.",
    ),
    "uttalelse": (
        "dispute_statement",
        ds.dispute_record_statement,
        ("text",),
        "Uttalelsen er registrert.",
    ),
    "bindende": (
        "dispute_binding",
        ds.dispute_accept_binding,
        (),
        "Det er registrert at uttalelsen er bindende for parten.",
    ),
    "enighet": (
        "dispute_resolve",
        ds.dispute_resolve,
        ("terms",),
        "Enigheten er registrert, og tvisten er avsluttet.",
    ),
    "trekk": ("dispute_withdraw", ds.dispute_withdraw, ("reason",), "Tvisten er trukket."),
}


# --- the disagreement record (R-DSP-1) ---------------------------------------------------------
def disagreement_of(user, pk):
    case = visible_dispute(user, pk)
    letter = disagreement_letter(case, user)
    if letter is None:
        raise Http404("Uenighetsprotokollen er ikke skrevet ennå.")
    return case, letter


class DisagreementPageView(LoginRequiredMixin, generic.TemplateView):
    template_name = "saksflyt/letter.html"

    def get_context_data(self, **kwargs):
        case, letter = disagreement_of(self.request.user, self.kwargs["pk"])
        return super().get_context_data(
            case=case,
            letter=letter,
            pdf_url=reverse("saker:dispute_disagreement_pdf", args=[case.pk]),
            **kwargs,
        )


class DisagreementPdfView(LoginRequiredMixin, generic.View):
    def get(self, request, pk):
        return pdf_response(disagreement_of(request.user, pk)[1])


urlpatterns = [
    path("tvist/ny/", OpenDisputeView.as_view(), name="dispute_open"),
    path(
        "<uuid:pk>/uenighetsprotokoll/",
        DisagreementPageView.as_view(),
        name="dispute_disagreement_page",
    ),
    path(
        "<uuid:pk>/uenighetsprotokoll.pdf",
        DisagreementPdfView.as_view(),
        name="dispute_disagreement_pdf",
    ),
    *(
        path(
            f"<uuid:pk>/tvist/{slug}/",
            DisputeActionView.as_view(service=service, fields=fields, done=done),
            name=name,
        )
        for slug, (name, service, fields, done) in ACTIONS.items()
    ),
]
