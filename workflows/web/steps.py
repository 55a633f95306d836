"""The generic page of every human step, and claim/release from the web.

The page finds its node spec in the registry (by flow and node): it shows the node's form,
and on submit `engine.finish` calls the node's one step function and moves the flow on.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import generic
from viewflow.workflow.flow.views import AssignTaskView, DetailTaskView, UnassignTaskView, mixins

from cases.errors import DomainError, ValidationFailed
from workflows import engine
from workflows.registry import node_spec, spec_for_kind

from .forms import add_domain_errors


def case_context(case, user) -> dict:
    """What the case's process adds to its pages: summary card and process context."""
    spec = spec_for_kind(case.kind)
    if spec is None:
        return {}
    extra = spec.case_context(case, user) if spec.case_context else {}
    record = spec.record(case, user) if spec.record else []
    return {"spec": spec, "record": record, **extra}


class StepView(mixins.TaskSuccessUrlMixin, mixins.TaskViewTemplateNames, generic.FormView):
    """Base of every human step page (runs inside viewflow's lock and transaction)."""

    template_filename = "task.html"
    success_message = "Oppgaven «{task}» er fullført."

    @cached_property
    def node(self):
        return node_spec(self.request.activation.flow_task)

    @cached_property
    def case(self):
        return engine.case_of(self.request.activation.task)

    def get_form_class(self):
        return self.node.form_class

    def get_template_names(self):
        return ("saksflyt/task.html",)

    def get_success_url(self):
        """Back to the case, where the user sees what the step did and what comes next;
        with "Utfør og fortsett", on to the user's next task on the case if there is one."""
        activation = self.request.activation
        if "_continue" in self.request.POST:
            manager = activation.flow_class.task_class._default_manager
            following = manager.next_user_task(activation.process, self.request.user)
            if following is not None:
                return following.flow_task.reverse(
                    "index", args=[following.process_id, following.pk]
                )
        return reverse("saker:detail", args=[self.case.pk])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case, "user": self.request.user}

    def get_context_data(self, **kwargs):
        page_context = self.node.page_context
        node_extra = page_context(self.case, self.request.user) if page_context else {}
        return super().get_context_data(
            case=self.case,
            activation=self.request.activation,
            page_template=self.node.page_template,
            **case_context(self.case, self.request.user),
            **node_extra,
            **kwargs,
        )

    def form_valid(self, form):
        user, data = self.request.user, form.normalized()
        try:
            engine.finish(self.request.activation, lambda case: self.node.step(case, user, data))
        except ValidationFailed as exc:
            add_domain_errors(form, exc)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            self.success_message.format(task=self.request.activation.flow_task.task_title),
            fail_silently=True,
        )
        return HttpResponseRedirect(self.get_success_url())


class _TaskPageMixin:
    """The task's own page (take, put back, see who has it) in our layout."""

    template_name = "saksflyt/task_action.html"
    action_label = ""

    @cached_property
    def case(self):
        return engine.case_of(self.request.activation.task)

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, **kwargs)


class _TaskActionView(_TaskPageMixin):
    """Claim and release from the web go through the same engine checks and events as the API."""

    engine_action = staticmethod(engine.claim)
    done_message = ""

    def form_valid(self, form):
        try:
            self.engine_action(self.request.activation, self.request.user)
        except DomainError as exc:
            messages.error(self.request, exc.message)
            return HttpResponseRedirect(self.request.path)
        # Skip viewflow's own assign/unassign (the engine has done it) and its message.
        title = self.request.activation.flow_task.task_title
        messages.success(self.request, self.done_message.format(task=title), fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class ClaimTaskView(_TaskActionView, AssignTaskView):
    """After taking a task the user goes straight to its form."""

    engine_action = staticmethod(engine.claim)
    action_label = "Ta oppgaven"
    done_message = "Du har tatt oppgaven «{task}»."

    def get_success_url(self):
        activation = self.request.activation
        return activation.flow_task.reverse(
            "execute", args=[activation.process.pk, activation.task.pk]
        )


class ReleaseTaskView(_TaskActionView, UnassignTaskView):
    """After putting a task back the user returns to the case."""

    engine_action = staticmethod(engine.release)
    action_label = "Legg tilbake"
    done_message = "Oppgaven «{task}» er lagt tilbake i køen."

    def get_success_url(self):
        return reverse("saker:detail", args=[self.case.pk])


class TaskDetailView(_TaskPageMixin, DetailTaskView):
    """Who has the task, and the actions this user may take on it (viewflow's manager
    actions are not offered at all, see `site.UNOFFERED`)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(actions=list(self.get_actions()), **kwargs)
