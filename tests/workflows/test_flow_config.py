"""How every flow is wired: real row locks, a chart, and one flow per case kind."""

from viewflow.workflow import lock
from viewflow.workflow.chart import calc_layout_data, grid_to_svg

from cases.models import CaseKind
from workflows.registry import ALL_FLOWS, FLOWS


def test_every_flow_uses_the_select_for_update_lock():
    assert ALL_FLOWS
    for flow_class in ALL_FLOWS:
        assert flow_class.lock_impl is lock.select_for_update_lock, flow_class


def test_task_transfer_has_a_flow():
    assert CaseKind.TASK_TRANSFER in FLOWS


def test_the_flow_diagram_renders_with_norwegian_titles():
    flow_class = FLOWS[CaseKind.TASK_TRANSFER]
    svg = grid_to_svg(calc_layout_data(flow_class.instance))
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert "sekretariatet" in svg
