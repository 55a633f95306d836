"""Starting fakturainnsigelse: the municipality files an objection (R-OBJ-2, R-OBJ-3).

`objection_file` creates one case per discharging unit of the lines objected to, opens each
answer deadline and tells each unit and the cooperation section; here each case gets its
flow, in the same transaction, so a case never exists without its answer task.
"""

from cases.models import InvoiceObjection
from cases.services import invoice_objection as obj
from cases.services.transactions import action_block

from .flow import InvoiceObjectionFlow


def file_objection(*, actor, invoice, lines, comment: str = "") -> list[InvoiceObjection]:
    """File the objection and start one flow per case created (one per unit)."""
    with action_block():  # the opening and the flow's start: one action
        cases = obj.objection_file(actor=actor, invoice=invoice, lines=lines, comment=comment)
        for case in cases:
            InvoiceObjectionFlow.start.run(case=case)
    return cases
