"""Web views of the human steps. Each validates a Django form into the normalized dict of
`steps`, then `engine.finish` calls the one case service and moves the flow on."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.views import generic
from viewflow.workflow.flow.views import AssignTaskView, UnassignTaskView, mixins

from cases.errors import DomainError, ValidationFailed
from workflows import engine

from . import forms as step_forms
from . import steps


class StepView(
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    """Base of every human step page (runs inside viewflow's lock and transaction)."""

    step: str = ""
    form_class: type[forms.Form]
    template_filename = "task.html"
    success_message = "Oppgaven «{task}» er fullført."

    @property
    def case(self):
        if not hasattr(self, "_case"):
            self._case = engine.case_of(self.request.activation.task)
        return self._case

    def get_template_names(self):
        """Our pages first: workflows/task_transfer/<node>_task.html, then the generic one."""
        node = self.request.activation.flow_task.name
        return (
            f"workflows/task_transfer/{node}_{self.template_filename}",
            f"workflows/task_transfer/{self.template_filename}",
            *super().get_template_names(),
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case, "user": self.request.user}

    def get_context_data(self, **kwargs):
        from workflows.web.views import proposal_rows

        return super().get_context_data(
            case=self.case,
            activation=self.request.activation,
            proposal_rows=proposal_rows(self.case),
            **kwargs,
        )

    def form_valid(self, form):
        apply = steps.STEPS[self.step]
        try:
            engine.finish(
                self.request.activation,
                lambda case: apply(case, self.request.user, form.normalized()),
            )
        except ValidationFailed as exc:
            form.add_domain_errors(exc)
            return self.form_invalid(form)
        except DomainError as exc:
            messages.error(self.request, exc.message)
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            self.success_message.format(task=self.request.activation.flow_task.task_title),
            fail_silently=True,
        )
        return HttpResponseRedirect(self.get_success_url())


class ScreenView(StepView):
    step = "screen"
    form_class = step_forms.ScreenForm


class AppointPanelView(StepView):
    step = "appoint_panel"
    form_class = step_forms.AppointPanelForm


class RecommendView(StepView):
    """R-TT-6; the page also lets the panel request and register statements (R-TT-5)."""

    step = "recommend"
    form_class = step_forms.RecommendForm

    def get_context_data(self, **kwargs):
        from workflows.web.views import statement_rows

        return super().get_context_data(
            statements=statement_rows(self.case),
            statement_form=step_forms.StatementRequestForm(case=self.case),
            receive_forms=True,
            **kwargs,
        )


class GpCouncilView(StepView):
    step = "gp_council"
    form_class = step_forms.GpCouncilForm


class SsuDecideView(StepView):
    step = "ssu_decide"
    form_class = step_forms.SsuDecideForm


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
