"""The record of a dispute as it was made: the opening, each stage entered with the parties'
positions and the body's statement, the disagreement record, the consents and how it ended.
Shown on the case page and in the archive summary; the decision letter once it has ended."""

from decimal import Decimal

from cases.models import ConsentPurpose, Dispute, DisputeStatus
from workflows.letters import Letter, Section, Table, people_on, when


def amount(value: Decimal | None) -> str:
    """«kr 125 000,00», as Norwegians write an amount."""
    if value is None:
        return "–"
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return f"kr {text}"


def opening_rows(case: Dispute) -> list[tuple[str, str]]:
    rows = [
        ("Reist av", case.claimant.name),
        ("Motpart", case.respondent.name),
        ("Type tvist", case.get_dispute_kind_display()),
        ("Avtale", case.ladder.agreement),
        ("Avtalepunkt", case.agreement_clause or "–"),
        ("Hva uenigheten gjelder", case.subject),
    ]
    if case.claim_amount is not None:
        rows.append(("Kravets beløp", amount(case.claim_amount)))
    return rows


def _opening(case: Dispute, name) -> Section:
    rows = [*opening_rows(case), ("Reist", when(case.created_at))]
    rows.append(("Reist av (person)", name(case.created_by)))
    return Section("Tvisten", rows=rows, anchor="record-opening")


def _bound_by(case: Dispute, stage) -> str:
    parties = [
        c.party.name
        for c in case.consents.filter(stage=stage, purpose=ConsentPurpose.BIND).select_related(
            "party"
        )
    ]
    return ", ".join(parties) if parties else "Ingen"


def _stage(case: Dispute, entry, number: int, name) -> Section:
    stage = entry.stage
    rows = [("Brakt inn", when(entry.entered_at)), ("Av", name(entry.entered_by))]
    if stage.venue:
        rows.append(("Verneting", stage.venue))
    statement = case.stage_statements.filter(stage=stage).first()
    if statement is not None:
        rows.append(("Uttalelse", statement.text))
        rows.append(("Uttalelsen registrert", when(statement.recorded_at)))
        if stage.statement_may_bind:
            rows.append(("Godtatt som bindende av", _bound_by(case, stage)))
    positions = case.positions.filter(stage=stage).select_related("party", "recorded_by")
    return Section(
        f"{number}. {stage.get_kind_display()}",
        rows=rows,
        table=Table(
            ("Part", "Standpunkt", "Registrert av", "Dato"),
            [(p.party.name, p.text, name(p.recorded_by), when(p.recorded_at)) for p in positions],
        ),
        anchor=f"record-stage-{stage.kind}",
    )


def _disagreement(case: Dispute, name) -> Section | None:
    record = getattr(case, "disagreement_record", None)
    if record is None:
        return None
    return Section(
        "Uenighetsprotokoll",
        rows=[("Skrevet av", name(record.drafted_by)), ("Dato", when(record.drafted_at))],
        paragraphs=[
            "Protokollen er satt opp fra partenes standpunkter i dialogen og kan lastes ned."
        ],
        anchor="record-disagreement",
    )


def _consents(case: Dispute, name) -> Section | None:
    consents = list(
        case.consents.filter(purpose=ConsentPurpose.ENTER).select_related(
            "party", "stage", "given_by"
        )
    )
    if not consents:
        return None
    return Section(
        "Samtykker",
        table=Table(
            ("Part", "Til trinnet", "Gitt av", "Dato"),
            [
                (c.party.name, c.stage.get_kind_display(), name(c.given_by), when(c.given_at))
                for c in consents
            ],
        ),
        anchor="record-consents",
    )


def _resolution(case: Dispute, name) -> Section | None:
    resolution = getattr(case, "resolution", None)
    if resolution is None:
        return None
    return Section(
        "Enighet",
        rows=[
            ("Oppnådd på trinnet", resolution.stage.get_kind_display()),
            ("Vilkår", resolution.terms),
            ("Registrert av", name(resolution.recorded_by)),
            ("Dato", when(resolution.recorded_at)),
        ],
        anchor="record-resolution",
    )


