"""The pages of oppgaveoverføring besides its human steps: the proposal form, statements,
consultation responses and withdrawal. Visibility is `cases_visible_to`; rules live in the
case services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views import generic

from cases import calendar
from cases.errors import DomainError, ValidationFailed
from cases.models import Party, TaskTransfer
from cases.roles import party_of
from cases.services import task_transfer as tt
from workflows.web.forms import add_domain_errors
from workflows.web.views import case_url, safe_next, visible_case

from . import actions
from .forms import (
    ConsultationResponseForm,
    ProposalForm,
    StatementReceiveForm,
    StatementRequestForm,
)
from .record import proposal_fields


def visible_task_transfer(user, pk) -> TaskTransfer:
    """The task transfer `pk` if the user may see it; 404 for any other case."""
    case = visible_case(user, pk)
    if not isinstance(case, TaskTransfer):
        raise Http404("Saken finnes ikke.")
    return case


def proposal_rows(case: TaskTransfer, user) -> list[tuple[str, str]]:
    rows = []
    for name in proposal_fields(case, user):
        field = case._meta.get_field(name)
        value = getattr(case, name)
        if field.choices:
            value = getattr(case, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "Ja" if value else "Nei"
        rows.append((str(field.verbose_name).capitalize(), value))
    return rows


def statement_rows(case, user) -> list:
    """R-TT-5: each request with its deadline, whether it is overdue, and whether this user
    may register the answer (the addressed unit's head or party, or the panel)."""
    rows = list(case.statements.select_related("party", "unit__party", "case"))
    open_case = case.closed_at is None
    for row in rows:
        row.overdue = row.received_at is None and calendar.is_overdue(row.due_on)
        row.can_answer = open_case and row.received_at is None and tt.can_give_statement(user, row)
    return rows


def respondable_parties(user, consultation):
    answered = consultation.responses.values("party_id")
    parties = consultation.consultees.exclude(pk__in=answered)
    return Party.objects.filter(
        pk__in=[p.pk for p in parties if tt.can_respond_to_consultation(user, consultation, p)]
    ).order_by("name")


def case_context(case: TaskTransfer, user) -> dict:
    """What the case page and the task pages show of a task transfer."""
    consultation = tt.open_consultation(case)
    return {
        "proposal_rows": proposal_rows(case, user),
        "statements": statement_rows(case, user),
        "consultation": consultation,
        "can_respond": bool(consultation and respondable_parties(user, consultation)),
        "can_withdraw": case.closed_at is None and tt.can_withdraw(user, case),
    }


def recommend_page(case: TaskTransfer, user) -> dict:
    """The panel requests and registers statements beside its recommendation (R-TT-5)."""
    return {"statement_form": StatementRequestForm(case=case)}


class ProposalCreateView(LoginRequiredMixin, generic.FormView):
    """R-TT-1: anyone may propose; R-TT-12: the form says what is not a task transfer."""

    template_name = "workflows/task_transfer/proposal_form.html"
    form_class = ProposalForm

    def get_form_kwargs(self):
        party = party_of(self.request.user)
        return {**super().get_form_kwargs(), "community": party.community if party else None}

    def get_initial(self):
        user = self.request.user
        return {"proposer_name": user.get_full_name(), "proposer_email": user.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=tt.SINGLE_PATIENT_NOTICE, **kwargs)

    def form_valid(self, form):
        try:
            case = actions.submit_proposal(
                community=form.chosen_community(),
                proposer=self.request.user,
                data=form.proposal_data(),
            )
        except ValidationFailed as exc:
            add_domain_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Forslaget er sendt inn som sak {case.reference}. Du kan følge saken her.",
        )
        return HttpResponseRedirect(case_url(case))


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
        for f, e in form.errors.items()
    )


class StatementRequestView(LoginRequiredMixin, generic.View):
    """R-TT-5: the panel asks an affected unit for a statement (from the recommend task page)."""

    def post(self, request, pk):
        case = visible_task_transfer(request.user, pk)
        form = StatementRequestForm(request.POST, case=case)
        if not form.is_valid():
            messages.error(request, "Forespørselen har feil: " + _form_errors(form))
            return HttpResponseRedirect(safe_next(request, case_url(case)))
        try:
            actions.request_statement(case=case, actor=request.user, **form.cleaned_data)
            messages.success(request, "Uttalelse er bedt om.")
        except DomainError as exc:
            details = "; ".join(e["message"] for e in exc.errors)
            messages.error(request, f"{exc.message} {details}".strip())
        return HttpResponseRedirect(safe_next(request, case_url(case)))


class StatementReceiveView(LoginRequiredMixin, generic.View):
    """R-TT-5: register a statement that has come in."""

    def post(self, request, pk, statement_pk):
        case = visible_task_transfer(request.user, pk)
        statement = get_object_or_404(case.statements, pk=statement_pk)
        form = StatementReceiveForm(request.POST)
        if form.is_valid():
            try:
                actions.receive_statement(
                    request=statement, actor=request.user, text=form.cleaned_data["text"]
                )
                messages.success(request, f"Uttalelsen fra {statement.recipient} er registrert.")
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, "Uttalelsen kan ikke være tom.")
        return HttpResponseRedirect(safe_next(request, case_url(case)))


class ConsultationResponseView(LoginRequiredMixin, generic.FormView):
    """R-TT-8: a consultee (or the secretariat on its behalf) registers a response."""

    template_name = "workflows/task_transfer/consultation.html"
    form_class = ConsultationResponseForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.case = visible_task_transfer(request.user, kwargs["pk"])
        self.consultation = tt.open_consultation(self.case)
        self.parties = (
            respondable_parties(request.user, self.consultation)
            if self.consultation
            else Party.objects.none()
        )
        if request.method == "POST" and not self.parties.exists():
            raise PermissionDenied("Du kan ikke svare på denne høringen.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parties": self.parties}

    def get_context_data(self, **kwargs):
        consultation = self.consultation
        return super().get_context_data(
            case=self.case,
            consultation=consultation,
            responses=consultation.responses.select_related("party") if consultation else [],
            proposal_rows=proposal_rows(self.case, self.request.user),
            can_respond=self.parties.exists(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            closed = actions.respond_to_consultation(
                case=self.case,
                actor=self.request.user,
                party=form.cleaned_data["party"],
                text=form.cleaned_data["text"],
            )
        except ValidationFailed as exc:
            add_domain_errors(form, exc)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        text = "Høringssvaret er registrert."
        if closed:
            text += " Alle har svart, og høringen er avsluttet."
        messages.success(self.request, text)
        return HttpResponseRedirect(case_url(self.case))


class WithdrawView(LoginRequiredMixin, generic.View):
    """R-AUD-1: the proposer (or the secretariat) withdraws; the case stays, as withdrawn."""

    def post(self, request, pk):
        case = visible_task_transfer(request.user, pk)
        try:
            actions.withdraw_proposal(
                case=case, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, f"Forslaget {case.reference} er trukket.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(case_url(case))


urlpatterns = [
    path("ny/", ProposalCreateView.as_view(), name="proposal"),
    path("<uuid:pk>/uttalelser/", StatementRequestView.as_view(), name="statement_request"),
    path(
        "<uuid:pk>/uttalelser/<int:statement_pk>/",
        StatementReceiveView.as_view(),
        name="statement_receive",
    ),
    path("<uuid:pk>/trekk/", WithdrawView.as_view(), name="withdraw"),
    path("<uuid:pk>/horing/", ConsultationResponseView.as_view(), name="consultation"),
]
