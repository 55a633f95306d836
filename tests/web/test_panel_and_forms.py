"""The panel picker and the step forms through Django's test client: people by name and party
from the pool that fits each competence, the default composition told before submitting,
errors told once with a summary at the top, and no internal codes or rule ids in what the
user reads."""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task

from cases.models import CommitteeKind, Competence, Membership, PartyKind, TaskTransfer
from cases.services.task_transfer import default_composition_text, panel
from tests.factories import UserFactory
from tests.journey import (
    ALL_MET,
    RECOMMEND_FOR,
    open_task,
    reload,
    step,
    submit,
    to_investigation,
    to_ssu,
)
from workflows import engine
from workflows.task_transfer.forms import panel_candidates

from .helpers import execute_url


def _claimed_page(client, user, case, node):
    task = open_task(case, node)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    client.force_login(user)
    return execute_url(task)


def choices(html: str, name: str) -> dict[str, str]:
    """The choices of the checkbox or radio group `name` as rendered: label → value."""
    values = {}
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', html):
        values[re.search(r'id="([^"]+)"', tag)[1]] = re.search(r'value="([^"]*)"', tag)[1]
    labels = dict(re.findall(r'<label for="([^"]+)">([^<]*)</label>', html))
    return {labels[control]: value for control, value in values.items()}


def _at_panel(world):
    case = submit(world)
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    return case


def test_R_TT_4_the_demo_default_panel_is_appointed_in_the_browser_form_without_a_reason(
    client, db
):
    """R-TT-4: with the demo community, the SSU picks the default composition on the page —
    the user representative without a party included — and the panel is appointed with no
    deviation reason asked for."""
    call_command("load_demo", stdout=StringIO())
    case = TaskTransfer.objects.get(title="Blodtransfusjon i sykehjem")
    ssu = Membership.objects.get(
        committee__kind=CommitteeKind.SSU, user__username="ssu.tromso"
    ).user
    url = _claimed_page(client, ssu, case, "appoint_panel")
    html = client.get(url).content.decode()
    picked = {}
    for competence in Competence:
        offered = choices(html, f"members_{competence.value}")
        assert offered, competence
        picked[f"members_{competence.value}"] = list(offered.values())
    user_reps = choices(html, "members_user_representative")
    assert list(user_reps) == ["Randi Strand (ingen part)"]
    assert set(choices(html, "members_medical")) == {
        "Erik Andreassen (UNN HF)",
        "Hilde Jakobsen (Tromsø kommune)",
    }
    response = client.post(url, {**picked, "deviation_reason": ""})
    assert response.status_code == 302, response.context["form"].errors
    case = reload(case)
    assert case.status == "under_investigation"
    assert case.panel_deviation_reason == ""
    rep = case.panel.memberships.get(competence=Competence.USER_REPRESENTATIVE)
    assert rep.user.username == "brukerrep" and rep.party is None
    assert case.events.get(action="panel_appointed").data["missing_roles"] == []


def test_R_TT_4_each_competence_offers_the_pool_that_fits_it(client, world):
    """R-TT-4: each competence lists the pool members with that competence, plus those of the
    pool with none recorded; people outside the pool are not offered."""
    pool = world.panel_people["legal"].memberships.get().committee
    generalist = UserFactory(party=world.tromso, first_name="Gro", last_name="Allsidig")
    Membership.objects.create(committee=pool, user=generalist, party=world.tromso)
    case = _at_panel(world)
    html = client.get(_claimed_page(client, world.ssu_trust, case, "appoint_panel"))
    html = html.content.decode()
    p = world.panel_people
    medical = choices(html, "members_medical")
    assert set(medical) == {
        f"{p['medical_trust'].get_full_name()} (UNN HF)",
        f"{p['medical_municipality'].get_full_name()} (Tromsø kommune)",
        "Gro Allsidig (Tromsø kommune)",
    }
    assert set(choices(html, "members_user_representative")) == {
        f"{p['user_representative'].get_full_name()} (ingen part)",
        "Gro Allsidig (Tromsø kommune)",
    }
    offered = {label for c in Competence for label in choices(html, f"members_{c.value}")}
    assert not any(world.ssu_trust.get_full_name() in label for label in offered)


