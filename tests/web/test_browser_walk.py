"""One task transfer walked through every step in Chromium, each step by the person whose
step it is, with real clicks and typing; only the community is set up through the services.

Proposer → secretariat screens → SSU appoints the panel → the panel asks the clinic for a
statement → the clinic's head answers and uploads a document → the panel recommends, with
consultation → the municipality answers → the GP council assesses → the SSU decides
"Vedtatt" → the case page shows every step's record, and the proposer downloads the letter.
"""

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from cases import calendar
from cases.models import TaskTransfer
from tests.factories import UserFactory, build_world, proposal
from tests.web.browser import fill_proposal, log_in, login, rendered, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "Medisinsk klinikk støtter overføringen dersom kommunen får opplæring i to måneder."
CONSULTATION = "Tromsø kommune slutter seg til forslaget, med forbehold om finansiering."
GP_ASSESSMENT = "Fastlegene får ingen nye oppgaver; rådet støtter forslaget."
DECISION = "SSU vedtar at opplæring og oppfølging i hjemmedialyse overføres til kommunene."
ASSESSMENTS = {
    "assessment_professional": "Faglig forsvarlig med opplæring av hjemmesykepleien.",
    "assessment_organisational": "Hjemmesykepleien organiserer oppfølgingen.",
    "assessment_economic": "Kostnadsnøytralt etter en overgangsperiode.",
    "assessment_legal": "Ansvaret reguleres i tjenesteavtalen.",
}


class Walk:
    """The community, the live server and the browser; one page per person at a time."""

    def __init__(self, browser, live_server):
        self.browser, self.live_server = browser, live_server
        self.world = build_world()
        world = self.world
        self.head = UserFactory(
            party=world.trust, username="klinikkleder", first_name="Trond", last_name="Haugen"
        )
        world.unit.head = self.head
        world.unit.save()
        self.consultee = UserFactory(
            party=world.tromso, username="radgiver.tromso", first_name="Kari", last_name="Nilsen"
        )
        self.case = None
        self.page = None

    def as_user(self, user, path="/"):
        """The one browser tab, logged in as `user` (one tab keeps the static files cached)."""
        if self.page is None:
            self.page = login(self.browser, self.live_server, user.username)
            self.page.set_default_timeout(10_000)
        else:
            log_in(self.page, self.live_server, user.username)
        page = self.page
        if path != "/":
            page.goto(self.url(path))
        rendered(page)
        return page

    def url(self, path):
        return f"{self.live_server.url}{path}"

    def case_path(self):
        return f"/saker/{self.case.pk}/"


def done(page, name):
    shot(page, name)


def settled(page):
    """Let the page finish its own requests before the next action: the test database
    (SQLite, shared between the server's threads) refuses a write beside a running read."""
    page.wait_for_load_state("networkidle")


def claim_from_home(walk, page, task_title):
    """Open the task from the queue on the home page and claim it."""
    page.locator("#queue").get_by_role("link", name=re.compile(task_title)).first.click()
    settled(page)
    page.get_by_role("button", name="Ta oppgaven", exact=True).click()  # then to the form
    page.wait_for_url("**/execute/")
    rendered(page)


def submit_task(page):
    settled(page)
    page.get_by_role("button", name="Utfør", exact=True).click()
    page.wait_for_url(lambda url: "/execute/" not in url)
    rendered(page)


def choose(page, field, *labels):
    """Pick options of a multiple choice, each by one of the texts it may be shown with (a
    person by full name or by user name): a group of checkboxes (the panel picker) or
    viewflow's Material multi-select."""
    group = page.locator(f"fieldset#id_{field}")
    if group.count():
        for texts in labels:
            names = "|".join(re.escape(t) for t in ([texts] if isinstance(texts, str) else texts))
            group.get_by_label(re.compile(rf"(^|\W)({names})(\W|$)")).check()
        return
    page.locator(f"vf-field-select-multiple[name={field}] .mdc-select__anchor").click()
    for texts in labels:
        names = "|".join(re.escape(t) for t in ([texts] if isinstance(texts, str) else texts))
        page.locator(f"vf-field-select-multiple[name={field}] li[role=checkbox]").filter(
            has_text=re.compile(rf"(^|\W)({names})(\W|$)")
        ).click()
    page.keyboard.press("Escape")


