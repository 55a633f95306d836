"""A small second process that exists only in the tests: two human steps, registered like any
process. Its first step is deliberately called `screen`, as the task transfer's first step is:
nodes are keyed by flow and node. It proves that the generic parts (task API, case page, step
pages, menus, registry) need no change to take a new process."""

from django import forms
from django.db import transaction
from django.urls import include, path
from django_fsm import transition
from rest_framework import serializers
from viewflow import this
from viewflow.workflow import flow

from cases.errors import ValidationFailed, field_error
from cases.models import Case, CommitteeKind
from cases.roles import standing_committee
from cases.services.events import record_event
from cases.services.lifecycle import ensure_can, locked, run_transition
from workflows.inputs import StrictSerializer
from workflows.locks import row_lock
from workflows.models import CaseProcess
from workflows.nodes import HumanStep, start_process
from workflows.registry import NodeSpec, ProcessSpec
from workflows.web.forms import StepForm

KIND = "review"


class Review(Case):
    """A question one party asks; the secretariat answers it and then approves the answer.
    No visibility rule of its own: only its parties and whoever opened it see it."""

    KIND = KIND
    INITIAL_STATUS = "asked"
    STATUS_LABELS = {"asked": "Spørsmål stilt", "answered": "Besvart", "closed": "Godkjent"}
    FINAL_STATES = frozenset({"closed"})

    class Meta:
        proxy = True
        app_label = "cases"  # a proxy needs no table and no migration

    @transition(field="status", source="asked", target="answered")
    def give_answer(self):
        pass

    @transition(field="status", source="answered", target="closed")
    def approve(self):
        pass


# --- services (the rules) -------------------------------------------------------------------
@transaction.atomic
def review_open(*, community, actor, title: str, parties) -> Review:
    case = Review(community=community, created_by=actor, title=title)
    case.reference = f"REV-{Review.objects.filter(kind=KIND).count() + 1:04d}"
    case.save()
    case.parties.set(parties)
    record_event(case, actor=actor, action="review_opened", to_status=case.status)
    ReviewFlow.start.run(case=case)
    return case


@transaction.atomic
def review_answer(*, case: Review, actor, text: str) -> Review:
    case = locked(case)
    ensure_can(case.give_answer)
    if not text.strip():
        raise ValidationFailed(
            "Svaret er tomt.", errors=[field_error("text", "Påkrevd.", "required")]
        )
    run_transition(case.give_answer, actor=actor, action="review_answered", data={"text": text})
    return case


@transaction.atomic
def review_approve(*, case: Review, actor) -> Review:
    case = locked(case)
    run_transition(case.approve, actor=actor, action="review_approved")
    return case


# --- the flow -------------------------------------------------------------------------------
def _secretariat(activation):
    return standing_committee(activation.process.case.community, CommitteeKind.SECRETARIAT).role


class ReviewFlow(flow.Flow):
    """Gjennomgang"""

    process_class = CaseProcess
    lock_impl = row_lock
    process_title = "Gjennomgang"

    start = flow.StartHandle(start_process).Next(this.screen)
    screen = (
        HumanStep()
        .Annotation(title="Svar på spørsmålet")
        .Permission(_secretariat)
        .Next(this.approve)
    )
    approve = (
        HumanStep().Annotation(title="Godkjenn svaret").Permission(_secretariat).Next(this.end)
    )
    end = flow.End()


# --- input: API serializers and web forms ------------------------------------------------
class AnswerInput(StrictSerializer):
    text = serializers.CharField(allow_blank=True)


class ApproveInput(StrictSerializer):
    confirm = serializers.BooleanField()


class AnswerForm(StepForm):
    text = forms.CharField(label="Svar", widget=forms.Textarea)


class ApproveForm(StepForm):
    confirm = forms.BooleanField(label="Svaret er godkjent")


def _answer(case, user, data):
    return review_answer(case=case, actor=user, text=data["text"])


def _approve(case, user, data):
    return review_approve(case=case, actor=user)


def spec() -> ProcessSpec:
    return ProcessSpec(
        kind=KIND,
        label="Gjennomgang",
        case_model=Review,
        flow=ReviewFlow,
        nodes=[
            NodeSpec("screen", step=_answer, input_serializer=AnswerInput, form_class=AnswerForm),
            NodeSpec(
                "approve", step=_approve, input_serializer=ApproveInput, form_class=ApproveForm
            ),
        ],
        event_labels={
            "review_opened": "Spørsmål stilt",
            "review_answered": "Spørsmålet er besvart",
            "review_approved": "Svaret er godkjent",
        },
    )


def urlpatterns_with_registry() -> list:
    """The project's URLs, built after the test registered its process."""
    from workflows.urls import build_urlpatterns

    return [path("api/v1/", include("api.urls")), *build_urlpatterns()]


urlpatterns: list = []  # filled by the fixture that registers the process
