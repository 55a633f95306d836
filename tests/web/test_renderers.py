"""viewflow's forms render radio groups as fieldset/legend and single choices as native,
labelled selects (workflows/web/renderers.py), with the error tied to its control."""

from django import forms
from viewflow.forms.renderers import FormLayout


class Example(forms.Form):
    answer = forms.ChoiceField(
        label="Berører forslaget fastlegene?",
        choices=[("ja", "Ja"), ("nei", "Nei")],
        widget=forms.RadioSelect,
    )
    party = forms.ChoiceField(label="Part", choices=[("", "---------"), ("1", "UNN HF")])


def render(form):
    return FormLayout().render(form)


def test_a_radio_group_is_a_fieldset_with_its_legend():
    html = render(Example(initial={"answer": "nei"}))
    assert '<fieldset class="sf-native sf-radio-group" id="id_answer">' in html
    assert "<legend>Berører forslaget fastlegene?" in html
    assert 'value="nei" id="id_answer_1" checked="checked"' in html
    assert "vf-field-radio-select" not in html


def test_a_single_choice_is_a_native_select_with_a_label():
    html = render(Example())
    assert '<label for="id_party">Part' in html
    assert '<select name="party" id="id_party" required="required">' in html
    assert '<option value="" selected="selected">Velg …</option>' in html
    assert "vf-field-select" not in html


def test_an_error_is_shown_once_and_described_by_its_control():
    form = Example(data={"party": "1"})
    assert not form.is_valid()
    html = render(form)
    assert html.count("Dette feltet er påkrevd.") == 1
    assert 'aria-describedby="id_answer-error"' in html
    assert '<p class="sf-field-error" id="id_answer-error">' in html
