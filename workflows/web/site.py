"""The viewflow Material site, built from the process registry: our case pages plus one flow
app per registered process.

viewflow's own process and task lists show every process to anyone with the flow's view
permission. Here every list is cut down to `cases_visible_to(user)`, every URL that names a
process (detail, chart, task pages) answers 404 for a case the user may not see, and the bulk
assign/unassign pages take only tasks the user may see and go through the engine, so they
record the same events as the API.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver, path, reverse
from django.views import generic
from viewflow.urls import Application, Site
from viewflow.workflow import STATUS, chart
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.viewset import FlowAppViewset

from cases.errors import DomainError
from cases.selectors import cases_visible_to
from workflows import engine
from workflows.models import CaseProcess
from workflows.registry import specs

from . import documents, letters, views
from .flow_lists import (
    ArchiveView,
    InboxView,
    ProcessListView,
    QueueView,
    TaskListView,
    visible_processes,
)


class VisibleDashboardView(flow_views.DashboardView):
    template_name = "saksflyt/flow_dashboard.html"

    def get_context_data(self, **kwargs):
        sorted_nodes, _ = chart.topsort(self.flow_class)
        nodes = [n for n in sorted_nodes if n.task_type in ["HUMAN", "JOB", "SUBPROCESS"]]
        end_nodes = [n for n in sorted_nodes if n.task_type in ["END"]]
        tasks = self.flow_class.task_class._default_manager.filter_available(
            [self.flow_class], self.request.user
        ).filter(process__in=visible_processes(self.request.user))
        columns = [
            {
                "node": node,
                "node_ref": get_task_ref(node),
                "tasks": tasks.filter(
                    Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=node
                )[: self.MAX_ROWS],
            }
            for node in nodes
        ]
        start_nodes = [
            {"node": node, "can_execute": node.can_execute(self.request.user)}
            for node in self.flow_class.instance.get_start_nodes()
        ]
        finished = tasks.filter(finished__isnull=False, flow_task__in=end_nodes)[: self.MAX_ROWS]
        context = {
            "columns": columns,
            "start_nodes": start_nodes,
            "end_nodes": end_nodes,
            "finished": finished,
            **kwargs,
        }
        context.setdefault("view", self)
        return context


class ProcessDetailRedirectView(generic.View):
    """viewflow's process page says less than the case page (and offers a cancel that
    bypasses the case services): send the user to the case page instead."""

    flow_class = None
    viewset = None

    def get(self, request, process_pk):
        process = get_object_or_404(
            CaseProcess, pk=process_pk, pk__in=visible_processes(request.user)
        )
        return HttpResponseRedirect(reverse("saker:detail", args=[process.case_id]))


class FlowChartView(flow_views.FlowChartView):
    """viewflow's chart with the node titles as written in the flow: viewflow Title-Cases the
    first line of each box ("Vurdere Forslaget"), and labels If branches "yes"/"no"."""

    EDGE_LABELS = {"yes": "ja", "no": "nei"}

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "bpmn":
            return super().get(request, *args, **kwargs)
        grid = chart.calc_layout_data(self.flow_class)
        if kwargs.get("process_pk") is not None:
            chart.calc_cell_status(self.flow_class, grid, kwargs["process_pk"])
        for cell in grid.cells:
            if cell.shape.text:
                # The template applies `|title` to the first text line only: give it an empty
                # one, so every line of the title is drawn as written.
                _, css_class, size, x, y = cell.shape.text[0]
                cell.shape.text.insert(0, ("", css_class, size, x, y))
        for edge in grid.edges:
            edge.label = self.EDGE_LABELS.get(edge.label, edge.label)
        return HttpResponse(chart.grid_to_svg(grid), content_type="image/svg+xml")


class _EngineBulkActionMixin:
    """viewflow's bulk assign/unassign, limited to tasks the user may see and act on, each
    done through the engine (its lock, its checks, its audit event)."""

    def tasks_in_scope(self, user):
        raise NotImplementedError

    def engine_action(self, *, task_id, user):
        raise NotImplementedError

    flow_class = None
    done_message = ""

    def get_queryset(self):
        user = self.request.user
        self.queryset = self.tasks_in_scope(user).filter(
            process__in=visible_processes(user), process__flow_class=self.flow_class
        )
        return super().get_queryset()

    def form_valid(self, form):
        done, refused = 0, []
        for task in list(self.get_queryset()):
            try:
                self.engine_action(task_id=task.pk, user=self.request.user)
                done += 1
            except DomainError as exc:
                refused.append(f"{task.flow_task.task_title}: {exc.message}")
        if done:
            messages.success(self.request, self.done_message.format(count=done))
        for text in refused:
            messages.error(self.request, text)
        return HttpResponseRedirect(self.get_success_url())


class BulkClaimView(_EngineBulkActionMixin, flow_views.BulkAssignTasksActionView):
    done_message = "{count} oppgave(r) er tatt."

    def tasks_in_scope(self, user):
        return engine.queue(user)

    def engine_action(self, *, task_id, user):
        engine.task_claim(task_id=task_id, user=user)


class BulkReleaseView(_EngineBulkActionMixin, flow_views.BulkUnassignTasksActionView):
    done_message = "{count} oppgave(r) er lagt tilbake i køen."

    def tasks_in_scope(self, user):
        return engine.inbox(user)

    def engine_action(self, *, task_id, user):
        engine.task_release(task_id=task_id, user=user)


class ProcessApp(FlowAppViewset):
    """One registered process's flow app: dashboard, lists, chart and task pages."""

    base_template_name = "saksflyt/flow_page.html"
    dashboard_view_class = VisibleDashboardView
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView
    process_detail_view_class = ProcessDetailRedirectView
    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    chart_view_class = FlowChartView
    # Cancelling a process in viewflow would leave its case open: not offered.
    process_cancel_path = None
    tasks_assign_view_class = BulkClaimView
    tasks_unassign_view_class = BulkReleaseView

    def has_view_permission(self, user, obj=None):
        # Anonymous users pass here so that `login_required` can send them to the login page.
        return not user.is_authenticated or super().has_view_permission(user, obj=obj)


