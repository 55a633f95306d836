"""R-PTY-2: a proposer's contact details (name, e-mail) are seen only by the proposer and the
people who work the case: the community's secretariat and SSU, its GP council when the
proposal affects the GPs, and the case's own panel (`TaskTransfer.contact_visible_to`).
The parties see the case without them: in the API, on the case page and record, on the task
pages, in the history and in the decision letter and archive summary."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from cases.selectors import cases_visible_to, sees_contact
from tests.factories import UserFactory, full_panel, proposal
from tests.journey import ALL_MET, open_task, reload, step
from tests.web.helpers import execute_url
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

REJECT = {"decision": "reject", "criteria": dict(ALL_MET, e=False), "justification": "For lite."}
NAME = "Eva Nordby"
EMAIL = "eva.nordby@example.no"


@pytest.fixture
def patient(world):
    return UserFactory(party=None, username="pasient", first_name="Eva", last_name="Nordby")


@pytest.fixture
def colleague(world):
    """A municipality user of another party than the proposer's, with no role."""
    return UserFactory(party=world.tromso, username="tromso_ansatt")


def patient_case(world, patient, **overrides):
    data = proposal(
        proposer_category="patient", proposer_name=NAME, proposer_email=EMAIL, **overrides
    )
    return submit_proposal(community=world.community, proposer=patient, data=data)


def pdf_text(response) -> str:
    assert response.status_code == 200
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


# --- the rule -----------------------------------------------------------------------------
def test_the_proposer_and_the_handling_bodies_see_the_contact_details(world, patient):
    case = patient_case(world, patient)
    for user in (patient, world.secretary, world.secretary2, world.ssu_trust):
        assert sees_contact(user, case), user.username


def test_parties_gp_council_pool_and_anonymous_do_not(world, patient, colleague):
    case = patient_case(world, patient)
    pool_member = world.panel_people["legal"]  # in the pool, not yet on this case's panel
    for user in (colleague, world.proposer, world.gp, pool_member, AnonymousUser()):
        assert not sees_contact(user, case), user
    assert cases_visible_to(colleague).filter(pk=case.pk).exists()  # the case itself: yes


def test_the_panel_sees_them_once_appointed(world, patient):
    case = patient_case(world, patient)
    member = world.panel_people["legal"]
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    step(world.ssu_trust, case, "appoint_panel", {"members": full_panel(world)})
    assert sees_contact(member, reload(case))


def test_the_gp_council_sees_them_when_the_proposal_affects_gps(world, patient):
    assert sees_contact(world.gp, patient_case(world, patient, gps_affected=True))


def upload_as(api, user, case):
    file = SimpleUploadedFile("notat.txt", b"Hei", content_type="text/plain")
    response = api.as_(user).post(
        f"/api/v1/cases/{case.pk}/documents/", {"file": file}, format="multipart"
    )
    assert response.status_code == 201, response.json()


# --- API ----------------------------------------------------------------------------------
def test_api_hides_them_from_another_party_and_shows_them_to_the_secretariat(
    api, world, patient, colleague
):
    case = patient_case(world, patient)
    upload_as(api, patient, case)
    url = f"/api/v1/task-transfers/{case.pk}/"
    hidden = api.get(colleague, url)
    assert hidden.status_code == 200
    body = hidden.json()
    assert body["proposer_name"] is None and body["proposer_email"] is None
    assert body["proposer_category"] == "patient"
    events = api.get(colleague, f"/api/v1/cases/{case.pk}/events/")
    assert [e["actor"] for e in events.json()] == [None, None]  # submitted, document uploaded
    documents = api.get(colleague, f"/api/v1/cases/{case.pk}/documents/")
    assert documents.json()[0]["uploaded_by"] == "Forslagsstilleren"
    for response in (hidden, events, documents):
        text = response.content.decode()
        assert NAME not in text and EMAIL not in text and '"pasient"' not in text

    for user in (world.secretary, patient):
        body = api.get(user, url).json()
        assert (body["proposer_name"], body["proposer_email"]) == (NAME, EMAIL)
    events = api.get(world.secretary, f"/api/v1/cases/{case.pk}/events/").json()
    assert [e["actor"] for e in events] == ["pasient", "pasient"]
    documents = api.get(world.secretary, f"/api/v1/cases/{case.pk}/documents/").json()
    assert documents[0]["uploaded_by"] == NAME


# --- pages --------------------------------------------------------------------------------
def test_case_page_hides_them_from_another_party(api, client, world, patient, colleague):
    case = patient_case(world, patient)
    upload_as(api, patient, case)
    client.force_login(colleague)
    response = client.get(f"/saker/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert NAME not in html and EMAIL not in html
    assert "Forslagsstilleren" in html  # the history names the role instead
    assert "Pasient" in html  # the proposer's category stays


def test_case_page_shows_them_to_the_secretariat_and_the_proposer(client, world, patient):
    case = patient_case(world, patient)
    for user in (world.secretary, patient):
        client.force_login(user)
        html = client.get(f"/saker/{case.pk}/").content.decode()
        assert NAME in html and EMAIL in html, user.username


def test_the_task_page_shows_them_to_the_one_working_it(client, world, patient):
    case = patient_case(world, patient)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    html = client.get(execute_url(task)).content.decode()
    assert NAME in html and EMAIL in html


def test_decision_letter_and_summary_hide_them_from_another_party(
    client, world, patient, colleague
):
    case = patient_case(world, patient)
    step(world.secretary, case, "screen", REJECT)
    client.force_login(colleague)
    letter = client.get(f"/saker/{case.pk}/vedtaksbrev/")
    assert letter.status_code == 200
    html = letter.content.decode()
    assert NAME not in html and EMAIL not in html and "Forslagsstilleren" in html
    summary = pdf_text(client.get(f"/saker/{case.pk}/sammendrag.pdf"))
    assert NAME not in summary and EMAIL not in summary

    client.force_login(patient)
    assert EMAIL in client.get(f"/saker/{case.pk}/vedtaksbrev/").content.decode()
    client.force_login(world.secretary)
    assert NAME in pdf_text(client.get(f"/saker/{case.pk}/sammendrag.pdf"))
