"""The viewflow Material site: our case pages plus the task-transfer flow app.

viewflow's own process and task lists show every process to anyone with the flow's view
permission. Here every list is cut down to `cases_visible_to(user)`, and every URL that names
a process (detail, chart, task pages) answers 404 for a case the user may not see.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from viewflow.urls import Application, Site
from viewflow.workflow import STATUS, chart
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.viewset import FlowAppViewset

from cases.selectors import cases_visible_to
from workflows.models import CaseProcess
from workflows.task_transfer.flow import TaskTransferFlow

from . import views


def visible_processes(user):
    return CaseProcess.objects.filter(case__in=cases_visible_to(user)).values("pk")


class VisibleDashboardView(flow_views.DashboardView):
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


class VisibleProcessesMixin:
    """Cut viewflow's process querysets down to the cases the user may see."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=visible_processes(self.request.user))
            .order_by("-created")
        )


class VisibleProcessListView(VisibleProcessesMixin, flow_views.DashboardProcessListView):
    pass


class VisibleTaskListView(flow_views.DashboardTaskListView):
    def get_queryset(self):
        return super().get_queryset().filter(process__in=visible_processes(self.request.user))


class VisibleProcessDetailView(VisibleProcessesMixin, flow_views.DetailProcessView):
    pass


class TaskTransferApp(FlowAppViewset):
    dashboard_view_class = VisibleDashboardView
    process_list_view_class = VisibleProcessListView
    task_list_view_class = VisibleTaskListView
    process_detail_view_class = VisibleProcessDetailView

    def has_view_permission(self, user, obj=None):
        # Anonymous users pass here so that `login_required` can send them to the login page.
        return not user.is_authenticated or super().has_view_permission(user, obj=obj)


class CasesApp(Application):
    title = "Saker"
    icon = "folder_open"
    app_name = "saker"
    menu_template_name = "saksflyt/cases_menu.html"

    index_path = path("", views.CaseListView.as_view(), name="index")
    proposal_path = path("ny/", views.ProposalCreateView.as_view(), name="proposal")
    detail_path = path("<uuid:pk>/", views.CaseDetailView.as_view(), name="detail")
    statement_request_path = path(
        "<uuid:pk>/uttalelser/", views.StatementRequestView.as_view(), name="statement_request"
    )
    statement_receive_path = path(
        "<uuid:pk>/uttalelser/<int:statement_pk>/",
        views.StatementReceiveView.as_view(),
        name="statement_receive",
    )
    withdraw_path = path("<uuid:pk>/trekk/", views.WithdrawView.as_view(), name="withdraw")
    consultation_path = path(
        "<uuid:pk>/horing/", views.ConsultationResponseView.as_view(), name="consultation"
    )


class SaksflytSite(Site):
    title = "Saksflyt"
    icon = "hub"

    index_path = path("", views.HomeView.as_view(), name="index")


site = SaksflytSite(
    viewsets=[
        CasesApp(),
        TaskTransferApp(TaskTransferFlow, icon="swap_horiz"),
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


def _guard_all(patterns) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _guard_all(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _guard(pattern.callback)


def site_urls():
    patterns, app_name, namespace = site.urls
    _guard_all(patterns)
    return patterns, app_name, namespace
