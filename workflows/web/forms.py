"""What every web form of a step shares: it only parses input; the case service decides, and
its field errors are put back on the form."""

from django import forms

from cases.errors import ValidationFailed

# String values: the Material radio widget renders Python booleans as "true"/"false".
YES_NO = [("ja", "Ja"), ("nei", "Nei")]


def add_domain_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Put a service's field errors on the matching fields, the rest on the form."""
    placed = False
    for error in exc.errors:
        name = error["field"].replace(".", "_").split("[")[0]
        if name in form.fields:
            form.add_error(name, error["message"])
            placed = True
    if not placed or exc.code != "validation_error":
        form.add_error(None, exc.message)


class StepForm(forms.Form):
    """The web form of a human step: `normalized()` is the dict the step function takes."""

    def __init__(self, *args, case, user, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)

    def normalized(self) -> dict:
        return dict(self.cleaned_data)