class CasesApp(Application):
    title = "Saker"
    icon = "folder_open"
    app_name = "saker"
    menu_template_name = "saksflyt/cases_menu.html"

    index_path = path("", views.CaseListView.as_view(), name="index")
    detail_path = path("<uuid:pk>/", views.CaseDetailView.as_view(), name="detail")
    reassign_path = path(
        "<uuid:pk>/oppgaver/<int:task_pk>/fordel/",
        views.TaskReassignView.as_view(),
        name="task_reassign",
    )
    documents_path = path(
        "<uuid:pk>/dokumenter/", documents.DocumentUploadView.as_view(), name="document_upload"
    )
    document_path = path(
        "<uuid:pk>/dokumenter/<int:document_pk>/",
        documents.DocumentDownloadView.as_view(),
        name="document",
    )
    decision_letter_path = path(
        "<uuid:pk>/vedtaksbrev/", letters.DecisionLetterView.as_view(), name="decision_letter"
    )
    decision_letter_pdf_path = path(
        "<uuid:pk>/vedtaksbrev.pdf",
        letters.DecisionLetterPdfView.as_view(),
        name="decision_letter_pdf",
    )
    summary_pdf_path = path(
        "<uuid:pk>/sammendrag.pdf", letters.CaseSummaryPdfView.as_view(), name="summary_pdf"
    )


class SaksflytSite(Site):
    title = "Saksflyt"
    icon = "hub"

    index_path = path("", views.HomeView.as_view(), name="index")


def flow_app_name(flow_class) -> str:
    """The URL namespace of a flow's app: its class name without "Flow", as viewflow names it
    (given explicitly: viewflow clears the flow's own name once its URLs are built)."""
    return flow_class.__name__.removesuffix("Flow").lower()


def build_site() -> SaksflytSite:
    """The site of every registered process: built anew from the registry."""
    process_urls = [pattern for spec in specs() for pattern in spec.urls]
    return SaksflytSite(
        viewsets=[
            CasesApp(urlpatterns=process_urls),
            *(
                ProcessApp(spec.flow, icon=spec.icon, app_name=flow_app_name(spec.flow))
                for spec in specs()
            ),
        ]
    )


def _guard(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if (
            process_pk is not None
            and not CaseProcess.objects.filter(
                pk=process_pk, case__in=cases_visible_to(request.user)
            ).exists()
        ):
            raise Http404("Saken finnes ikke.")
        return view(request, *args, **kwargs)

    return login_required(guarded)


# viewflow's manager actions on a task (cancel, undo, revive) change the flow without the
# case services, so the case would no longer match its flow: the site does not offer them.
UNOFFERED = frozenset({"cancel", "undo", "revive"})


def _guard_all(patterns) -> None:
    for pattern in list(patterns):
        if isinstance(pattern, URLResolver):
            _guard_all(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            if pattern.name in UNOFFERED:
                patterns.remove(pattern)
            else:
                pattern.callback = _guard(pattern.callback)


def site_urls():
    patterns, app_name, namespace = build_site().urls
    _guard_all(patterns)
    return patterns, app_name, namespace
