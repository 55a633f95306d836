"""R-AUD-2: a document of an objection case (its letters state the NPR-IDs, R-OBJ-4) is
patient data; each download is recorded as a read (`ProcessSpec.document_read`)."""

from cases.services.invoice_objection import patient_data_read


def document_read(case, user, document, channel: str) -> None:
    objection = case.specific
    patient_data_read(
        user,
        invoice=objection.invoice,
        case=objection,
        channel=channel,
        what=f"Dokument lastet ned: {document.name}"[:200],
    )
