"""Case pages, the proposal form and the step pages, through Django's test client."""

import re

from django.urls import reverse

from cases.models import StatementRequest, TaskTransfer
from cases.services.task_transfer import SINGLE_PATIENT_NOTICE
from tests.factories import proposal
from workflows import engine

from .helpers import ALL_YES, at_recommend, execute_url, open_task, submitted

ASSESSMENT = {
    "recommendation": "for",
    "assessment_professional": "Faglig forsvarlig.",
    "assessment_organisational": "Ny rutine.",
    "assessment_economic": "Avklart.",
    "assessment_legal": "Avklart.",
}


def test_case_page_shows_status_tasks_history_and_chart(client, world):
    case = submitted(world)
    client.force_login(world.proposer)
    response = client.get(f"/saker/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert case.reference in html
    assert "Til vurdering i sekretariatet" in html
    assert "Vurdere forslaget mot kriteriene" in html  # the open task
    assert "Ledig for Sekretariatet" in html  # which committee may take it
    assert "Forslag sendt inn" in html  # history, Norwegian label
    chart = reverse("tasktransfer:process_chart", args=[case.process.pk])
    assert chart in html
    assert client.get(chart).status_code == 200
    assert case.reference in client.get("/saker/").content.decode()


def test_cases_outside_visibility_are_404_everywhere(client, world):
    case = submitted(world)
    process = case.process.pk
    task = open_task(case)
    client.force_login(world.outsider)
    assert client.get(f"/saker/{case.pk}/").status_code == 404
    assert client.get(f"/tasktransfer/{process}/").status_code == 404
    assert client.get(f"/tasktransfer/{process}/chart/").status_code == 404
    assert client.get(f"/tasktransfer/{process}/screen/{task.pk}/").status_code == 404
    assert case.reference not in client.get("/saker/").content.decode()
    listing = client.get("/tasktransfer/flows/")
    assert listing.status_code == 200
    assert case.title not in listing.content.decode()
    assert client.get("/tasktransfer/").status_code == 200  # dashboard, filtered


def test_anonymous_is_sent_to_login(client, world):
    case = submitted(world)
    for url in ("/", f"/saker/{case.pk}/", "/tasktransfer/queue/", "/saker/ny/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")
    login = client.get("/accounts/login/")
    assert "Logg inn" in login.content.decode()


def test_proposal_form_notice_and_validation(client, world):
    client.force_login(world.proposer)
    page = client.get("/saker/ny/").content.decode()
    assert "Forslag til oppgaveoverføring" in page
    assert SINGLE_PATIENT_NOTICE in page
    response = client.post("/saker/ny/", {"title": "Bare tittel"})
    assert response.status_code == 200
    assert response.context["form"].errors["task_description"]
    assert not TaskTransfer.objects.exists()
    bad = {**proposal(), "gps_affected": "nei", "proposer_email": "ikke-epost"}
    response = client.post("/saker/ny/", bad)
    assert "proposer_email" in response.context["form"].errors
    response = client.post("/saker/ny/", {**proposal(), "gps_affected": "nei"})
    case = TaskTransfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/saker/{case.pk}/"
    assert case.community == world.community
    assert case.created_by == world.proposer
    assert case.process.task_set.filter(flow_task_type="HUMAN").count() == 1


def test_proposer_without_party_chooses_community(client, world):
    from tests.factories import UserFactory

    patient = UserFactory(party=None, username="pasient")
    client.force_login(patient)
    assert "Helsefellesskap" in client.get("/saker/ny/").content.decode()
    data = {**proposal(proposer_category="patient"), "gps_affected": "ja"}
    response = client.post("/saker/ny/", data)
    assert response.context["form"].errors["community"]
    response = client.post("/saker/ny/", {**data, "community": world.community.pk})
    case = TaskTransfer.objects.get()
    assert response["Location"] == f"/saker/{case.pk}/"
    assert case.gps_affected is True
    assert client.get(f"/saker/{case.pk}/").status_code == 200


def test_screening_rejection_without_justification_shows_service_error(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    url = execute_url(task)
    page = client.get(url).content.decode()
    assert "Oppfølging av pasienter med hjemmedialyse" in page  # proposal summary
    assert "Faglig forsvarlig" in page  # criterion b
    data = {"decision": "reject", "justification": ""}
    data.update({f"criteria_{k}": "ja" for k in ALL_YES})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Et avslag må ha en skriftlig begrunnelse" in response.content.decode()
    assert TaskTransfer.objects.get(pk=case.pk).status == "submitted"
    data["justification"] = "Gjelder for få pasienter."
    response = client.post(url, data)
    assert response.status_code == 302
    assert TaskTransfer.objects.get(pk=case.pk).status == "rejected_at_screening"


def test_statements_on_the_recommend_page(client, world):
    case = at_recommend(world)
    panel_user = world.panel_people["legal"]
    task = open_task(case, "recommend")
    engine.task_claim(task_id=task.pk, user=panel_user)
    client.force_login(panel_user)
    url = execute_url(task)
    page = client.get(url).content.decode()
    assert "Be om uttalelse" in page
    response = client.post(
        f"/saker/{case.pk}/uttalelser/",
        {"party": world.trust.pk, "unit": world.unit.pk, "due_on": "", "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    statement = StatementRequest.objects.get(case=case)
    page = client.get(url).content.decode()
    assert "Medisinsk klinikk" in page
    assert statement.due_on.strftime("%d.%m.%Y") in page
    assert "Venter på svar" in page
    # R-TT-5: no conclusion while the statement is pending; the page says why.
    response = client.post(url, ASSESSMENT)
    assert response.status_code == 200
    assert re.search(r"kan ikke konkludere", response.content.decode())
    assert TaskTransfer.objects.get(pk=case.pk).status == "under_investigation"
    # a unit outside the party is refused by the service, shown as a message
    response = client.post(
        f"/saker/{case.pk}/uttalelser/",
        {"party": world.tromso.pk, "unit": world.unit.pk, "next": url},
        follow=True,
    )
    assert "Enheten hører ikke til parten" in response.content.decode()
    response = client.post(
        f"/saker/{case.pk}/uttalelser/{statement.pk}/",
        {"text": "Klinikken støtter forslaget.", "next": url},
        follow=True,
    )
    assert "Mottatt" in response.content.decode()
    statement.refresh_from_db()
    assert statement.received_at and statement.received_by == panel_user
    response = client.post(url, ASSESSMENT)
    assert response.status_code == 302
    assert TaskTransfer.objects.get(pk=case.pk).status == "awaiting_ssu"
    # the outsider cannot ask for statements on a case it cannot see
    client.force_login(world.outsider)
    response = client.post(f"/saker/{case.pk}/uttalelser/", {"party": world.trust.pk})
    assert response.status_code == 404


def test_consultation_response_page(client, world):
    case = at_recommend(world)
    panel_user = world.panel_people["legal"]
    task = open_task(case, "recommend")
    engine.task_claim(task_id=task.pk, user=panel_user)
    client.force_login(panel_user)
    data = {
        **ASSESSMENT,
        "no_statement_reason": "Enhetene er representert i utvalget.",
        "consultation": "on",
        "consultees": [world.tromso.pk, world.harstad.pk],
    }
    assert client.post(execute_url(task), data).status_code == 302
    assert TaskTransfer.objects.get(pk=case.pk).status == "on_consultation"
    # a consultee's user answers for its own party
    client.force_login(world.ssu_municipality)  # party Tromsø
    page = client.get(f"/saker/{case.pk}/horing/").content.decode()
    assert "Send høringssvar" in page
    response = client.post(
        f"/saker/{case.pk}/horing/", {"party": world.tromso.pk, "text": "Tromsø støtter."}
    )
    assert response.status_code == 302
    # answering for another party is not offered
    response = client.post(f"/saker/{case.pk}/horing/", {"party": world.harstad.pk, "text": "x"})
    assert response.status_code == 403
    # the secretariat registers the last response; the consultation closes, the flow moves on
    client.force_login(world.secretary)
    response = client.post(
        f"/saker/{case.pk}/horing/", {"party": world.harstad.pk, "text": "Harstad støtter."}
    )
    assert response.status_code == 302
    case = TaskTransfer.objects.get(pk=case.pk)
    assert case.status == "awaiting_ssu"
    assert open_task(case).flow_task.name == "ssu_decide"
    assert "Høringssvar mottatt" in client.get(f"/saker/{case.pk}/").content.decode()


def test_viewflow_chrome_is_norwegian(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    queue = client.get("/tasktransfer/queue/").content.decode()
    assert "Ledige oppgaver" in queue and "Mine oppgaver" in queue and "Arkiv" in queue
    assert "Logg ut" in queue
    assign = client.get(f"/tasktransfer/{case.process.pk}/screen/{task.pk}/assign/")
    assert "Ta oppgaven" in assign.content.decode()
