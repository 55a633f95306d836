"""axe-core in Chromium on the rest of fakturainnsigelse's pages: the invoice page after the
deadline as the municipality sees it (R-OBJ-2: the form explains why it is gone) and as the
trust sees it (the late acceptance), every later task page of the flow (the review, the appeal
decision, the cosignature, the review of the decision) with the lines beside the form, and the
case page with the appeal's two signatures."""

import pytest

from tests.factories import build_world
from tests.web.browser import login, rendered
from tests.web.helpers import open_task
from tests.web.invoice_world import NPR, invoice_sides, register
from tests.web.test_accessibility import Findings, visit
from workflows import engine
from workflows.invoice_objection.actions import file_objection
from workflows.registry import node_spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def task_page(browser, live_server, user, case, node, found):
    task = open_task(case, node)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    page = login(browser, live_server, user.username)
    visit(page, live_server, task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
    assert NPR[0] in page.locator("#task-lines").inner_text(), node
    found.check(page, node)
    page.context.close()


def test_late_invoice_and_later_task_pages_have_no_serious_violations(browser, live_server):
    sides = invoice_sides(build_world())
    found = Findings()

    late = register(sides, received_days_ago=45, number="2026-0901")
    page = login(browser, live_server, sides.clerk.username)
    visit(page, live_server, f"/saker/fakturaer/{late.pk}/")
    assert page.locator("#objection-deadline-passed").is_visible()
    found.check(page, "invoice after the deadline (municipality)")
    page.context.close()
    page = login(browser, live_server, sides.accountant.username)
    visit(page, live_server, f"/saker/fakturaer/{late.pk}/")
    page.get_by_role("button", name="Godta innsigelse etter fristen").click()
    page.wait_for_selector(".sf-message--error")
    rendered(page)
    found.check(page, "late acceptance refused without a reason (trust)")
    page.context.close()

    invoice = register(sides)
    lines = {line.position: line for line in invoice.lines.all()}
    (case,) = file_objection(
        actor=sides.clerk,
        invoice=invoice,
        lines=[{"line": lines[1].pk, "disputed_days": 2, "grounds": "Plass klar."}],
    )
    complete(
        sides.head,
        case,
        "answer",
        {
            "lines": [
                {
                    "line": lines[1].pk,
                    "accepted_days": 0,
                    "rejected_days": 2,
                    "justification": "Nei.",
                }
            ]
        },
    )
    task_page(browser, live_server, sides.clerk, case, "review", found)
    complete(sides.clerk, case, "review", {"decision": "appeal", "grounds": "Strider mot avtalen."})
    task_page(browser, live_server, sides.decider, case, "appeal_decision", found)
    complete(
        sides.decider, case, "appeal_decision", {"outcome": "upheld", "decision_text": "Står."}
    )
    task_page(browser, live_server, sides.lawyer, case, "cosign", found)
    complete(sides.lawyer, case, "cosign", {"confirm": True, "comment": ""})
    task_page(browser, live_server, sides.clerk, case, "review_decision", found)

    page = login(browser, live_server, sides.clerk.username)
    visit(page, live_server, f"/saker/{case.pk}/")
    assert sides.lawyer.get_full_name() in page.locator("#appeal-cosigned").inner_text()
    found.check(page, "case page with the appeal decided")
    page.context.close()
    found.assert_none()


def complete(user, case, node, data):
    task = open_task(case, node)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    step = node_spec(task.flow_task).step
    engine.task_complete(task_id=task.pk, user=user, apply=lambda c: step(c, user, data))
