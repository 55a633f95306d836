"""viewflow's lists of a process app in our words: each row names its case by reference and
links to the case page; headers are Norwegian; every list is cut down to the cases the user
may see (`visible_processes`)."""

from django.urls import reverse
from django.utils.html import format_html
from django_filters import ChoiceFilter, DateRangeFilter, FilterSet
from viewflow.utils import viewprop
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.models import Task

from workflows.models import CaseProcess


def visible_processes(user):
    from cases.selectors import cases_visible_to

    return CaseProcess.objects.filter(case__in=cases_visible_to(user)).values("pk")


def case_link(case) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("saker:detail", args=[case.pk]), case.reference
    )


class TaskFilter(FilterSet):
    """viewflow's task filters named as our pages name them: tasks by their title (viewflow
    lists "Oppgaveoverføring/Appoint Panel"), no process picker (the case list searches)."""

    flow_task = ChoiceFilter(label="Oppgave")
    created = DateRangeFilter(label="Opprettet")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nodes = self.queryset.order_by().values_list("flow_task", flat=True).distinct()
        self.filters["flow_task"].field.choices = sorted(
            {(get_task_ref(node), str(node.task_title or node)) for node in nodes},
            key=lambda choice: choice[1],
        )

    class Meta:
        model = Task
        fields = ("flow_task", "created")


class FinishedTaskFilter(TaskFilter):
    finished = DateRangeFilter(label="Fullført")

    class Meta(TaskFilter.Meta):
        fields = ("flow_task", "created", "finished")


class TaskColumns:
    """Columns of a task list: case, task (linked to its page), case title."""

    def case_reference(self, task):
        return case_link(task.process.caseprocess.case)

    case_reference.short_description = "Sak"

    def task_link(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, task.title)

    task_link.short_description = "Oppgave"

    def case_title(self, task):
        return task.process.caseprocess.case.title

    case_title.short_description = "Saken gjelder"

    def owner_name(self, task):
        return task.owner.get_full_name() or task.owner.username if task.owner_id else "–"

    owner_name.short_description = "Hvem"

    filterset_class = TaskFilter

    @viewprop
    def queryset(self):
        # Cut down before the filters are built, so their choices name only visible tasks.
        return (
            super()
            .queryset.filter(process__in=visible_processes(self.request.user))
            .select_related("owner", "process__caseprocess__case")
        )


class InboxView(TaskColumns, flow_views.FlowInboxListView):
    columns = ("case_reference", "task_link", "case_title", "created")


class QueueView(TaskColumns, flow_views.FlowQueueListView):
    columns = ("case_reference", "task_link", "case_title", "created")


class ArchiveView(TaskColumns, flow_views.FlowArchiveListView):
    columns = ("case_reference", "task_link", "case_title", "created", "finished")
    filterset_class = FinishedTaskFilter


class TaskListView(TaskColumns, flow_views.DashboardTaskListView):
    """Every human task of the process (viewflow lists its gateways and end too)."""

    title = "Alle oppgaver"
    columns = ("case_reference", "task_link", "case_title", "created", "owner_name")
    filterset_class = FinishedTaskFilter

    @viewprop
    def queryset(self):
        return super().queryset.filter(flow_task_type="HUMAN")


class ProcessListView(flow_views.DashboardProcessListView):
    title = "Saker i prosessen"
    columns = ("case_reference", "case_title", "created", "finished", "active_tasks")

    def case_reference(self, process):
        return case_link(process.case)

    case_reference.short_description = "Sak"

    def case_title(self, process):
        return process.case.title

    case_title.short_description = "Saken gjelder"

    def active_tasks(self, process):
        return process.active_tasks_count

    active_tasks.short_description = "Åpne oppgaver"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(pk__in=visible_processes(self.request.user))
            .select_related("case")
            .order_by("-created")
        )
