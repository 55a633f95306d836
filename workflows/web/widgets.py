"""Choice fields rendered on the server as plain, accessible HTML in viewflow's forms.

viewflow's Material radio group labels its group with a loose `<label>` tied to no control, it
has no element for a group of checkboxes at all, and its Material select puts aria-required on
a role="button" (not allowed by ARIA). These renderers (registered for Django's `RadioSelect`,
`CheckboxSelectMultiple` and `Select` in `VIEWFLOW["WIDGET_RENDERERS"]`) give every group a
legend, every choice its own label, a single choice a native labelled `<select>`, and the
field's errors and help text tied to the control, styled with the classes already on the page.
"""

from xml.etree.ElementTree import Element, SubElement

from viewflow.forms.renderers import WidgetRenderer

CHECKMARK = "M1.73,12.91 8.1,19.28 22.79,4.59"


def _text(parent: Element, tag: str, text: str, **attrs) -> Element:
    element = SubElement(parent, tag, attrs)
    element.text = str(text)
    return element


class ChoiceFieldsetRenderer(WidgetRenderer):
    """One `<fieldset>` per choice field; subclasses say which control each choice is."""

    input_type = "radio"

    def render(self, template_name, context, request=None):
        widget, field = context["widget"], self.bound_field
        group_id = widget["attrs"].get("id") or field.auto_id or field.html_name
        fieldset = SubElement(self.root, "fieldset", {"class": "sf-choices", "id": group_id})
        described = []
        legend = _text(fieldset, "legend", field.label, **{"class": "sf-choices__legend"})
        if field.field.required:
            _text(legend, "span", " *", **{"class": "sf-required", "aria-hidden": "true"})
            _text(legend, "span", " (må fylles ut)", **{"class": "sf-visually-hidden"})
        if field.help_text:
            described.append(f"{group_id}_help")
            _text(fieldset, "p", field.help_text, **{"class": "sf-help", "id": described[-1]})
        choices = SubElement(fieldset, "div", {"class": "sf-choices__options"})
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                self.append_choice(choices, option)
        if field.errors:
            described.append(f"{group_id}_error")
            errors = SubElement(fieldset, "div", {"class": "sf-field-error", "id": described[-1]})
            for error in field.errors:
                line = SubElement(errors, "p")
                _text(line, "span", "Feil: ", **{"class": "sf-visually-hidden"})
                line[0].tail = str(error)
        if described:
            fieldset.set("aria-describedby", " ".join(described))
        return fieldset

    def append_choice(self, parent: Element, option: dict) -> None:
        attrs = {
            key: (key if value is True else str(value))
            for key, value in option["attrs"].items()
            if value is not False and value is not None
        }
        attrs.update(type=self.input_type, name=option["name"], value=str(option["value"]))
        if option["selected"]:
            attrs["checked"] = "checked"
        row = SubElement(parent, "div", {"class": "mdc-form-field sf-choice"})
        control = SubElement(row, "div", {"class": f"mdc-{self.input_type}"})
        SubElement(control, "input", {"class": f"mdc-{self.input_type}__native-control", **attrs})
        self.append_graphic(control)
        _text(row, "label", option["label"], **{"for": attrs.get("id", "")})

    def append_graphic(self, control: Element) -> None:
        background = SubElement(control, "div", {"class": "mdc-radio__background"})
        SubElement(background, "div", {"class": "mdc-radio__outer-circle"})
        SubElement(background, "div", {"class": "mdc-radio__inner-circle"})


class RadioFieldsetRenderer(ChoiceFieldsetRenderer):
    input_type = "radio"


class CheckboxFieldsetRenderer(ChoiceFieldsetRenderer):
    input_type = "checkbox"

    def append_graphic(self, control: Element) -> None:
        background = SubElement(control, "div", {"class": "mdc-checkbox__background"})
        mark = SubElement(
            background,
            "svg",
            {"class": "mdc-checkbox__checkmark", "viewBox": "0 0 24 24", "aria-hidden": "true"},
        )
        SubElement(
            mark, "path", {"class": "mdc-checkbox__checkmark-path", "fill": "none", "d": CHECKMARK}
        )
        SubElement(background, "div", {"class": "mdc-checkbox__mixedmark"})


class NativeSelectRenderer(WidgetRenderer):
    """A single choice as a native `<select>` with its `<label>`; errors and help text are tied
    to the select with aria-describedby."""

    def create_root(self, context):
        widget, field = context["widget"], self.bound_field
        control_id = widget["attrs"].get("id") or f"id_{widget['name']}"
        required = bool(widget["attrs"].get("required"))
        classes = "sf-select sf-native--invalid" if field.errors else "sf-select"
        wrapper = SubElement(self.root, "div", {"class": classes, "id": f"{control_id}_field"})
        label = _text(wrapper, "label", field.label, **{"for": control_id})
        if required:
            _text(label, "span", " *", **{"class": "sf-required", "aria-hidden": "true"})
            _text(label, "span", " (må fylles ut)", **{"class": "sf-visually-hidden"})
        attrs = {"name": widget["name"], "id": control_id}
        if required:
            attrs["required"] = "required"
        if field.errors:
            attrs["aria-invalid"] = "true"
        select = SubElement(wrapper, "select", attrs)
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                option_attrs = {"value": str(option["value"])}
                if option["selected"]:
                    option_attrs["selected"] = "selected"
                text = str(option["label"])
                if option["value"] in ("", None) and set(text) <= {"-"}:
                    text = "Velg …"  # Django's "---------" says nothing
                _text(select, "option", text, **option_attrs)
        described = []
        for kind, text in (
            ("error", field.errors[0] if field.errors else ""),
            ("help", field.help_text),
        ):
            if text:
                described.append(f"{control_id}-{kind}")
                _text(wrapper, "p", text, **{"class": f"sf-field-{kind}", "id": described[-1]})
        if described:
            select.set("aria-describedby", " ".join(described))
        return wrapper
