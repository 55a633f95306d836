"""The case pages every process shares: home, case list and case page. Visibility is
`cases_visible_to`, always; what a process adds comes from its spec in the registry."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic

from cases import calendar
from cases.errors import DomainError
from cases.models import Case, Committee, Deadline, DeadlineState
from cases.selectors import (
    case_events,
    case_search,
    cases_visible_to,
    linked_cases,
    open_requests_for,
    parties_of_my_communities,
)
from workflows import engine
from workflows.letters import people_on
from workflows.registry import event_label, spec_for_flow, spec_for_kind, specs

from .forms import CaseSearchForm
from .steps import case_context


def visible_case(user, pk) -> Case:
    return get_object_or_404(cases_visible_to(user), pk=pk).specific


def case_url(case) -> str:
    return reverse("saker:detail", args=[case.pk])


def chart_url(case) -> str | None:
    process = getattr(case, "process", None)
    spec = spec_for_flow(process.flow_class) if process is not None else None
    if spec is None:
        return None
    try:
        return spec.flow.instance.reverse("process_chart", args=[process.pk])
    except NoReverseMatch:
        return None


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _committee_names(tasks) -> dict[str, str]:
    perms = {t.owner_permission for t in tasks if t.owner_permission}
    ids = [int(p.rsplit("_", 1)[1]) for p in perms if p.startswith("cases.committee_")]
    return {c.role: c.name for c in Committee.objects.filter(pk__in=ids)}


def _candidates(tasks) -> dict[str, list]:
    """The people who hold each task's role: those it may be given to."""
    from cases.models import Membership

    perms = {t.owner_permission for t in tasks if t.owner_permission}
    ids = [int(p.rsplit("_", 1)[1]) for p in perms if p.startswith("cases.committee_")]
    found: dict[str, list] = {}
    rows = Membership.objects.filter(committee_id__in=ids, user__is_active=True)
    for m in rows.select_related("user", "party").order_by("user__first_name", "pk"):
        people = found.setdefault(f"cases.committee_{m.committee_id}", [])
        if all(p.pk != m.user_id for p, _ in people):
            people.append((m.user, m.party))
    return found


def task_rows(tasks, user, *, reassign: bool = False) -> list[dict]:
    tasks = list(tasks)
    names = _committee_names(tasks)
    candidates = _candidates(tasks) if reassign else {}
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
                "candidates": [
                    (person.pk, f"{person.get_full_name()} ({party.name})" if party else person)
                    for person, party in candidates.get(task.owner_permission, [])
                    if person.pk != task.owner_id
                ],
            }
        )
    return rows


class TaskReassignView(LoginRequiredMixin, generic.View):
    """The secretariat gives an open task of a case to someone who holds its role."""

    def post(self, request, pk, task_pk):
        case = visible_case(request.user, pk)
        if not any(t.pk == task_pk for t in engine.open_tasks_of([case.pk]).get(case.pk, [])):
            raise Http404("Oppgaven finnes ikke.")
        chosen = request.POST.get("user", "")
        target = (
            get_user_model().objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        )
        if target is None:
            messages.error(request, "Velg hvem som skal ha oppgaven.")
            return HttpResponseRedirect(case_url(case) + "#open-tasks")
        try:
            engine.task_reassign(task_id=task_pk, user=request.user, to_user=target)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Oppgaven er gitt til {target.get_full_name()}.")
        return HttpResponseRedirect(case_url(case) + "#open-tasks")


def start_links() -> list:
    """Every process's start pages ("Nytt forslag", …) for the menu and the home page."""
    return [(link, reverse(link.url_name)) for spec in specs() for link in spec.start_links]


def request_rows(user) -> list[dict]:
    """Statements and consultations the user's party is asked for, as rows of the inbox."""
    requests = open_requests_for(user)
    rows = [
        {
            "kind": "Uttalelse",
            "title": f"Uttalelse fra {s.recipient}",
            "case": s.case,
            "due_on": s.due_on,
            "overdue": calendar.is_overdue(s.due_on),
            "url": f"{case_url(s.case)}#statements",
        }
        for s in requests["statements"]
    ]
    rows += [
        {
            "kind": "Høring",
            "title": "Høringssvar",
            "case": c.case,
            "due_on": c.due_on,
            "overdue": calendar.is_overdue(c.due_on),
            "url": f"{case_url(c.case)}#consultation",
        }
        for c in requests["consultations"]
    ]
    return sorted(rows, key=lambda r: r["due_on"])


