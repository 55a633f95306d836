"""Form widgets rendered as plain, accessible HTML in viewflow's forms (`{% render form %}`).

viewflow's Material radio group renders a bare <label> over its radios (no group a screen
reader announces), and its Material select puts aria-required on a role="button" (not allowed
by ARIA). These renderers, set in VIEWFLOW["WIDGET_RENDERERS"], give a <fieldset> with a
<legend> for each radio group and a native, labelled <select>; errors and help text are tied
to the control with aria-describedby.
"""

from xml.etree import ElementTree

from viewflow.forms.renderers import WidgetRenderer


class _NativeRenderer(WidgetRenderer):
    css_class = ""

    def _describe(self, wrapper, control_id) -> str:
        """Append the error and help text; the ids aria-describedby names."""
        ids = []
        field = self.bound_field
        for kind, text in (
            ("error", field.errors[0] if field.errors else ""),
            ("help", field.help_text),
        ):
            if text:
                node = ElementTree.SubElement(
                    wrapper, "p", {"class": f"sf-field-{kind}", "id": f"{control_id}-{kind}"}
                )
                node.text = str(text)
                ids.append(node.attrib["id"])
        return " ".join(ids)

    def _wrapper(self, tag, control_id):
        classes = f"sf-native {self.css_class}"
        if self.bound_field.errors:
            classes += " sf-native--invalid"
        return ElementTree.SubElement(self.root, tag, {"class": classes, "id": control_id})

    @staticmethod
    def _required(context) -> bool:
        return bool(context["widget"]["attrs"].get("required"))


class RadioFieldsetRenderer(_NativeRenderer):
    """A radio group as <fieldset><legend>; the fieldset carries the field's id."""

    css_class = "sf-radio-group"

    def create_root(self, context):
        widget = context["widget"]
        group_id = widget["attrs"].get("id") or f"id_{widget['name']}"
        fieldset = self._wrapper("fieldset", group_id)
        legend = ElementTree.SubElement(fieldset, "legend")
        legend.text = str(self.bound_field.label)
        if self._required(context):
            ElementTree.SubElement(
                legend, "span", {"class": "sf-required", "aria-hidden": "true"}
            ).text = " *"
        options = ElementTree.SubElement(fieldset, "div", {"class": "sf-radio-options"})
        attrs = {"type": "radio", "name": widget["name"]}
        if self._required(context):
            attrs["required"] = "required"
        index = 0
        for _, group, _ in widget["optgroups"]:
            for option in group:
                label = ElementTree.SubElement(options, "label", {"class": "sf-radio"})
                input_attrs = {**attrs, "value": str(option["value"]), "id": f"{group_id}_{index}"}
                if option["selected"]:
                    input_attrs["checked"] = "checked"
                ElementTree.SubElement(label, "input", input_attrs)
                ElementTree.SubElement(label, "span").text = str(option["label"])
                index += 1
        described = self._describe(fieldset, group_id)
        if described:
            fieldset.attrib["aria-describedby"] = described
        return fieldset


class NativeSelectRenderer(_NativeRenderer):
    """A single choice as a native <select> with its <label>."""

    css_class = "sf-select"

    def create_root(self, context):
        widget = context["widget"]
        control_id = widget["attrs"].get("id") or f"id_{widget['name']}"
        wrapper = self._wrapper("div", f"{control_id}_field")
        label = ElementTree.SubElement(wrapper, "label", {"for": control_id})
        label.text = str(self.bound_field.label)
        if self._required(context):
            ElementTree.SubElement(
                label, "span", {"class": "sf-required", "aria-hidden": "true"}
            ).text = " *"
        attrs = {"name": widget["name"], "id": control_id}
        if self._required(context):
            attrs["required"] = "required"
        if self.bound_field.errors:
            attrs["aria-invalid"] = "true"
        select = ElementTree.SubElement(wrapper, "select", attrs)
        for _, group, _ in widget["optgroups"]:
            for option in group:
                option_attrs = {"value": str(option["value"])}
                if option["selected"]:
                    option_attrs["selected"] = "selected"
                text = str(option["label"])
                if option["value"] in ("", None) and set(text) <= {"-"}:
                    text = "Velg …"  # Django's "---------" says nothing
                ElementTree.SubElement(select, "option", option_attrs).text = text
        described = self._describe(wrapper, control_id)
        if described:
            select.attrib["aria-describedby"] = described
        return wrapper
