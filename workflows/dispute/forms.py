"""Django form of the dispute's human step; yields the normalized dict `steps` takes."""

from django import forms

from workflows.web.forms import StepForm


class FollowUpForm(StepForm):
    text = forms.CharField(
        label="Partens standpunkt på dette trinnet",
        widget=forms.Textarea,
        help_text="Standpunktet tas med i uenighetsprotokollen når saken skal videre.",
    )
