"""Django forms of the human steps. Each yields the normalized dict that `steps` takes;
rules are checked by the case services, whose field errors are put back on the form."""

from django import forms
from django.contrib.auth import get_user_model

from cases.errors import ValidationFailed
from cases.models import CommitteeKind, Competence, HospitalUnit, Membership, Party
from cases.roles import standing_committee
from cases.services.task_transfer import ASSESSMENT_SIDES, CRITERIA, FOLLOW_UP_ITEMS

User = get_user_model()

# String values: the Material radio widget renders Python booleans as "true"/"false".
YES_NO = [("ja", "Ja"), ("nei", "Nei")]


def _people(community):
    return User.objects.filter(is_active=True, profile__party__community=community).order_by(
        "first_name", "last_name"
    )


class StepForm(forms.Form):
    def __init__(self, *args, case, user, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)

    def normalized(self) -> dict:
        return dict(self.cleaned_data)

    def add_domain_errors(self, exc: ValidationFailed) -> None:
        """Put a service's field errors on the matching form fields."""
        placed = False
        for error in exc.errors:
            name = error["field"].replace(".", "_").split("[")[0]
            if name in self.fields:
                self.add_error(name, error["message"])
                placed = True
        if not placed or exc.code not in ("validation_error",):
            self.add_error(None, exc.message)


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
        people = _people(self.case.community)
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