def propose(walk):
    page = walk.as_user(walk.world.proposer)
    page.get_by_role("link", name="Nytt forslag").first.click()
    page.wait_for_url("**/saker/ny/")
    rendered(page)
    data = proposal(gps_affected=True)
    fill_proposal(page, data)
    walk.case = TaskTransfer.objects.get(title=data["title"])
    done(page, "walk_01_proposed")


def screen(walk):
    page = walk.as_user(walk.world.secretary)
    claim_from_home(walk, page, "Vurdere forslaget")
    for key in "abcdefg":
        page.check(f"input[name=criteria_{key}][value=ja]")
    page.get_by_label("Kan oppfylle kriteriene – send til SSU").check()
    page.fill("textarea[name=justification]", "Kriteriene er oppfylt.")
    shot(page, "walk_02_screen")
    submit_task(page)
    done(page, "walk_02_screened")


def appoint_panel(walk):
    page = walk.as_user(walk.world.ssu_trust)
    claim_from_home(walk, page, "Oppnevne")
    people = walk.world.panel_people
    for competence, keys in [
        ("medical", ["medical_trust", "medical_municipality"]),
        ("nursing", ["nursing_trust", "nursing_municipality"]),
        ("legal", ["legal"]),
        ("economic", ["economic"]),
        ("user_representative", ["user_representative"]),
        ("employee_representative", ["employee_representative"]),
    ]:
        choose(
            page,
            f"members_{competence}",
            *((people[k].get_full_name(), people[k].username) for k in keys),
        )
    shot(page, "walk_03_appoint")
    submit_task(page)
    done(page, "walk_03_appointed")


def request_statement(walk):
    page = walk.as_user(walk.world.panel_people["legal"])
    claim_from_home(walk, page, "Utrede")
    form = page.locator("#statement-request-form")
    form.get_by_label("Part").select_option(label=walk.world.trust.name)
    unit = form.get_by_label("Enhet")
    unit.select_option(label=unit.locator("option", has_text=walk.world.unit.name).inner_text())
    form.get_by_role("button", name="Be om uttalelse").click()
    page.locator("#statements-card td", has_text=walk.world.unit.name).wait_for()
    done(page, "walk_04_statement_requested")


def answer_statement_and_upload(walk, tmp_path):
    page = walk.as_user(walk.head)
    page.locator("#requests").get_by_role("link", name="Svar").click()
    page.wait_for_url(f"**{walk.case_path()}**")
    page.locator("#statements textarea[name=text]").fill(STATEMENT)
    page.get_by_role("button", name="Registrer uttalelse").click()
    page.locator(".sf-message", has_text="er registrert").wait_for()

    document = tmp_path / "uttalelse-medisinsk-klinikk.pdf"
    document.write_bytes(_tiny_pdf())
    upload = page.locator("#document-upload-form")
    upload.locator("input[type=file]").set_input_files(str(document))
    upload.locator("input[name=description], textarea[name=description]").fill(
        "Uttalelsen som signert brev"
    )
    upload.get_by_role("button", name="Last opp", exact=True).click()
    page.locator("#documents").get_by_role("link", name=document.name).wait_for()
    done(page, "walk_05_statement_answered")


def recommend(walk):
    page = walk.as_user(walk.world.panel_people["legal"])
    page.locator("#inbox").get_by_role("link", name=re.compile("Utrede")).first.click()
    page.wait_for_url("**/execute/")
    rendered(page)
    page.get_by_label("Utvalget innstiller på overføring").check()
    for name, text in ASSESSMENTS.items():
        page.fill(f"textarea[name={name}]", text)
    page.locator("vf-field-checkbox[name=consultation] input[type=checkbox]").check()
    choose(page, "consultees", walk.world.tromso.name)
    due = calendar.today() + timedelta(days=42)
    page.fill("input[name=consultation_due_on]", due.isoformat())
    shot(page, "walk_06_recommend")
    submit_task(page)
    done(page, "walk_06_recommended")


def respond_to_consultation(walk):
    page = walk.as_user(walk.consultee)
    page.locator("#requests").get_by_role("link", name="Svar").click()
    page.wait_for_url(f"**{walk.case_path()}**")
    page.get_by_role("link", name="Registrer høringssvar").click()
    page.wait_for_url("**/horing/")
    rendered(page)
    page.fill("textarea[name=text]", CONSULTATION)
    page.get_by_role("button", name="Send høringssvar").click()
    page.wait_for_url(f"**{walk.case_path()}")
    page.locator(".sf-message", has_text="Høringssvaret er registrert.").wait_for()
    done(page, "walk_07_consulted")


