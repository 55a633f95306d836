"""R-AUD-2 on the web: every page that shows NPR-IDs records who read them, when and what."""

from cases.services import invoice_objection as obj


def record_read(user, *, invoice, case=None, what: str) -> None:
    obj.patient_data_read(user, invoice=invoice, case=case, channel="web", what=what)
