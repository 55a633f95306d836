"""The decision letter of an objection that has ended (`ProcessSpec.decision_letter`): to both
parties, with the invoice, the unit, each line's period and days accepted and rejected with the
justification, the credit notes, and the appeal decision with its two signatures. Lines are named
by number and period (the letter is shown and printed where no read of NPR-IDs is recorded)."""

from cases.models import InvoiceObjection, ObjectionStatus
from workflows.dispute.record import amount
from workflows.letters import Letter, Section, Table, people_on, when

from .record import invoice_rows, line_name

ENDED = {ObjectionStatus.CLOSED, ObjectionStatus.AT_BOARD}


def final_days(ol) -> tuple[int, int]:
    """The days accepted and rejected in the end: after the appeal where it changed them."""
    accepted = ol.appeal_accepted_days if ol.appeal_accepted_days is not None else ol.accepted_days
    accepted = accepted or 0
    return accepted, max(ol.disputed_days - accepted, 0)


def _outcome(case: InvoiceObjection, lines) -> str:
    accepted = sum(final_days(ol)[0] for ol in lines)
    disputed = sum(ol.disputed_days for ol in lines)
    appeal = getattr(case, "appeal_record", None)
    if case.status == ObjectionStatus.AT_BOARD:
        return (
            "Kommunen er uenig i klageavgjørelsen og har brakt saken inn for Nasjonal "
            "tvisteløsningsnemnd. Klageavgjørelsen nedenfor er helseforetakets standpunkt."
        )
    if appeal is not None and appeal.decided_at:
        how = "omgjorde svaret" if appeal.outcome == "overturned" else "opprettholdt svaret"
        basis = f"Seksjon for samhandling {how}, og kommunen godtok klageavgjørelsen."
    elif accepted == disputed:
        basis = "Utskrivende enhet ga kommunen medhold i hele innsigelsen."
    else:
        basis = "Kommunen godtok svaret fra utskrivende enhet."
    return f"{basis} Av {disputed} bestridte døgn er {accepted} godtatt og krediteres."


def decision_letter(case: InvoiceObjection, user) -> Letter | None:
    """The letter once the objection has ended (closed, or brought to the board); None before."""
    if case.status not in ENDED:
        return None
    name = people_on(case, user)
    lines = list(case.lines.select_related("line").order_by("line__position"))
    invoice = case.invoice
    sections = [
        Section("Utfall", paragraphs=[_outcome(case, lines)]),
        Section(
            "Linjene",
            table=Table(
                ("Linje", "Bestridt", "Godtatt", "Avvist", "Begrunnelse"),
                [
                    (
                        line_name(ol.line),
                        str(ol.disputed_days),
                        *(str(d) for d in final_days(ol)),
                        ol.justification or "–",
                    )
                    for ol in lines
                ],
            ),
        ),
    ]
    notes = list(case.credit_notes.order_by("issued_at", "pk"))
    if notes:
        sections.append(
            Section(
                "Kreditnotaer",
                table=Table(
                    ("Nummer", "Grunnlag", "Døgn", "Beløp"),
                    [
                        (n.number, n.get_basis_display(), str(n.days), amount(n.amount))
                        for n in notes
                    ],
                ),
            )
        )
    appeal = getattr(case, "appeal_record", None)
    if appeal is not None and appeal.decided_at:
        sections.append(
            Section(
                "Klageavgjørelse",
                rows=[
                    ("Utfall", appeal.get_outcome_display()),
                    ("Avgjørelse", appeal.decision_text or "–"),
                    ("Avgjort av", f"{name(appeal.decided_by)}, {when(appeal.decided_at)}"),
                    (
                        "Medsignert av jurist",
                        f"{name(appeal.cosigned_by)}, {when(appeal.cosigned_at)}"
                        if appeal.cosigned_at
                        else "–",
                    ),
                ],
            )
        )
    sections.append(Section("Fakturaen", rows=invoice_rows(case)))
    return Letter(
        title=f"Avgjørelse i fakturainnsigelse – faktura {invoice.number}",
        subtitle=f"Innsigelse mot faktura for utskrivningsklare pasienter, {case.unit.name}",
        filename=f"avgjorelse-{case.reference}.pdf",
        facts=[
            ("Sak", f"{case.reference} – {case.title}"),
            ("Dato", when(case.closed_at)),
            ("Til", f"{invoice.municipality.name} og {invoice.health_trust.name}"),
            ("Utskrivende enhet", case.unit.name),
            ("Helsefellesskap", case.community.name),
        ],
        sections=sections,
        sender=f"Med hilsen\n{invoice.health_trust.name}, seksjon for samhandling",
    )
