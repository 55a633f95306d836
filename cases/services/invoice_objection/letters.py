"""The letters of an objection, generated in Norwegian and stored on the case as documents
(`Document`), so that the journal (R-OBJ-8) and the archives hold the very text sent."""

import hashlib

from django.core.files.base import ContentFile

from cases.models import Document, InvoiceObjection, ObjectionLine

from ..documents import document_store


def store_letter(case, *, actor, name: str, title: str, text: str) -> Document:
    """Store the generated letter `text` as a text document on `case` and record it."""
    content = text.encode("utf-8")
    return document_store(
        case,
        actor=actor,
        name=name,
        content=ContentFile(content),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="text/plain",
        description=title,
        action="letter_generated",
    )


def _period(line) -> str:
    return f"{line.period_start:%d.%m.%Y}–{line.period_end:%d.%m.%Y}"


def _heading(case: InvoiceObjection, title: str) -> list[str]:
    invoice = case.invoice
    return [
        title,
        "",
        f"Sak: {case.reference}",
        f"Faktura: {invoice.number} (fakturadato {invoice.issued_on:%d.%m.%Y})",
        f"Fra helseforetaket: {invoice.health_trust.name}",
        f"Til kommunen: {invoice.municipality.name}",
        f"Utskrivende enhet: {case.unit.name}",
        "",
    ]


def objection_letter(case: InvoiceObjection, lines: list[ObjectionLine]) -> str:
    """R-OBJ-2: the standard form: which lines, how many days are disputed, and why."""
    text = _heading(case, "Innsigelse mot faktura for utskrivningsklare pasientdøgn")
    text.append(f"Innsigelsen er mottatt av helseforetaket {case.filed_on:%d.%m.%Y}.")
    if case.late_accepted:
        text.append(
            "Innsigelsen er fremmet etter fristen og godtatt av helseforetaket: "
            f"{case.invoice.late_acceptance_reason}"
        )
    text.append("")
    for item in lines:
        line = item.line
        text += [
            f"Linje {line.position}: pasient (NPR-ID) {line.patient_ref}, periode {_period(line)}",
            f"  Fakturerte døgn: {line.days}. Omstridte døgn: {item.disputed_days}.",
            f"  Begrunnelse: {item.grounds}",
        ]
        if item.comment:
            text.append(f"  Kommentar: {item.comment}")
    if case.comment:
        text += ["", f"Kommentar: {case.comment}"]
    return "\n".join(text) + "\n"


def answer_letter(case: InvoiceObjection, lines: list[ObjectionLine]) -> str:
    """R-OBJ-4: invoice number, unit, NPR-ID, period, days accepted and rejected, and the
    justification, for every disputed line."""
    text = _heading(case, "Svar på innsigelse mot faktura")
    for item in lines:
        line = item.line
        text += [
            f"Linje {line.position}: pasient (NPR-ID) {line.patient_ref}, periode {_period(line)}",
            f"  Omstridte døgn: {item.disputed_days}. Godtatt: {item.accepted_days}."
            f" Avvist: {item.rejected_days}.",
            f"  Begrunnelse: {item.justification}",
        ]
    accepted = sum(item.accepted_days for item in lines)
    text.append("")
    if accepted:
        text.append(f"Helseforetaket utsteder kreditnota for {accepted} godtatte døgn.")
    else:
        text.append("Innsigelsen er ikke tatt til følge.")
    rejected = sum(item.rejected_days for item in lines)
    if rejected:
        text.append("Kommunen kan klage på svaret til helseforetakets seksjon for samhandling.")
    return "\n".join(text) + "\n"


def appeal_letter(case: InvoiceObjection, grounds: str) -> str:
    text = _heading(case, "Klage på svar på fakturainnsigelse")
    text += ["Kommunen klager på svaret fra utskrivende enhet.", "", f"Begrunnelse: {grounds}"]
    return "\n".join(text) + "\n"


def decision_letter(case: InvoiceObjection, appeal, lines: list[ObjectionLine]) -> str:
    """R-OBJ-6: the cooperation section's decision, signed by the decider and the lawyer."""
    text = _heading(case, "Avgjørelse av klage på svar på fakturainnsigelse")
    text += [f"Utfall: {appeal.get_outcome_display()}", "", appeal.decision_text, ""]
    for item in lines:
        line = item.line
        accepted = (
            item.appeal_accepted_days
            if item.appeal_accepted_days is not None
            else item.accepted_days
        )
        text.append(
            f"Linje {line.position}: pasient (NPR-ID) {line.patient_ref}, periode"
            f" {_period(line)}: godtatt {accepted} av {item.disputed_days} omstridte døgn."
        )
    text += [
        "",
        f"Avgjort av: {appeal.decided_by.get_full_name() or appeal.decided_by.username}",
        f"Medundertegnet av: {appeal.cosigned_by.get_full_name() or appeal.cosigned_by.username}"
        " (jurist)",
        "",
        "Er kommunen uenig i avgjørelsen, kan den bringe saken inn for Nasjonal"
        " tvisteløsningsnemnd.",
    ]
    return "\n".join(text) + "\n"


def board_letter(case: InvoiceObjection, subject: str, dispute) -> str:
    text = _heading(case, "Begjæring om behandling i Nasjonal tvisteløsningsnemnd")
    text += [
        "Kommunen er uenig i klageavgjørelsen og bringer saken inn for Nasjonal"
        " tvisteløsningsnemnd.",
        "",
        f"Hva uenigheten gjelder: {subject}",
        f"Tvistesak: {dispute.reference}",
    ]
    return "\n".join(text) + "\n"


def credit_note_letter(case: InvoiceObjection, note) -> str:
    """R-OBJ-5: the credit note as accounting (ØAS) gets it: days × that year's rate."""
    text = _heading(case, f"Kreditnota {note.number}")
    text.append(f"Grunnlag: {note.get_basis_display()}")
    for row in note.lines:
        text.append(
            f"Linje {row['position']}: {row['days']} døgn × {row['rate']} kr = {row['amount']} kr"
        )
    text += ["", f"Sum: {note.days} døgn, {note.amount} kr"]
    return "\n".join(text) + "\n"
