"""Case pages of the web UI. Visibility is `cases_visible_to`, always; rules live in services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic

from cases import calendar
from cases.errors import DomainError, ValidationFailed
from cases.models import Committee, Deadline, DeadlineState, Party, TaskTransfer
from cases.roles import party_of
from cases.selectors import case_events, cases_visible_to
from cases.services import task_transfer as tt
from cases.services.task_transfer import PROPOSAL_FIELDS, SINGLE_PATIENT_NOTICE
from workflows import engine
from workflows.task_transfer import actions
from workflows.task_transfer.forms import StatementRequestForm

from .forms import ConsultationResponseForm, ProposalForm, StatementReceiveForm, add_domain_errors

EVENT_LABELS = {
    "submitted": "Forslag sendt inn",
    "withdrawn": "Forslaget trukket",
    "task_claimed": "Oppgave tatt",
    "task_released": "Oppgave lagt tilbake",
    "screening_passed": "Sekretariatet: kan oppfylle kriteriene",
    "rejected_at_screening": "Sekretariatet: avvist",
    "panel_appointed": "Faglig utvalg oppnevnt",
    "statement_requested": "Uttalelse bedt om",
    "statement_received": "Uttalelse mottatt",
    "not_recommended": "Faglig utvalg: ikke innstilt",
    "recommended": "Faglig utvalg: innstilt på overføring",
    "consultation_response": "Høringssvar mottatt",
    "consultation_closed": "Høring avsluttet",
    "gp_council_assessed": "Fastlegerådet har vurdert",
    "approved": "SSU: vedtatt overført",
    "rejected": "SSU: ikke vedtatt",
    "postponed": "SSU: utsatt",
    "sent_on_consultation": "SSU: sendt på høring",
    "deadline_missed": "Frist oversittet",
    "ssu_case_number": "SSU-saksnummer tildelt",
}


def event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action.replace("_", " ").capitalize())


def status_label(case, status: str) -> str:
    return case.STATUS_LABELS.get(status, status)


def statement_rows(case) -> list:
    """R-TT-5: each request with its deadline and whether it is overdue."""
    rows = list(case.statements.select_related("party", "unit__party"))
    for row in rows:
        row.overdue = row.received_at is None and calendar.is_overdue(row.due_on)
    return rows


def proposal_rows(case: TaskTransfer) -> list[tuple[str, str]]:
    rows = []
    for name in PROPOSAL_FIELDS:
        field = case._meta.get_field(name)
        value = getattr(case, name)
        if field.choices:
            value = getattr(case, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "Ja" if value else "Nei"
        rows.append((str(field.verbose_name).capitalize(), value))
    return rows


def visible_case(user, pk) -> TaskTransfer:
    return get_object_or_404(cases_visible_to(user), pk=pk).specific


def case_url(case) -> str:
    return reverse("saker:detail", args=[case.pk])


def chart_url(case) -> str | None:
    process = getattr(case, "process", None)
    if process is None:
        return None
    return reverse("tasktransfer:process_chart", args=[process.pk])


def _committee_names(tasks) -> dict[str, str]:
    perms = {t.owner_permission for t in tasks if t.owner_permission}
    ids = [int(p.rsplit("_", 1)[1]) for p in perms if p.startswith("cases.committee_")]
    return {c.role: c.name for c in Committee.objects.filter(pk__in=ids)}


def task_rows(tasks, user) -> list[dict]:
    tasks = list(tasks)
    names = _committee_names(tasks)
    deadlines = {
        d.task_id: d
        for d in Deadline.objects.filter(
            task_id__in=[t.pk for t in tasks], state=DeadlineState.OPEN
        )
    }
    rows = []
    for task in tasks:
        deadline = deadlines.get(task.pk)
        if task.owner_id:
            holder = task.owner.get_full_name() or task.owner.username
        else:
            holder = names.get(task.owner_permission, "–")
        rows.append(
            {
                "task": task,
                "title": task.flow_task.task_title or str(task.flow_task),
                "holder": holder,
                "taken": bool(task.owner_id),
                "mine": task.owner_id == user.pk,
                "due_on": deadline.due_on if deadline else None,
                "overdue": deadline.overdue if deadline else False,
                "url": task.flow_task.reverse("index", args=[task.process_id, task.pk]),
                "case": task.process.caseprocess.case,
            }
        )
    return rows


class HomeView(LoginRequiredMixin, generic.TemplateView):
    template_name = "saksflyt/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = cases_visible_to(user)
        mine = engine.inbox(user).filter(process__caseprocess__case__in=visible)
        queue = engine.queue(user).filter(process__caseprocess__case__in=visible)
        related = ("owner", "process__caseprocess__case")
        return super().get_context_data(
            inbox=task_rows(mine.select_related(*related), user),
            queue=task_rows(queue.select_related(*related), user),
            my_cases=visible.filter(created_by=user)[:10],
            recent=visible[:10],
            **kwargs,
        )


class CaseListView(LoginRequiredMixin, generic.ListView):
    template_name = "saksflyt/case_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related("community")


class ProposalCreateView(LoginRequiredMixin, generic.FormView):
    """R-TT-1: anyone may propose; R-TT-12: the form says what is not a task transfer."""

    template_name = "saksflyt/proposal_form.html"
    form_class = ProposalForm

    def get_form_kwargs(self):
        party = party_of(self.request.user)
        return {**super().get_form_kwargs(), "community": party.community if party else None}

    def get_initial(self):
        user = self.request.user
        return {"proposer_name": user.get_full_name(), "proposer_email": user.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=SINGLE_PATIENT_NOTICE, **kwargs)

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


class CaseDetailView(LoginRequiredMixin, generic.TemplateView):
    template_name = "saksflyt/case_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        case = visible_case(user, self.kwargs["pk"])
        tasks = engine.open_tasks_of([case.pk]).get(case.pk, [])
        consultation = tt.open_consultation(case)
        return super().get_context_data(
            case=case,
            proposal_rows=proposal_rows(case),
            tasks=task_rows(tasks, user),
            events=[
                (e, event_label(e.action), status_label(case, e.to_status))
                for e in case_events(case)
            ],
            chart_url=chart_url(case),
            statements=statement_rows(case),
            consultation=consultation,
            can_respond=bool(consultation and _respondable_parties(user, consultation)),
            can_withdraw=case.closed_at is None and tt.can_withdraw(user, case),
            **kwargs,
        )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class StatementRequestView(LoginRequiredMixin, generic.View):
    """R-TT-5: the panel asks an affected unit for a statement (from the recommend task page)."""

    def post(self, request, pk):
        case = visible_case(request.user, pk)
        form = StatementRequestForm(request.POST, case=case)
        if form.is_valid():
            try:
                actions.request_statement(
                    case=case,
                    actor=request.user,
                    party=form.cleaned_data["party"],
                    unit=form.cleaned_data["unit"],
                    due_on=form.cleaned_data["due_on"],
                )
                messages.success(request, "Uttalelse er bedt om.")
            except DomainError as exc:
                details = "; ".join(e["message"] for e in exc.errors)
                messages.error(request, f"{exc.message} {details}".strip())
        else:
            messages.error(
                request,
                "Forespørselen har feil: "
                + "; ".join(
                    f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                    for f, e in form.errors.items()
                ),
            )
        return HttpResponseRedirect(_safe_next(request, case_url(case)))


class StatementReceiveView(LoginRequiredMixin, generic.View):
    """R-TT-5: register a statement that has come in."""

    def post(self, request, pk, statement_pk):
        case = visible_case(request.user, pk)
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
        return HttpResponseRedirect(_safe_next(request, case_url(case)))


def _respondable_parties(user, consultation):
    answered = consultation.responses.values("party_id")
    parties = consultation.consultees.exclude(pk__in=answered)
    return Party.objects.filter(
        pk__in=[p.pk for p in parties if tt.can_respond_to_consultation(user, consultation, p)]
    ).order_by("name")


class ConsultationResponseView(LoginRequiredMixin, generic.FormView):
    """R-TT-8: a consultee (or the secretariat on its behalf) registers a response."""

    template_name = "saksflyt/consultation.html"
    form_class = ConsultationResponseForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.case = visible_case(request.user, kwargs["pk"])
        self.consultation = tt.open_consultation(self.case)
        self.parties = (
            _respondable_parties(request.user, self.consultation)
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
            proposal_rows=proposal_rows(self.case),
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
        case = visible_case(request.user, pk)
        try:
            actions.withdraw_proposal(
                case=case, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, f"Forslaget {case.reference} er trukket.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(case_url(case))
