"""Django forms of oppgaveoverføring. Each step form yields the normalized dict that `steps`
takes; rules are checked by the case services, whose field errors are put back on the form."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from cases.models import (
    CommitteeKind,
    Community,
    Competence,
    HospitalUnit,
    Membership,
    Party,
    TaskTransfer,
)
from cases.roles import standing_committee
from cases.services.task_transfer import (
    ASSESSMENT_SIDES,
    CRITERIA,
    FOLLOW_UP_ITEMS,
    PROPOSAL_FIELDS,
)
from workflows.web.forms import YES_NO, StepForm

User = get_user_model()


def panel_candidates(community):
    """People who may sit on a panel: users of the community's parties and the members of its
    pool for expert panels (a user representative has no party)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(profile__party__community=community)
            | Q(
                memberships__committee__community=community,
                memberships__committee__kind=CommitteeKind.EXPERT_POOL,
            )
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


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
    """R-TT-4: one choice of people per competence of the default composition."""

    deviation_reason = forms.CharField(
        label="Begrunnelse for avvik fra standard sammensetning",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = panel_candidates(self.case.community)
        for competence in Competence:
            self.fields[f"members_{competence.value}"] = forms.ModelMultipleChoiceField(
                label=competence.label, queryset=people, required=False
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
        self.members = [
            m.user for m in Membership.objects.filter(committee=ssu).select_related("user", "party")
        ]
        for member in self.members:
            self.fields[f"position_{member.pk}"] = forms.ChoiceField(
                label=member.get_full_name() or member.username,
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


class ProposalForm(forms.ModelForm):
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