def linked_rows(case, user) -> list[dict]:
    """The cases linked to `case` that `user` may see, as rows of the case page."""
    rows = []
    for linked in linked_cases([case.pk], user)[case.pk]:
        other = linked.case.specific
        spec = spec_for_kind(other.kind)
        rows.append(
            {
                "case": other,
                "relation": linked.label,
                "kind": spec.label if spec else other.get_kind_display(),
                "url": case_url(other),
            }
        )
    return rows


def case_offers(case, user) -> list[tuple]:
    """The start pages of processes offered from this case to `user`, with `?fra=<pk>`."""
    return [
        (offer, f"{reverse(offer.url_name)}?fra={case.pk}")
        for spec in specs()
        for offer in spec.case_offers
        if offer.may(user, case)
    ]


class HomeView(LoginRequiredMixin, generic.TemplateView):
    template_name = "saksflyt/home.html"
    LIMIT = 25

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = cases_visible_to(user)
        mine = engine.inbox(user).filter(process__caseprocess__case__in=visible)
        queue = engine.queue(user).filter(process__caseprocess__case__in=visible)
        related = ("owner", "process__caseprocess__case")
        limit = self.LIMIT
        return super().get_context_data(
            inbox=task_rows(mine.select_related(*related).order_by("created")[:limit], user),
            queue=task_rows(queue.select_related(*related).order_by("created")[:limit], user),
            inbox_count=mine.count(),
            queue_count=queue.count(),
            limit=limit,
            requests=request_rows(user),
            recent=visible[:10],
            **kwargs,
        )


def my_cases(user):
    """Cases the user opened, or where the user holds an open task."""
    holding = engine.inbox(user).values("process__caseprocess__case_id")
    return Q(created_by=user) | Q(pk__in=holding)


class CaseListView(LoginRequiredMixin, generic.ListView):
    """Every case the user may see: search, filters, order, next deadline, pages."""

    template_name = "saksflyt/case_list.html"
    context_object_name = "cases"
    paginate_by = 25

    def get_form(self):
        user = self.request.user
        kinds = [(s.kind, s.label) for s in specs()]
        statuses = sorted(
            {(k, v) for s in specs() for k, v in s.status_labels.items()}, key=lambda c: c[1]
        )
        parties = list(parties_of_my_communities(user).order_by("kind", "name"))
        return CaseSearchForm(
            self.request.GET or None, kinds=kinds, statuses=statuses, parties=parties
        )

    def get_queryset(self):
        self.form = self.get_form()
        cases = cases_visible_to(self.request.user)
        if self.form.only_mine:
            cases = cases.filter(my_cases(self.request.user))
        return case_search(cases, **self.form.filters()).select_related("community")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form, query=query.urlencode(), today=calendar.today(), **kwargs
        )


class CaseDetailView(LoginRequiredMixin, generic.TemplateView):
    template_name = "saksflyt/case_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        case = visible_case(user, self.kwargs["pk"])
        tasks = engine.open_tasks_of([case.pk]).get(case.pk, [])
        spec = spec_for_kind(case.kind)
        from .documents import DocumentForm

        reassign = case.closed_at is None and engine.can_reassign(user, case)
        name = people_on(case, user)
        documents = list(case.documents.select_related("uploaded_by__profile__party"))
        for document in documents:
            document.uploader = name(document.uploaded_by)
        return super().get_context_data(
            case=case,
            tasks=task_rows(tasks, user, reassign=reassign),
            can_reassign=reassign,
            events=[
                {
                    "at": e.at,
                    "label": event_label(case.kind, e.action),
                    "actor": name(e.actor),
                    "status": case.STATUS_LABELS.get(e.to_status, ""),
                    "justification": e.data.get("justification", ""),
                }
                for e in case_events(case)
            ],
            deadlines=case.deadlines.all(),
            chart_url=chart_url(case),
            has_letter=bool(spec and spec.decision_letter and spec.decision_letter(case, user)),
            documents=documents,
            document_form=DocumentForm() if case.closed_at is None else None,
            linked=linked_rows(case, user),
            offers=case_offers(case, user),
            **case_context(case, user),
            **(spec.case_query(case, user, self.request.GET) if spec and spec.case_query else {}),
            **kwargs,
        )
