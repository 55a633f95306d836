"""Django forms of oppgaveoverføring. Each step form yields the normalized dict that `steps`
takes; rules are checked by the case services, whose field errors are put back on the form."""

from django import forms
from django.contrib.auth import get_user_model

from cases.models import (
    CommitteeKind,
    Community,
    Competence,
    HospitalUnit,
    Membership,
    Party,
    TaskTransfer,
)
from cases.roles import party_of, standing_committee
from cases.services.task_transfer import (
    ASSESSMENT_SIDES,
    CRITERIA,
    FOLLOW_UP_ITEMS,
    PROPOSAL_FIELDS,
    default_composition_text,
)
from workflows.web.forms import YES_NO, ErrorSummaryMixin, StepForm

User = get_user_model()


def panel_candidates(community, competence: str):
    """Who may fill a seat of `competence` on a panel: the members of the community's pool
    for expert panels with that competence, and those of the pool with none recorded. If no
    one in the pool fits, the whole pool; with no pool, anyone of the community's parties."""
    people = User.objects.filter(is_active=True)
    in_pool = {
        "memberships__committee__community": community,
        "memberships__committee__kind": CommitteeKind.EXPERT_POOL,
    }
    fitting = people.filter(memberships__competence__in=[competence, ""], **in_pool)
    for candidates in (
        fitting,
        people.filter(**in_pool),
        people.filter(profile__party__community=community),
    ):
        if candidates.exists():
            break
    return (
        candidates.distinct().select_related("profile__party").order_by("first_name", "last_name")
    )


def person_with_party(user, party) -> str:
    """«Erik Andreassen (UNN HF)», «Randi Strand (ingen part)»."""
    return f"{user.get_full_name() or user.username} ({party.name if party else 'ingen part'})"


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """People named with the party R-TT-4 counts them for: the one they belong to."""

    def label_from_instance(self, obj):
        return person_with_party(obj, party_of(obj))


class ScreenForm(StepForm):
    """R-TT-2 criteria a–g, R-TT-3 justification."""

    decision = forms.ChoiceField(
        label="Konklusjon",
        choices=[("proceed", "Kan oppfylle kriteriene – send til SSU"), ("reject", "Avvis")],
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        label="Begrunnelse til forslagsstiller", required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CRITERIA.items():
            self.fields[f"criteria_{key}"] = forms.TypedChoiceField(
                label=f"{key}) {label}",
                choices=YES_NO,
                coerce=lambda v: v == "ja",
                widget=forms.RadioSelect,
            )
        self.order_fields([*(f"criteria_{key}" for key in CRITERIA), "decision", "justification"])

    def normalized(self):
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "criteria": {key: data[f"criteria_{key}"] for key in CRITERIA},
            "justification": data.get("justification", ""),
        }


