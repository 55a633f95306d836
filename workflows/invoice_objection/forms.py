"""Django forms of the human steps of fakturainnsigelse; each yields the normalized dict
`steps` takes (the same the API's input serializers give). Fields per disputed line are named
`<field>_<invoice line id>`; every rule is the service's, whose errors the step page shows
on the form."""

from django import forms

from workflows.web.forms import StepForm


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


def _text(label: str, help_text: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _line_label(objection_line) -> str:
    line = objection_line.line
    return (
        f"Linje {line.position} ({line.period_start:%d.%m.%Y}–{line.period_end:%d.%m.%Y}), "
        f"{objection_line.disputed_days} av {line.days} døgn omstridt"
    )


class LineStepForm(StepForm):
    """A step with fields per disputed line of the case."""

    def objection_lines(self):
        return list(self.case.lines.select_related("line").order_by("line__position"))

    def submitted_lines(self) -> list[int]:
        """The line ids of `normalized()["lines"]`, in order."""
        return [line["line"] for line in self.normalized()["lines"]]

    def error_field(self, field: str) -> str | None:
        """The service names a line's error `lines[<i>].<name>` (the i-th line it was
        given): it belongs on `<name>_<line id>`."""
        index, _, name = field.removeprefix("lines[").partition("].")
        ids = self.submitted_lines()
        if field.startswith("lines[") and index.isdigit() and int(index) < len(ids):
            return f"{name}_{ids[int(index)]}"
        return None


class AnswerForm(LineStepForm):
    """R-OBJ-4: per disputed line the days accepted and rejected, and the justification."""

    intro = (
        "Svaret sendes kommunen med fakturanummer, enhet, pasientens NPR-ID, perioden, "
        "godtatte og avviste døgn og begrunnelsen. Godtatte døgn krediteres (R-OBJ-5)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for ol in self.objection_lines():
            label = _line_label(ol)
            self.fields[f"accepted_days_{ol.line_id}"] = forms.IntegerField(
                label=f"{label}: godtatte døgn", min_value=0, required=False
            )
            self.fields[f"rejected_days_{ol.line_id}"] = forms.IntegerField(
                label=f"{label}: avviste døgn", min_value=0, required=False
            )
            self.fields[f"justification_{ol.line_id}"] = _text(
                f"{label}: begrunnelse", f"Kommunens begrunnelse: {ol.grounds}"
            )

    def normalized(self) -> dict:
        data = self.cleaned_data
        return {
            "lines": [
                {
                    "line": ol.line_id,
                    "accepted_days": data.get(f"accepted_days_{ol.line_id}"),
                    "rejected_days": data.get(f"rejected_days_{ol.line_id}"),
                    "justification": data.get(f"justification_{ol.line_id}") or "",
                }
                for ol in self.objection_lines()
            ]
        }


class ReviewForm(StepForm):
    """R-OBJ-6: the municipality accepts the answer or appeals it."""

    decision = _choice(
        "Kommunens vurdering av svaret",
        [
            ("accept", "Kommunen godtar svaret"),
            ("appeal", "Kommunen klager til seksjon for samhandling"),
        ],
    )
    grounds = _text("Begrunnelse for klagen", "Påkrevd ved klage.", rows=4)


class AppealDecisionForm(LineStepForm):
    """R-OBJ-6: the section's decision; when it overturns, the days accepted per line."""

    outcome = _choice(
        "Avgjørelse",
        [("upheld", "Svaret fra enheten står ved lag"), ("overturned", "Svaret omgjøres")],
    )
    decision_text = forms.CharField(
        label="Avgjørelsen og begrunnelsen", widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for ol in self.objection_lines():
            self.fields[f"accepted_days_{ol.line_id}"] = forms.IntegerField(
                label=f"{_line_label(ol)}: godtatte døgn etter klagen",
                min_value=0,
                required=False,
                help_text=f"Enheten godtok {ol.accepted_days or 0} døgn. Bare ved omgjøring.",
            )

    def normalized(self) -> dict:
        data = self.cleaned_data
        lines = [
            {"line": ol.line_id, "accepted_days": data[f"accepted_days_{ol.line_id}"]}
            for ol in self.objection_lines()
            if data.get(f"accepted_days_{ol.line_id}") is not None
        ]
        return {
            "outcome": data["outcome"],
            "decision_text": data["decision_text"],
            "lines": lines,
        }


class CosignForm(StepForm):
    """R-OBJ-6: the trust's lawyer signs the decision too, or sends it back."""

    confirm = forms.TypedChoiceField(
        label="Medsignatur",
        choices=[("ja", "Jeg signerer avgjørelsen"), ("nei", "Jeg sender den tilbake")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    comment = _text("Merknad", "Påkrevd når du sender avgjørelsen tilbake.")


class ReviewDecisionForm(StepForm):
    """R-OBJ-7: the municipality accepts the decision or brings the case to the board."""

    decision = _choice(
        "Kommunens vurdering av klageavgjørelsen",
        [
            ("accept", "Kommunen godtar avgjørelsen"),
            ("board", "Kommunen bringer saken inn for Nasjonal tvisteløsningsnemnd"),
        ],
    )
    subject = _text("Hva nemnda skal ta stilling til", "Påkrevd ved nemndsbehandling.")
