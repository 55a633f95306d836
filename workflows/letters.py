"""Documents Saksflyt writes: the record of a case, decision letters, summaries for the archive.

A process describes a document as plain data (`Letter`, `Section`); the same data is shown
on a page (`saksflyt/_sections.html`, `saksflyt/letter.html`) and rendered to PDF here, so
the printable page and the PDF always say the same thing.

PDF: ReportLab (BSD licence, pure Python wheels, maintained since 2000 and on PyPI monthly).
It needs no system libraries, unlike HTML-to-PDF engines such as WeasyPrint (Pango), so the
embedded default keeps running from one command. Fonts: the Bitstream Vera TrueType fonts
that ship with ReportLab, embedded in every PDF, so æ, ø, å and – print everywhere.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from cases.selectors import hidden_person_id


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column's header (narrow screens show it beside the value)."""
        return [list(zip(self.header, row, strict=False)) for row in self.rows]


@dataclass(frozen=True)
class Section:
    """One part of a record or letter: a heading with facts (label, value), text, a table."""

    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    anchor: str = ""


@dataclass(frozen=True)
class Letter:
    title: str
    filename: str
    facts: list[tuple[str, str]]  # reference, SSU number, date, recipient…
    sections: list[Section]
    sender: str
    subtitle: str = ""


def when(value) -> str:
    """A date or time as Norwegians write it: 24.11.2026 (kl. 14.05)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y kl. %H.%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def yes_no(value) -> str:
    return "Ja" if value else "Nei"


def person(user, party=None) -> str:
    """A person by full name, with the party they represent when known."""
    if user is None:
        return "Systemet"
    name = user.get_full_name() or user.username
    if party is None:
        profile = getattr(user, "profile", None)
        party = profile.party if profile else None
    return f"{name} ({party.name})" if party else name


def people_on(case, user) -> Callable[..., str]:
    """`person` as `user` may see the people of `case`: the one who opened it is named by role
    when the case's kind hides them from this user (`cases.selectors.sees_contact`)."""
    hidden = hidden_person_id(user, case)

    def name(actor, party=None) -> str:
        if hidden is not None and actor is not None and actor.pk == hidden:
            return case.specific.CREATOR_ROLE
        return person(actor, party)

    return name


def case_summary(case, *, label: str, record: list[Section], history: list[tuple]) -> Letter:
    """The whole case for the parties' archives: its record and its history."""
    facts = [
        ("Sak", f"{case.reference} – {case.title}"),
        ("Sakstype", label),
        ("SSU-saksnummer", case.ssu_case_number or "Ikke tildelt"),
        ("Status", case.status_display),
        ("Helsefellesskap", case.community.name),
        ("Utskrevet", when(timezone.now())),
    ]
    log = Section("Historikk", table=Table(("Tidspunkt", "Hendelse", "Av"), history))
    return Letter(
        title=f"Sakssammendrag – {case.title}",
        subtitle=label,
        filename=f"sammendrag-{case.reference}.pdf",
        facts=facts,
        sections=[*record, log],
        sender=f"Saksflyt – {case.community.name}",
    )


# --- PDF ----------------------------------------------------------------------------------
_FONTS_READY = False


def _fonts() -> tuple[str, str]:
    global _FONTS_READY
    if not _FONTS_READY:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont("Vera", str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("Vera-Bold", str(folder / "VeraBd.ttf")))
        _FONTS_READY = True
    return "Vera", "Vera-Bold"


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text)).replace("\n", "<br/>")


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF with title metadata and page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )
    from reportlab.platypus import (
        Table as PdfTable,
    )
    from reportlab.platypus import (
        TableStyle as PdfTableStyle,
    )

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=17, leading=22, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
    label = ParagraphStyle("label", parent=small, textColor=colors.HexColor("#444444"))

    def facts_table(rows, widths):
        data = [[Paragraph(_escape(k), label), Paragraph(_escape(v), body)] for k, v in rows]
        table = PdfTable(data, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            PdfTableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    width = A4[0] - 40 * mm
    story = [Paragraph(_escape(letter.title), h1)]
    if letter.subtitle:
        story.append(Paragraph(_escape(letter.subtitle), body))
    story += [Spacer(1, 4 * mm), facts_table(letter.facts, [45 * mm, width - 45 * mm])]
    for section in letter.sections:
        part = [Paragraph(_escape(section.heading), h2)]
        if section.rows:
            part.append(facts_table(section.rows, [50 * mm, width - 50 * mm]))
        part += [Paragraph(_escape(p), body) for p in section.paragraphs]
        if section.table is not None:
            cells = [[Paragraph(_escape(h), label) for h in section.table.header]]
            cells += [[Paragraph(_escape(c), small) for c in row] for row in section.table.rows]
            grid = PdfTable(cells, repeatRows=1, hAlign="LEFT")
            grid.setStyle(
                PdfTableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            part.append(grid)
        story.append(KeepTogether(part[:2]) if len(part) > 1 else part[0])
        story += part[2:]
    story += [Spacer(1, 8 * mm), Paragraph(_escape(letter.sender), body)]

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(20 * mm, 12 * mm, letter.title)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Side {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=letter.title,
        author=letter.sender.splitlines()[-1],
        lang="nb-NO",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
