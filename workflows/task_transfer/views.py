"""Web views of the human steps. Each validates a Django form into the normalized dict of
`steps`, then `engine.finish` calls the one case service and moves the flow on."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.views import generic
from viewflow.workflow.flow.views import mixins

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
        return engine.case_of(self.request.activation.task)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            case=self.case, activation=self.request.activation, **kwargs
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
            return self.form_invalid(form)
        messages.success(
            self.request,
            self.success_message.format(task=self.request.activation.flow_task),
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
    step = "recommend"
    form_class = step_forms.RecommendForm


class GpCouncilView(StepView):
    step = "gp_council"
    form_class = step_forms.GpCouncilForm


class SsuDecideView(StepView):
    step = "ssu_decide"
    form_class = step_forms.SsuDecideForm
