"""The site is Norwegian all through: viewflow's lists, task pages and chart, the error pages,
a page title everywhere, where a finished action leads, and no action offered that the user
may not take."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import override_settings
from django.urls import NoReverseMatch, include, path
from django.utils import timezone

from cases.models import TaskTransfer
from tests.factories import UserFactory
from workflows import engine
from workflows.task_transfer.flow import TaskTransferFlow

from .helpers import ALL_YES, execute_url, open_task, submitted


def _boom(request):
    raise RuntimeError("secret internals: SELECT * FROM cases_case")


def _quiet(request):
    return HttpResponse("ok")


# The project's URLs plus a view that fails, for the 500 page.
urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]

TITLE = re.compile(r"<title>\s*(?P<what>[^<]*?)\s+–\s+Saksflyt\s*</title>")
ENGLISH = (
    "Brief",
    "Process id",
    "Active tasks",
    "Case<",
    ">Cancel<",
    "Unassigned",
    " of ",
    "Past 7 days",  # the filter drawer's date ranges
    "/Screen",  # viewflow's filter names tasks "Oppgaveoverføring/Screen"
)


def _title(html: str) -> str:
    match = TITLE.search(html)
    assert match, "no <title>… – Saksflyt</title>"
    assert match["what"].strip()
    return match["what"]


def _html(client, url) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def test_404_page_is_norwegian_with_a_way_back(client, world, no_debug):
    client.force_login(world.proposer)
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _title(html) == "Fant ikke siden"
    assert html.count("<h1") == 1
    assert 'href="/"' in html and "Til oversikten" in html
    assert "Page not found" not in html


def test_a_case_outside_visibility_is_the_same_norwegian_404(client, world, no_debug):
    case = submitted(world)
    client.force_login(world.outsider)
    for url in (f"/saker/{case.pk}/", f"/tasktransfer/{case.process.pk}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert _title(response.content.decode()) == "Fant ikke siden"


def test_viewflow_permission_denied_is_the_norwegian_403(client, world, no_debug):
    """The proposer may see the case but not take the secretariat's task."""
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.proposer)
    response = client.post(f"/tasktransfer/{case.process.pk}/screen/{task.pk}/assign/")
    assert response.status_code == 403
    html = response.content.decode()
    assert _title(html) == "Ingen tilgang"
    assert 'href="/"' in html
    assert "Forbidden" not in html
    assert open_task(case).owner is None


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_norwegian_and_shows_no_internals(client, world, no_debug):
    client.raise_request_exception = False
    client.force_login(world.proposer)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert _title(html) == "Noe gikk galt"
    assert 'href="/"' in html
    assert "SELECT" not in html and "RuntimeError" not in html and "Traceback" not in html


def test_api_errors_stay_problem_json(client, world, no_debug):
    case = submitted(world)
    client.force_login(world.outsider)
    response = client.get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def _pages(case, task):
    process = case.process.pk
    return [
        "/",
        "/saker/",
        "/saker/ny/",
        f"/saker/{case.pk}/",
        "/tasktransfer/",
        "/tasktransfer/inbox/",
        "/tasktransfer/queue/",
        "/tasktransfer/archive/",
        "/tasktransfer/flows/",
        "/tasktransfer/tasks/",
        f"/tasktransfer/{process}/",
        f"/tasktransfer/{process}/screen/{task.pk}/",
        f"/tasktransfer/{process}/screen/{task.pk}/detail/",
    ]


@pytest.mark.parametrize("role", ["secretary", "proposer", "ssu_trust"])
def test_every_page_has_a_title_and_one_h1(client, world, role):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(getattr(world, role))
    for url in _pages(case, task):
        html = _html(client, url)
        _title(html)
        assert html.count("<h1") == 1, url


