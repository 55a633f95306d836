"""Decision letters and archive summaries: a printable page and a PDF of the same content.
Visible to whoever may see the case; a case still open has no decision letter (404)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.views import generic

from cases.selectors import case_events
from workflows.letters import case_summary, people_on, render_pdf, when
from workflows.registry import event_label, spec_for_kind

from .views import visible_case


def decision_letter_of(case, user):
    spec = spec_for_kind(case.kind)
    letter = spec.decision_letter(case, user) if spec and spec.decision_letter else None
    if letter is None:
        raise Http404("Saken har ikke noe vedtaksbrev ennå.")
    return letter


def summary_of(case, user):
    spec = spec_for_kind(case.kind)
    if spec is None:
        raise Http404("Ukjent sakstype.")
    name = people_on(case, user)
    history = [
        (when(e.at), event_label(case.kind, e.action), name(e.actor)) for e in case_events(case)
    ]
    record = spec.record(case, user) if spec.record else []
    return case_summary(case, label=spec.label, record=record, history=history)


def pdf_response(letter) -> HttpResponse:
    response = HttpResponse(render_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class DecisionLetterView(LoginRequiredMixin, generic.TemplateView):
    """The vedtaksbrev as a printable page, with a link to the PDF."""

    template_name = "saksflyt/letter.html"

    def get_context_data(self, **kwargs):
        case = visible_case(self.request.user, self.kwargs["pk"])
        return super().get_context_data(
            case=case,
            letter=decision_letter_of(case, self.request.user),
            pdf_name="vedtaksbrev",
            **kwargs,
        )


class DecisionLetterPdfView(LoginRequiredMixin, generic.View):
    def get(self, request, pk):
        return pdf_response(decision_letter_of(visible_case(request.user, pk), request.user))


class CaseSummaryPdfView(LoginRequiredMixin, generic.View):
    def get(self, request, pk):
        return pdf_response(summary_of(visible_case(request.user, pk), request.user))