def _withdrawal(case: Dispute, name) -> Section | None:
    if case.status != DisputeStatus.WITHDRAWN:
        return None
    event = case.events.filter(action="withdrawn").select_related("actor").last()
    reason = (event.data.get("reason") if event else "") or "Ingen begrunnelse oppgitt."
    return Section(
        "Tvisten er trukket",
        rows=[
            ("Trukket av", name(event.actor) if event else "–"),
            ("Dato", when(event.at) if event else "–"),
            ("Begrunnelse", reason),
        ],
        anchor="record-withdrawal",
    )


def record(case: Dispute, user) -> list[Section]:
    """Every part of the dispute's record so far, in the order it was made."""
    name = people_on(case, user)
    entries = case.entries.select_related("stage", "entered_by")
    sections = [_opening(case, name)]
    sections += [_stage(case, e, i, name) for i, e in enumerate(entries, 1)]
    sections += [
        _disagreement(case, name),
        _consents(case, name),
        _resolution(case, name),
        _withdrawal(case, name),
    ]
    return [s for s in sections if s is not None]


# --- the decision letter ------------------------------------------------------------------
def _outcome(case: Dispute, name) -> list[Section]:
    if case.status == DisputeStatus.WITHDRAWN:
        party = case.claimant.name
        return [
            Section(
                "Utfall",
                paragraphs=[
                    f"{party} har trukket tvisten. Saken er avsluttet uten avgjørelse, og "
                    "ingen av partene har tatt stilling til kravet på vegne av den andre."
                ],
            ),
            _withdrawal(case, name),
        ]
    if case.status == DisputeStatus.RESOLVED:
        return [
            Section(
                "Utfall",
                paragraphs=[
                    "Partene er kommet til enighet, og tvisten er avsluttet på vilkårene nedenfor."
                ],
            ),
            _resolution(case, name),
        ]
    statement = case.stage_statements.filter(stage=case.stage).select_related("stage").first()
    return [
        Section(
            "Utfall",
            paragraphs=[
                f"Begge parter har godtatt at uttalelsen fra {case.stage.get_kind_display()} "
                "er bindende for dem. Tvisten er dermed avgjort."
            ],
        ),
        Section(
            "Uttalelsen",
            rows=[
                ("Uttalelse", statement.text if statement else "–"),
                ("Registrert", when(statement.recorded_at) if statement else "–"),
                ("Godtatt som bindende av", _bound_by(case, case.stage)),
            ],
        ),
    ]


ENDED = {DisputeStatus.RESOLVED, DisputeStatus.BOUND_BY_STATEMENT, DisputeStatus.WITHDRAWN}


def decision_letter(case: Dispute, user) -> Letter | None:
    """R-DSP-3, R-DSP-4: the letter of a dispute that ended by agreement, by a binding
    statement or by withdrawal, to both parties; None while it is open."""
    if case.status not in ENDED:
        return None
    name = people_on(case, user)
    facts = [
        ("Sak", f"{case.reference} – {case.title}"),
        ("Dato", when(case.closed_at)),
        ("Til", f"{case.claimant.name} og {case.respondent.name}"),
        ("Helsefellesskap", case.community.name),
    ]
    opening = Section("Tvisten", rows=opening_rows(case))
    withdrawn = case.status == DisputeStatus.WITHDRAWN
    return Letter(
        title=f"{'Tvisten er trukket' if withdrawn else 'Avgjørelse i tvist'} – {case.title}",
        subtitle="Tvisteløsning etter samarbeidsavtalen",
        filename=f"avgjorelse-{case.reference}.pdf",
        facts=facts,
        sections=[*_outcome(case, name), opening],
        sender=f"Med hilsen\nSekretariatet for {case.community.name}",
    )
