"""R-DSP-1: the disagreement record (uenighetsprotokoll) as a document both parties can print
and download. Its text is the one the service drafted from the recorded positions and stored;
the page and the PDF show exactly that text."""

from cases.models import Dispute
from workflows.letters import Letter, Section, people_on, when


def disagreement_letter(case: Dispute, user) -> Letter | None:
    """The drafted uenighetsprotokoll, or None before it is drafted."""
    record = getattr(case, "disagreement_record", None)
    if record is None:
        return None
    # The stored text begins with its own title line; the letter carries the title.
    blocks = [b.strip() for b in record.text.split("\n\n") if b.strip()]
    if blocks and blocks[0].splitlines()[0] == "Uenighetsprotokoll":
        first = blocks[0].splitlines()[1:]
        blocks[0] = "\n".join(first).strip()
    name = people_on(case, user)
    return Letter(
        title=f"Uenighetsprotokoll – {case.title}",
        subtitle=case.ladder.agreement,
        filename=f"uenighetsprotokoll-{case.reference}.pdf",
        facts=[
            ("Sak", case.reference),
            ("Parter", f"{case.claimant.name} og {case.respondent.name}"),
            ("Skrevet", when(record.drafted_at)),
            ("Skrevet av", name(record.drafted_by)),
        ],
        sections=[Section("Protokoll", paragraphs=[b for b in blocks if b])],
        sender=f"For {case.claimant.name}\n\nFor {case.respondent.name}",
    )
