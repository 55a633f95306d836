"""The case pages every process shares: home, case list and case page. Visibility is
`cases_visible_to`, always; what a process adds comes from its spec in the registry."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic

from cases.models import Case, Committee, Deadline, DeadlineState
from cases.selectors import case_events, cases_visible_to
from workflows import engine
from workflows.letters import person
from workflows.registry import event_label, spec_for_flow, spec_for_kind, specs

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


def start_links() -> list:
    """Every process's start pages ("Nytt forslag", …) for the menu and the home page."""
    return [(link, reverse(link.url_name)) for spec in specs() for link in spec.start_links]


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
            recent=visible[:10],
            **kwargs,
        )


class CaseListView(LoginRequiredMixin, generic.ListView):
    template_name = "saksflyt/case_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related("community")


class CaseDetailView(LoginRequiredMixin, generic.TemplateView):
    template_name = "saksflyt/case_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        case = visible_case(user, self.kwargs["pk"])
        tasks = engine.open_tasks_of([case.pk]).get(case.pk, [])
        spec = spec_for_kind(case.kind)
        from .documents import DocumentForm

        return super().get_context_data(
            case=case,
            tasks=task_rows(tasks, user),
            events=[
                {
                    "at": e.at,
                    "label": event_label(case.kind, e.action),
                    "actor": person(e.actor) if e.actor_id else "Systemet",
                    "status": case.STATUS_LABELS.get(e.to_status, ""),
                    "justification": e.data.get("justification", ""),
                }
                for e in case_events(case)
            ],
            deadlines=case.deadlines.all(),
            chart_url=chart_url(case),
            has_letter=bool(spec and spec.decision_letter and spec.decision_letter(case)),
            documents=case.documents.select_related("uploaded_by"),
            document_form=DocumentForm() if case.closed_at is None else None,
            **case_context(case, user),
            **kwargs,
        )
