"""What every web form of a step shares: it only parses input; the case service decides, and
its field errors are put back on the form."""

from django import forms
from viewflow.forms.renderers import FormLayout

from cases.errors import ValidationFailed

# String values: the Material radio widget renders Python booleans as "true"/"false".
YES_NO = [("ja", "Ja"), ("nei", "Nei")]


def add_domain_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Put a service's field errors on the matching fields, the others on the form; the
    service's overall message only when no field error says what is wrong. One message per
    problem: the page's error summary lists them once, the fields show their own."""
    field_of = getattr(form, "error_field", None)  # a form may map the service's names
    for error in exc.errors:
        field = error.get("field") or ""
        name = field_of(field) if field_of else None
        name = name or field.replace(".", "_").split("[")[0]
        form.add_error(name if name in form.fields else None, error["message"])
    if not exc.errors:
        form.add_error(None, exc.message)


class SummaryLayout(FormLayout):
    """viewflow's form layout without its own list of form errors: the page's error summary
    (`saksflyt/_error_summary.html`) shows them once, at the top."""

    def append_non_field_errors(self, form, root):
        pass


class ErrorSummaryMixin:
    """What the page needs to show a form's errors once, each linked to its field, and an
    optional plain-language introduction before the fields."""

    layout = SummaryLayout()
    intro = ""

    def error_summary(self) -> list[dict]:
        items = [{"href": "", "label": "", "message": e} for e in self.non_field_errors()]
        for field in self:
            items += [
                {"href": f"#{field.auto_id}", "label": field.label, "message": e}
                for e in field.errors
            ]
        return items

    @property
    def has_required_fields(self) -> bool:
        return any(field.required for field in self.fields.values())


class StepForm(ErrorSummaryMixin, forms.Form):
    """The web form of a human step: `normalized()` is the dict the step function takes."""

    def __init__(self, *args, case, user, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)

    def normalized(self) -> dict:
        return dict(self.cleaned_data)


class CaseSearchForm(forms.Form):
    """The case list's search, filters and order (all optional, read from the query)."""

    q = forms.CharField(label="Søk", required=False, max_length=200)
    kind = forms.ChoiceField(label="Sakstype", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    party = forms.TypedChoiceField(label="Part", required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label="Bare mine saker", required=False)
    overdue = forms.BooleanField(label="Bare saker med oversittet frist", required=False)
    order = forms.ChoiceField(
        label="Sorter etter",
        required=False,
        choices=[
            ("updated", "Sist endret"),
            ("deadline", "Neste frist"),
            ("reference", "Referanse"),
            ("title", "Tittel"),
            ("status", "Status"),
        ],
    )

    def __init__(self, *args, kinds, statuses, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Alle")] + kinds
        self.fields["status"].choices = [("", "Alle")] + statuses
        self.fields["party"].choices = [("", "Alle")] + [(p.pk, p.name) for p in parties]
        self.parties = {p.pk: p for p in parties}

    def filters(self) -> dict:
        """The valid filters; an invalid value is ignored rather than failing the list."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "text": data.get("q") or "",
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "party": self.parties.get(data.get("party")),
            "overdue": bool(data.get("overdue")),
            "order": data.get("order") or "updated",
        }

    @property
    def only_mine(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("mine"))
