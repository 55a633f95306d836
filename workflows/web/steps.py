"""The generic page of every human step, and claim/release from the web.

The page finds its node spec in the registry (by flow and node): it shows the node's form,
and on submit `engine.finish` calls the node's one step function and moves the flow on.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.views import generic
from viewflow.workflow.flow.views import AssignTaskView, UnassignTaskView, mixins

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


class _TaskActionView:
    """Claim and release from the web go through the same engine checks and events as the API."""

    engine_action = staticmethod(engine.claim)

    def form_valid(self, form):
        try:
            self.engine_action(self.request.activation, self.request.user)
        except DomainError as exc:
            messages.error(self.request, exc.message)
            return HttpResponseRedirect(self.request.path)
        # Skip viewflow's own assign/unassign: the engine has done it.
        return super(self.viewflow_view, self).form_valid(form)


class ClaimTaskView(_TaskActionView, AssignTaskView):
    engine_action = staticmethod(engine.claim)
    viewflow_view = AssignTaskView


class ReleaseTaskView(_TaskActionView, UnassignTaskView):
    engine_action = staticmethod(engine.release)
    viewflow_view = UnassignTaskView
