"""Forms of the case pages. They only parse input; the case services decide."""

from django import forms

from cases.errors import ValidationFailed
from cases.models import Community, TaskTransfer
from cases.services.task_transfer import PROPOSAL_FIELDS
from workflows.task_transfer.forms import YES_NO


def add_domain_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Put a service's field errors on the matching fields, the rest on the form."""
    placed = False
    for error in exc.errors:
        name = error["field"].replace(".", "_").split("[")[0]
        if name in form.fields:
            form.add_error(name, error["message"])
            placed = True
    if not placed:
        form.add_error(None, exc.message)


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