def test_R_TT_4_without_a_pool_the_community_is_offered(world):
    """R-TT-4: a community without a pool for expert panels can still appoint: anyone of its
    parties is offered, never people of another community."""
    Membership.objects.filter(committee__kind=CommitteeKind.EXPERT_POOL).delete()
    people = set(panel_candidates(world.community, Competence.LEGAL))
    assert world.ssu_trust in people and world.proposer in people
    assert world.outsider not in people
    assert world.panel_people["user_representative"] not in people  # no party, no pool


def test_R_TT_4_the_default_composition_is_told_from_the_rule_itself(client, world, monkeypatch):
    """R-TT-4: the page tells the default composition in plain Norwegian before the SSU
    submits, from the same definition the service checks: change it, and both follow."""
    case = _at_panel(world)
    url = _claimed_page(client, world.ssu_trust, case, "appoint_panel")
    html = client.get(url).content.decode()
    text = default_composition_text()
    assert text in html
    assert text.startswith(
        "Standard sammensetning: medisinskfaglig kompetanse fra både helseforetaket og en "
        "kommune, helse- og omsorgsfaglig kompetanse fra både helseforetaket og en kommune, "
        "juridisk kompetanse, økonomisk kompetanse, brukerrepresentant og tillitsvalgt."
    )
    assert "Mangler en rolle, må du begrunne avviket." in text
    without_legal = tuple(s for s in panel.DEFAULT_COMPOSITION if s.competence != "legal")
    monkeypatch.setattr(panel, "DEFAULT_COMPOSITION", without_legal)
    html = client.get(url).content.decode()
    assert "juridisk kompetanse" not in default_composition_text()
    assert default_composition_text() in html
    assert panel.missing_panel_roles([]) == [panel._seat_label(s) for s in without_legal]