def test_task_pages_name_the_task_and_the_case_in_the_title(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    title = _title(_html(client, execute_url(task)))
    assert title == f"Vurdere forslaget mot kriteriene (sekretariatet) – {case.reference}"


def test_viewflow_lists_name_the_case_in_norwegian_with_dd_mm_yyyy(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    created = timezone.localtime(task.created).strftime("%d.%m.%Y %H:%M")
    for url in ("/tasktransfer/queue/", "/tasktransfer/tasks/", "/tasktransfer/flows/"):
        html = _html(client, url)
        assert case.reference in html, url
        assert f'href="/saker/{case.pk}/"' in html, url
        for english in ENGLISH:
            assert english not in html, (url, english)
    assert created in _html(client, "/tasktransfer/queue/")
    assert "1–1 av 1" in _html(client, "/tasktransfer/queue/")
    assert "Siste 7 dager" in _html(client, "/tasktransfer/tasks/")
    assert "Oppfyller forslaget kriteriene?" not in _html(client, "/tasktransfer/tasks/")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    inbox = _html(client, "/tasktransfer/inbox/")
    assert case.reference in inbox and created in inbox


def test_dashboard_and_task_card_dates_are_dd_mm_yyyy(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    created = timezone.localtime(task.created)
    long_form = f"{created.day}. "  # Django's nb default: "1. desember 2026"
    for url in ("/tasktransfer/", f"/tasktransfer/{case.process.pk}/screen/{task.pk}/detail/"):
        html = _html(client, url)
        assert created.strftime("%d.%m.%Y") in html, url
        assert not re.search(rf"\b{long_form}[a-zæøå]+ {created.year}", html), url


def test_chart_shows_node_titles_as_written_and_norwegian_branches(client, world):
    case = submitted(world)
    client.force_login(world.secretary)
    for url in ("/tasktransfer/chart/", f"/tasktransfer/{case.process.pk}/chart/"):
        svg = client.get(url).content.decode()
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        assert "Vurdere forslaget" in texts, texts
        assert not any(t in texts for t in ("Vurdere Forslaget", "Utrede Og Gi")), texts
        assert "ja" in texts and "nei" in texts
        assert "yes" not in texts and "no" not in texts
        assert "<title>End</title>" not in svg


def test_process_page_is_the_case_page(client, world):
    """viewflow's process page ("#3", its cancel button, "Case") leads to the case page."""
    case = submitted(world)
    client.force_login(world.proposer)
    response = client.get(f"/tasktransfer/{case.process.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/saker/{case.pk}/"


def test_task_page_card_is_the_case_in_our_style(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    html = _html(client, f"/tasktransfer/{case.process.pk}/screen/{task.pk}/assign/")
    assert 'class="sf-dl"' in html
    assert f'<a href="/saker/{case.pk}/">{case.reference}</a>' in html
    assert "Ta oppgaven og fortsett" not in html  # one way to take it
    assert "#" + str(case.process.pk) + "<" not in html  # the breadcrumbs name the case
    for english in ENGLISH:
        assert english not in html, english


# --- where actions lead -------------------------------------------------------------------


def test_taking_a_task_leads_to_its_form(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    response = client.post(f"/tasktransfer/{case.process.pk}/screen/{task.pk}/assign/")
    assert response.status_code == 302
    assert response["Location"] == execute_url(task)
    assert open_task(case).owner == world.secretary
    form_page = client.get(response["Location"]).content.decode()
    assert form_page.count("Du har tatt oppgaven") == 1  # shown once, on a viewflow page too


def test_putting_a_task_back_leads_to_the_case(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    response = client.post(f"/tasktransfer/{case.process.pk}/screen/{task.pk}/unassign/")
    assert response.status_code == 302
    assert response["Location"] == f"/saker/{case.pk}/"
    assert open_task(case).owner is None
    page = client.get(response["Location"]).content.decode()
    assert page.count("er lagt tilbake i køen") == 1  # one banner, no repeating toast


def _screen_data():
    data = {"decision": "proceed", "justification": ""}
    data.update({f"criteria_{k}": "ja" for k in ALL_YES})
    return data


@pytest.mark.parametrize("button", [{}, {"_continue": "1"}])
def test_completing_a_task_returns_to_the_case(client, world, button):
    """Whether "Utfør" or "Utfør og fortsett": the secretary has no next task on the case, so
    both land on the case page, not viewflow's process page."""
    case = submitted(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    response = client.post(execute_url(task), {**_screen_data(), **button})
    assert response.status_code == 302
    assert response["Location"] == f"/saker/{case.pk}/"
    assert TaskTransfer.objects.get(pk=case.pk).status == "awaiting_panel"
    page = client.get(response["Location"]).content.decode()
    assert page.count("er fullført") == 1


def test_continue_goes_on_to_the_users_next_task_on_the_case(client, world):
    """A secretary who also sits in the SSU may go straight on to appoint the panel."""
    from cases.models import Membership

    Membership.objects.create(committee=world.ssu, user=world.secretary, party=world.trust)
    case = submitted(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    response = client.post(execute_url(task), {**_screen_data(), "_continue": "1"})
    following = open_task(case, "appoint_panel")
    assert response["Location"] == f"/tasktransfer/{case.process.pk}/appoint_panel/{following.pk}/"


# --- actions not offered ------------------------------------------------------------------


def test_viewflow_manager_actions_are_not_offered_even_to_a_manager(client, world):
    """Cancel, undo and revive would change the flow without the case services: no URL,
    no button, also for a user with the flow's manage permission."""
    case = submitted(world)
    task = open_task(case, "screen")
    manage = Permission.objects.get(codename="manage_caseprocess")
    world.secretary.user_permissions.add(manage)
    client.force_login(world.secretary)
    node = TaskTransferFlow.screen
    _html(client, "/")  # the URLconf is loaded
    for action in ("cancel", "undo", "revive"):
        with pytest.raises(NoReverseMatch):
            node.reverse(action, args=[case.process.pk, task.pk])
        url = f"/tasktransfer/{case.process.pk}/screen/{task.pk}/{action}/"
        assert client.get(url).status_code == 404, action
    assert client.get(f"/tasktransfer/{case.process.pk}/cancel/").status_code == 404
    detail = _html(client, f"/tasktransfer/{case.process.pk}/screen/{task.pk}/detail/")
    for label in ("Avbryt", "Angre", "Gjenopplive"):
        assert label not in detail, label
    assert "Ta oppgaven" in detail  # what the secretary may do is offered


def test_task_page_offers_nothing_to_someone_without_the_role(client, world):
    case = submitted(world)
    task = open_task(case, "screen")
    client.force_login(world.proposer)
    html = _html(client, f"/tasktransfer/{case.process.pk}/screen/{task.pk}/")
    assert "Ledig" in html and "Tilbake til saken" in html
    for label in ("Ta oppgaven", "Utfør", "Legg tilbake", "Avbryt"):
        assert label not in html, label


def test_withdraw_is_offered_only_to_who_may_withdraw(client, world):
    """The rule is `can_withdraw` (the proposer and the secretariat); an SSU member who can
    see the case is not offered the form."""
    case = submitted(world)
    question = "Vil du trekke forslaget?"
    for user, offered in (
        (world.proposer, True),
        (world.secretary, True),
        (world.ssu_trust, False),
    ):
        client.force_login(user)
        assert (question in _html(client, f"/saker/{case.pk}/")) is offered, user.username
    other = UserFactory(party=world.harstad, username="kollega")
    client.force_login(other)
    response = client.get(f"/saker/{case.pk}/")
    assert response.status_code == 404 or question not in response.content.decode()
