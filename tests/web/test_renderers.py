"""viewflow's forms render radio groups as fieldset/legend and single choices as native,
labelled selects (workflows/web/widgets.py), with the error tied to its control."""

import re

from django import forms
from viewflow.forms.renderers import FormLayout


class Example(forms.Form):
    answer = forms.ChoiceField(
        label="Berører forslaget fastlegene?",
        choices=[("ja", "Ja"), ("nei", "Nei")],
        widget=forms.RadioSelect,
    )
    party = forms.ChoiceField(label="Part", choices=[("", "---------"), ("1", "UNN HF")])


def render(form) -> str:
    return FormLayout().render(form)


def test_a_radio_group_is_a_fieldset_with_its_legend():
    html = render(Example(initial={"answer": "nei"}))
    assert re.search(r'<fieldset [^>]*id="id_answer"', html)
    assert re.search(r"<legend[^>]*>Berører forslaget fastlegene\?", html)
    radios = re.findall(r"<input [^>]*>", html)
    assert len(radios) == 2
    assert [r for r in radios if "checked" in r] == [r for r in radios if 'value="nei"' in r]
    for radio in radios:
        radio_id = re.search(r' id="([^"]+)"', radio).group(1)
        assert f'for="{radio_id}"' in html  # every choice has its label
    assert "vf-field-radio-select" not in html


def test_a_single_choice_is_a_native_select_with_a_label():
    html = render(Example())
    assert re.search(r'<label for="id_party">Part', html)
    assert re.search(r'<select [^>]*id="id_party"[^>]*required', html)
    assert re.findall(r"<option [^>]*>([^<]*)</option>", html) == ["Velg …", "UNN HF"]
    assert "vf-field-select" not in html


def test_an_error_is_shown_once_and_described_by_its_control():
    form = Example(data={"party": "1"})
    assert not form.is_valid()
    html = render(form)
    assert html.count("Dette feltet er påkrevd.") == 1
    described = re.search(r'<fieldset [^>]*aria-describedby="([^"]+)"', html).group(1)
    assert re.search(rf'id="{described}"[^>]*>.*Dette feltet er påkrevd\.', html, re.S)