def test_R_TT_4_the_side_a_member_counts_for_follows_their_party(client, world):
    """R-TT-4: two medical members from the trust do not fill the municipality's seat; the
    page asks for a reason, naming the seat that is missing."""
    p = world.panel_people
    second_trust_doctor = UserFactory(party=world.trust, first_name="Ola", last_name="Lege")
    pool = p["legal"].memberships.get().committee
    Membership.objects.create(
        committee=pool, user=second_trust_doctor, party=world.trust, competence="medical"
    )
    case = _at_panel(world)
    url = _claimed_page(client, world.ssu_trust, case, "appoint_panel")
    data = {
        "members_medical": [p["medical_trust"].pk, second_trust_doctor.pk],
        "members_nursing": [p["nursing_trust"].pk, p["nursing_municipality"].pk],
        "members_legal": [p["legal"].pk],
        "members_economic": [p["economic"].pk],
        "members_user_representative": [p["user_representative"].pk],
        "members_employee_representative": [p["employee_representative"].pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["deviation_reason"]
    assert "det mangler medisinskfaglig kompetanse fra en kommune." in errors["deviation_reason"][0]
    assert reload(case).status == "awaiting_panel"


class VisibleText(HTMLParser):
    """What a user reads on a page: text outside scripts and styles, and the texts viewflow's
    Material elements show from their attributes (label, error, help text, choice labels).
    Icon ligatures (`material-icons`) are drawn as icons and left out."""

    SHOWN_ATTRIBUTES = ("label", "error", "help-text", "placeholder", "title", "aria-label")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self):
        super().__init__()
        self.parts, self._open = [], []  # open elements: (tag, hides its text)

    def _hidden(self) -> bool:
        return any(hides for _, hides in self._open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in self.SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if attrs.get("optgroups"):
            self.parts += re.findall(r'"label": "([^"]*)"', attrs["optgroups"])
        if tag not in self.VOID:
            icon = "material-icons" in (attrs.get("class") or "")
            self._open.append((tag, tag in ("script", "style") or icon))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(parser.parts)


INTERNAL = re.compile(
    r"\bR-[A-Z]+-\d+\b"  # rule ids
    r"|\b[a-z]+_[a-z_]+\b"  # snake_case codes: health_trust, panel_composition_deviation
    r"|\b[a-z_]+:[a-z_]+\b"  # code pairs: nursing:health_trust
    r"|\b(?:" + "|".join(Competence.values + PartyKind.values) + r")\b"
)


def _internal_codes(response) -> list[str]:
    text = VisibleText.of(response.content.decode())
    return INTERNAL.findall(re.sub(r"\S+@\S+", "", text))  # e-mail addresses are no codes


def test_step_pages_and_their_errors_show_no_codes_or_rule_ids(client, world):
    """No rule id, competence code, party kind or error code in what a step page shows,
    neither as it opens nor with its errors, for every step of the process."""
    pages = [(world.secretary, submit(world), "screen", {"decision": "reject"})]
    pages.append((world.ssu_trust, _at_panel(world), "appoint_panel", {"members_legal": []}))
    deviating = _at_panel(world)
    legal_only = {"members_legal": [world.panel_people["legal"].pk]}
    pages.append((world.ssu_trust, deviating, "appoint_panel", legal_only))
    pages.append((world.panel_people["legal"], to_investigation(world), "recommend", {}))
    gp_case = to_investigation(world, gps_affected=True)
    step(world.panel_people["legal"], gp_case, "recommend", RECOMMEND_FOR)
    pages.append((world.gp, gp_case, "gp_council", {}))
    pages.append((world.ssu_trust, to_ssu(world), "ssu_decide", {"outcome": "approve"}))
    for user, case, node, bad in pages:
        url = _claimed_page(client, user, case, node)
        opened = client.get(url)
        assert opened.status_code == 200, node
        assert _internal_codes(opened) == [], node
        refused = client.post(url, bad)
        assert refused.status_code == 200, node
        assert "Skjemaet har" in refused.content.decode(), node
        assert _internal_codes(refused) == [], node


def test_the_check_finds_codes_and_rule_ids():
    """The check above would see a leak: rule ids, codes and code pairs in text or in the
    attributes viewflow's elements show."""
    leaks = [
        "<p>Mangler nursing:health_trust</p>",
        "<p>Begrunn avviket (R-TT-4).</p>",
        '<vf-field-textarea error="panel_composition_deviation"></vf-field-textarea>',
        "<td>legal</td>",
    ]
    for html in leaks:
        assert INTERNAL.findall(VisibleText.of(html)), html
    clean = '<script>var x = "a_b";</script><input name="members_legal" value="legal">Juridisk'
    assert INTERNAL.findall(VisibleText.of(clean)) == []


def test_api_problems_keep_the_code_and_tell_people_plainly(api, world):
    """The API keeps the stable `code`; its `detail` and field messages are plain Norwegian."""
    case = _at_panel(world)
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status="NEW")
    api.post(world.ssu_trust, f"/api/v1/tasks/{task.pk}/claim/")
    only_legal = {"members": [{"user": world.panel_people["legal"].pk, "competence": "legal"}]}
    body = api.post(world.ssu_trust, f"/api/v1/tasks/{task.pk}/complete/", only_legal).json()
    assert body["code"] == "panel_composition_deviation"
    assert body["errors"][0]["code"] == "required"
    for text in [body["detail"], *(e["message"] for e in body["errors"])]:
        assert INTERNAL.findall(text) == [], text
        assert "medisinskfaglig kompetanse fra helseforetaket" in text


@pytest.fixture
def deviating_post(client, world):
    case = _at_panel(world)
    url = _claimed_page(client, world.ssu_trust, case, "appoint_panel")
    return client.post(url, {"members_legal": [world.panel_people["legal"].pk]})


def test_a_problem_is_told_once_in_the_summary_and_at_its_field(deviating_post):
    """One message per problem: the deviation is in the summary (linked to its field) and at
    the field, with no second banner repeating it."""
    html = deviating_post.content.decode()
    [message] = deviating_post.context["form"].errors["deviation_reason"]
    assert deviating_post.context["form"].non_field_errors() == []
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "Skjemaet har 1 feil" in summary
    assert '<a href="#id_deviation_reason">' in summary and message in summary
    assert html.count(message) == 2  # the summary and the field's own error text
    assert "vf-form__errors" not in html and 'id="form-errors"' not in html


def test_the_error_summary_is_focused_and_links_each_field(client, world):
    """The summary counts the errors, links each to its field and takes focus on load;
    required fields are marked with a * that the form explains."""
    case = to_investigation(world)
    url = _claimed_page(client, world.panel_people["legal"], case, "recommend")
    opened = client.get(url).content.decode()
    assert "Felt merket med * må fylles ut." in opened
    assert 'id="error-summary"' not in opened
    # the radio group: a fieldset with a legend marked required, each choice labelled
    group = opened.split('<fieldset class="sf-choices" id="id_recommendation"')[1]
    group = group.split("</fieldset>")[0]
    assert '<legend class="sf-choices__legend">Innstilling<span class="sf-required"' in group
    assert "(må fylles ut)" in group
    assert set(choices(opened, "recommendation")) == {
        "Utvalget innstiller på overføring",
        "Utvalget innstiller ikke",
    }
    legal = re.search(r'<vf-field-textarea[^>]*name="assessment_legal"[^>]*>', opened)[0]
    assert " required" in legal
    html = client.post(url, {"recommendation": "for"}).content.decode()
    summary = re.search(r'<div class="sf-error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert 'tabindex="-1"' in summary[0] and "autofocus" in summary[0]
    assert "Skjemaet har 4 feil" in summary[1]
    for side in ("professional", "organisational", "economic", "legal"):
        assert f'href="#id_assessment_{side}"' in summary[1]
        assert f'id="id_assessment_{side}"' in html
    assert "Faglige sider: Dette feltet er påkrevd." in summary[1]


def test_an_error_not_tied_to_a_field_is_told_once_in_the_summary(client, world):
    """A service error that names no field of the form (here: no members at all) is in the
    summary, once, and not also in a banner."""
    case = _at_panel(world)
    url = _claimed_page(client, world.ssu_trust, case, "appoint_panel")
    response = client.post(url, {})
    html = response.content.decode()
    assert response.context["form"].non_field_errors() == ["Oppgi minst ett medlem."]
    assert html.count("Oppgi minst ett medlem.") == 1
    assert "Skjemaet har 1 feil" in html


def test_the_proposal_form_summarizes_its_errors_once(client, world):
    """The proposal form has the same summary: each error linked to its field, no banner."""
    client.force_login(world.proposer)
    html = client.post("/saker/ny/", {"title": "Bare tittel"}).content.decode()
    summary = re.search(r'<div class="sf-error-summary"[^>]*>(.*?)</div>', html, re.S)[1]
    assert 'href="#id_task_description"' in summary
    assert "Oppgaven som foreslås overført: Dette feltet er påkrevd." in summary
    assert "vf-form__errors" not in html
    group = html.split('<fieldset class="sf-choices" id="id_gps_affected"')[1].split("</fieldset>")
    assert "Berører forslaget fastlegene?" in group[0] and "Dette feltet er påkrevd." in group[0]


def test_ssu_members_are_named_with_their_party_on_the_decision_page(client, world):
    """R-TT-9: the SSU records each present member's position, named with their party."""
    case = to_ssu(world)
    html = client.get(_claimed_page(client, world.ssu_trust, case, "ssu_decide")).content.decode()
    name = f"{world.ssu_municipality.get_full_name()} (Tromsø kommune)"
    assert re.search(rf"<label for=\"id_position_\d+\">{re.escape(name)}", html), name
