"""How every registered process is wired: real row locks, a chart, a spec per human node."""

from viewflow.workflow.chart import calc_layout_data, grid_to_svg

from cases.models import CaseKind
from workflows.locks import row_lock
from workflows.registry import flows, spec_for_kind, specs


def test_every_flow_uses_the_bounded_row_lock():
    assert flows()
    for flow_class in flows():
        assert flow_class.lock_impl is row_lock, flow_class


def test_every_human_node_has_a_spec_and_every_spec_names_a_node():
    for spec in specs():
        human = {n.name for n in spec.flow.instance.nodes() if n.task_type == "HUMAN"}
        assert human == {n.name for n in spec.nodes}, spec.kind


def test_task_transfer_is_registered():
    spec = spec_for_kind(CaseKind.TASK_TRANSFER)
    assert spec is not None and spec.case_model.KIND == CaseKind.TASK_TRANSFER


def test_the_flow_diagram_renders_with_norwegian_titles():
    flow_class = spec_for_kind(CaseKind.TASK_TRANSFER).flow
    svg = grid_to_svg(calc_layout_data(flow_class.instance))
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert "sekretariatet" in svg