def gp_council(walk):
    page = walk.as_user(walk.world.gp)
    claim_from_home(walk, page, "fastlegerådet")
    page.get_by_label("Fastlegerådet støtter forslaget", exact=True).check()
    page.fill("textarea[name=assessment]", GP_ASSESSMENT)
    submit_task(page)
    done(page, "walk_08_gp_assessed")


def ssu_decide(walk):
    world = walk.world
    page = walk.as_user(world.ssu_municipality)
    claim_from_home(walk, page, "Behandling og vedtak")
    for member in (world.ssu_trust, world.ssu_municipality, world.ssu_municipality2):
        page.get_by_label(member.get_full_name()).select_option(label="Enig")
    page.get_by_label("Vedtatt", exact=True).check()
    page.fill("textarea[name=decision_text]", DECISION)
    page.fill("input[name=effective_on]", (calendar.today() + timedelta(days=90)).isoformat())
    for textarea in page.locator("textarea[name^=follow_up_]").all():
        textarea.fill("Følges opp av dialyseenheten i tre måneder.")
    shot(page, "walk_09_ssu")
    submit_task(page)
    done(page, "walk_09_decided")


def record_texts(walk) -> list[str]:
    """What the case page must show of each step, as the people above entered it."""
    world = walk.world

    def row(*cells):
        return "\t".join(cells)

    panel = [
        row(p.get_full_name(), p.profile.party.name if p.profile.party else "Ingen part")
        for p in world.panel_people.values()
    ]
    due = walk.case.statements.get().due_on
    today = calendar.today()
    ssu = [
        row(m.get_full_name(), m.profile.party.name, "Enig")
        for m in (world.ssu_trust, world.ssu_municipality, world.ssu_municipality2)
    ]
    return [
        row("a) Like god eller bedre tjeneste for pasientene", "Ja"),
        "Sendes videre til SSU\nBegrunnelse\nKriteriene er oppfylt.",
        f"Vurdert av\n{world.secretary.get_full_name()} ({world.trust.name})",
        *panel,
        row(f"{world.trust.name} – {world.unit.name}", f"{due:%d.%m.%Y}", f"{today:%d.%m.%Y} kl."),
        STATEMENT,
        "Innstilling\nInnstiller på overføring",
        *ASSESSMENTS.values(),
        "Høringsinstanser\nTromsø kommune",
        CONSULTATION,
        "Fastlegerådets vurdering\nKonklusjon\nStøtter forslaget",
        GP_ASSESSMENT,
        "Utfall\nVedtatt",
        DECISION,
        *ssu,
    ]


def _tiny_pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def test_one_case_through_every_step_in_the_browser(browser, live_server, tmp_path):
    walk = Walk(browser, live_server)
    world = walk.world
    propose(walk)
    screen(walk)
    appoint_panel(walk)
    request_statement(walk)
    answer_statement_and_upload(walk, tmp_path)
    recommend(walk)
    respond_to_consultation(walk)
    gp_council(walk)
    ssu_decide(walk)

    case = TaskTransfer.objects.get(pk=walk.case.pk)
    assert case.status == "approved"

    page = walk.as_user(world.proposer, walk.case_path())
    assert page.locator("#case-status").inner_text() == "Vedtatt overført"
    record = page.locator("#record").inner_text()
    for expected in record_texts(walk):
        assert expected in record, f"{expected!r} not in:\n{record}"
    shot(page, "walk_10_case_page")

    with page.expect_download() as download:
        letters = page.locator("#letters li", has_text="Vedtaksbrev")
        letters.get_by_role("link", name="PDF", exact=True).click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    letter = PdfReader(io.BytesIO(pdf))
    text = "".join(p.extract_text() for p in letter.pages)
    assert case.reference in text
    assert DECISION[:40] in text.replace("\n", " ")

    with page.expect_download() as download:
        page.locator("#documents").get_by_role(
            "link", name="uttalelse-medisinsk-klinikk.pdf"
        ).click()
    assert download.value.path().read_bytes() == _tiny_pdf()
    page.context.close()