class AppointPanelForm(StepForm):
    """R-TT-4: one choice of people per competence of the default composition, each from the
    pool that fits it; the default composition is told before the SSU submits."""

    @property
    def intro(self) -> str:
        return default_composition_text()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for competence in Competence:
            self.fields[f"members_{competence.value}"] = PersonChoiceField(
                label=competence.label,
                queryset=panel_candidates(self.case.community, competence.value),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["deviation_reason"] = forms.CharField(
            label="Begrunnelse for avvik fra standard sammensetning",
            help_text="Bare hvis en rolle mangler.",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def normalized(self):
        members = [
            {"user": person, "competence": competence.value}
            for competence in Competence
            for person in self.cleaned_data[f"members_{competence.value}"]
        ]
        return {"members": members, "deviation_reason": self.cleaned_data["deviation_reason"]}


class RecommendForm(StepForm):
    """R-TT-6 recommendation; R-TT-8 optional consultation."""

    recommendation = forms.ChoiceField(
        label="Innstilling",
        choices=[
            ("for", "Utvalget innstiller på overføring"),
            ("against", "Utvalget innstiller ikke"),
        ],
        widget=forms.RadioSelect,
    )
    assessment_professional = forms.CharField(label="Faglige sider", widget=forms.Textarea)
    assessment_organisational = forms.CharField(
        label="Organisatoriske sider", widget=forms.Textarea
    )
    assessment_economic = forms.CharField(label="Økonomiske sider", widget=forms.Textarea)
    assessment_legal = forms.CharField(label="Juridiske sider", widget=forms.Textarea)
    no_statement_reason = forms.CharField(
        label="Hvorfor trengs ingen uttalelse? (bare hvis ingen er bedt om)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consultation = forms.BooleanField(label="Send forslaget på høring før SSU", required=False)
    consultees = forms.ModelMultipleChoiceField(
        label="Høringsinstanser", queryset=Party.objects.none(), required=False
    )
    consultation_due_on = forms.DateField(
        label="Høringsfrist", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultees"].queryset = self.case.community.parties.all()

    def normalized(self):
        data = self.cleaned_data
        return {
            "recommendation": data["recommendation"],
            "assessment": {side: data[f"assessment_{side}"] for side in ASSESSMENT_SIDES},
            "no_statement_reason": data["no_statement_reason"],
            "consultation": data["consultation"],
            "consultees": list(data["consultees"]),
            "consultation_due_on": data["consultation_due_on"],
        }


class StatementRequestForm(forms.Form):
    """R-TT-5: ask an affected unit for a statement."""

    party = forms.ModelChoiceField(label="Part", queryset=Party.objects.none())
    unit = forms.ModelChoiceField(
        label="Enhet", queryset=HospitalUnit.objects.none(), required=False
    )
    due_on = forms.DateField(
        label="Frist", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = case.community.parties.all()
        self.fields["unit"].queryset = HospitalUnit.objects.filter(party__community=case.community)


class GpCouncilForm(StepForm):
    """R-TT-7."""

    conclusion = forms.ChoiceField(
        label="Konklusjon",
        choices=[
            ("supports", "Fastlegerådet støtter forslaget"),
            ("does_not_support", "Fastlegerådet støtter ikke forslaget"),
        ],
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(label="Vurdering", widget=forms.Textarea)


class SsuDecideForm(StepForm):
    """R-TT-9 positions of each present member; R-TT-10 effective date and follow-up."""

    outcome = forms.ChoiceField(
        label="Utfall",
        choices=[
            ("approve", "Vedtatt"),
            ("reject", "Ikke vedtatt"),
            ("postpone", "Utsatt – tilbake på sakskartet"),
            ("consultation", "Sendes på høring"),
        ],
        widget=forms.RadioSelect,
    )
    decision_text = forms.CharField(label="Vedtak", required=False, widget=forms.Textarea)
    effective_on = forms.DateField(
        label="Iverksettes fra", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    consultees = forms.ModelMultipleChoiceField(
        label="Høringsinstanser", queryset=Party.objects.none(), required=False
    )
    consultation_due_on = forms.DateField(
        label="Høringsfrist", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    POSITION_CHOICES = [("absent", "Ikke til stede"), ("agree", "Enig"), ("object", "Innsigelse")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ssu = standing_committee(self.case.community, CommitteeKind.SSU)
        seats = list(Membership.objects.filter(committee=ssu).select_related("user", "party"))
        self.members = [seat.user for seat in seats]
        for seat in seats:  # named with the party the member represents (R-TT-9's sides)
            self.fields[f"position_{seat.user.pk}"] = forms.ChoiceField(
                label=person_with_party(seat.user, seat.party),
                choices=self.POSITION_CHOICES,
                initial="absent",
            )
        for key, label in FOLLOW_UP_ITEMS.items():
            self.fields[f"follow_up_{key}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.fields["consultees"].queryset = self.case.community.parties.all()

    def normalized(self):
        data = self.cleaned_data
        return {
            "positions": [
                {"member": member, "position": data[f"position_{member.pk}"]}
                for member in self.members
                if data[f"position_{member.pk}"] != "absent"
            ],
            "outcome": data["outcome"],
            "decision_text": data["decision_text"],
            "effective_on": data["effective_on"],
            "follow_up": {key: data[f"follow_up_{key}"] for key in FOLLOW_UP_ITEMS},
            "consultees": list(data["consultees"]),
            "consultation_due_on": data["consultation_due_on"],
        }


class ProposalForm(ErrorSummaryMixin, forms.ModelForm):
    """*Forslag til oppgaveoverføring* (R-TT-1)."""

    community = forms.ModelChoiceField(
        label="Helsefellesskap", queryset=Community.objects.order_by("name"), required=True
    )
    gps_affected = forms.TypedChoiceField(
        label="Berører forslaget fastlegene?",
        choices=YES_NO,
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = TaskTransfer
        fields = list(PROPOSAL_FIELDS)
        labels = {
            "title": "Kort tittel på forslaget",
            "proposer_category": "Forslagsstiller er",
            "proposer_name": "Forslagsstillers navn",
            "proposer_email": "E-post for svar",
            "task_description": "Oppgaven som foreslås overført",
            "direction": "Retning",
            "patient_group": "Pasientgruppe",
            "expected_volume": "Forventet volum",
            "service_justification": "Hvorfor gir endringen like god eller bedre tjeneste?",
            "consequences_professional": "Kjente faglige konsekvenser",
            "consequences_organisational": "Kjente organisatoriske konsekvenser",
            "consequences_economic": "Kjente økonomiske konsekvenser",
            "consequences_legal": "Kjente juridiske konsekvenser",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "task_description",
                "service_justification",
                "consequences_professional",
                "consequences_organisational",
                "consequences_economic",
                "consequences_legal",
            )
        }

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        if community is not None:
            del self.fields["community"]
        self.order_fields(["community", *PROPOSAL_FIELDS])

    def _post_clean(self):
        # The service validates the model; the form only parses.
        pass

    def proposal_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS}

    def chosen_community(self):
        """The community picked by a user without a party; the service decides the rest."""
        return self.cleaned_data.get("community")


class StatementReceiveForm(forms.Form):
    text = forms.CharField(label="Uttalelse", widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationResponseForm(forms.Form):
    party = forms.ModelChoiceField(label="Høringsinstans", queryset=None)
    text = forms.CharField(label="Høringssvar", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        if parties.count() == 1:
            self.fields["party"].initial = parties.first()
