"""The record of a task transfer, step by step, as it was made: shown on the case page and
beside later tasks, printed in the archive summary, and the decision letter when it ends."""

from cases.models import (
    Competence,
    Consultation,
    SsuOutcome,
    TaskTransfer,
    TTStatus,
)
from cases.selectors import sees_contact
from cases.services import task_transfer as tt
from workflows.letters import Letter, Section, Table, person, when, yes_no

DECISIONS = {True: "Sendes videre til SSU", False: "Avvist"}
POSITIONS = {"agree": "Enig", "object": "Innsigelse"}
FOLLOW_UP_LABELS = {
    **tt.FOLLOW_UP_ITEMS,
    "medical_responsibility_follows_task": "Det medisinskfaglige ansvaret følger oppgaven",
}


def proposal_fields(case: TaskTransfer, user) -> tuple[str, ...]:
    """The proposal's fields that `user` may see: without the proposer's contact details
    unless the case's rule allows it (`TaskTransfer.contact_visible_to`)."""
    if sees_contact(user, case):
        return tt.PROPOSAL_FIELDS
    return tuple(f for f in tt.PROPOSAL_FIELDS if f not in TaskTransfer.CONTACT_FIELDS)


def _proposal(case: TaskTransfer, user) -> Section:
    rows = []
    for name in proposal_fields(case, user)[1:]:
        field = case._meta.get_field(name)
        value = getattr(case, name)
        if field.choices:
            value = getattr(case, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = yes_no(value)
        rows.append((str(field.verbose_name).capitalize(), str(value)))
    rows.append(("Sendt inn", when(case.created_at)))
    return Section("Forslaget", rows=rows, anchor="record-proposal")


def _screening(case: TaskTransfer) -> Section | None:
    screening = getattr(case, "screening", None)
    if screening is None:
        return None
    return Section(
        "Vurdering i sekretariatet",
        rows=[
            ("Konklusjon", DECISIONS[screening.passed]),
            ("Begrunnelse", screening.justification or "–"),
            ("Vurdert av", person(screening.screened_by)),
            ("Dato", when(screening.screened_at)),
        ],
        table=Table(
            ("Kriterium", "Oppfylt"),
            [
                (f"{key}) {label}", yes_no(screening.criteria.get(key)))
                for key, label in tt.CRITERIA.items()
            ],
        ),
        anchor="record-screening",
    )


def _panel(case: TaskTransfer) -> Section | None:
    if case.panel_id is None:
        return None
    members = case.panel.memberships.select_related("user", "party").order_by("pk")
    return Section(
        "Partssammensatt faglig utvalg",
        rows=[("Avvik fra standard sammensetning", case.panel_deviation_reason or "Ingen")],
        table=Table(
            ("Navn", "Part", "Kompetanse"),
            [
                (
                    m.user.get_full_name() or m.user.username,
                    m.party.name if m.party else "Ingen part",
                    Competence(m.competence).label if m.competence else "–",
                )
                for m in members
            ],
        ),
        anchor="record-panel",
    )


def _statements(case: TaskTransfer) -> Section | None:
    statements = list(case.statements.select_related("party", "unit__party"))
    if not statements:
        return None
    return Section(
        "Uttalelser",
        table=Table(
            ("Mottaker", "Frist", "Mottatt", "Uttalelse"),
            [
                (s.recipient, when(s.due_on), when(s.received_at), s.text or "Ikke mottatt")
                for s in statements
            ],
        ),
        anchor="record-statements",
    )


def _recommendation(case: TaskTransfer) -> Section | None:
    recommendation = getattr(case, "recommendation", None)
    if recommendation is None:
        return None
    verdict = "Innstiller på overføring" if recommendation.in_favour else "Innstiller ikke"
    rows = [("Innstilling", verdict)]
    rows += [
        (tt.ASSESSMENT_LABELS[side], recommendation.assessment.get(side, ""))
        for side in tt.ASSESSMENT_SIDES
    ]
    if recommendation.no_statement_reason:
        rows.append(("Hvorfor ingen uttalelse", recommendation.no_statement_reason))
    rows += [("Gitt av", person(recommendation.given_by)), ("Dato", when(recommendation.given_at))]
    return Section("Utvalgets innstilling", rows=rows, anchor="record-recommendation")


def _consultation(consultation: Consultation, number: int) -> Section:
    responses = consultation.responses.select_related("party", "given_by")
    state = f"Avsluttet {when(consultation.closed_at)}" if consultation.closed_at else "Åpen"
    return Section(
        "Høring" if number == 1 else f"Høring {number}",
        rows=[
            ("Høringsfrist", when(consultation.due_on)),
            ("Høringsinstanser", ", ".join(p.name for p in consultation.consultees.all())),
            ("Status", state),
        ],
        table=Table(
            ("Part", "Dato", "Høringssvar"),
            [(r.party.name, when(r.given_at), r.text) for r in responses],
        ),
        anchor=f"record-consultation-{number}",
    )


def _gp_assessment(case: TaskTransfer) -> Section | None:
    assessment = getattr(case, "gp_assessment", None)
    if assessment is None:
        return None
    verdict = "Støtter forslaget" if assessment.supports else "Støtter ikke forslaget"
    return Section(
        "Fastlegerådets vurdering",
        rows=[
            ("Konklusjon", verdict),
            ("Vurdering", assessment.assessment),
            ("Gitt av", person(assessment.given_by)),
            ("Dato", when(assessment.given_at)),
        ],
        anchor="record-gp-council",
    )


def _positions(treatment, members: dict) -> Table:
    rows = []
    for p in treatment.positions:
        membership = members.get(p["member"])
        name = membership.user.get_full_name() if membership else f"#{p['member']}"
        party = membership.party.name if membership and membership.party else "–"
        rows.append((name, party, POSITIONS.get(p["position"], p["position"])))
    return Table(("Medlem", "Part", "Standpunkt"), rows)


def _treatment(treatment, number: int, members: dict) -> Section:
    rows = [
        ("Dato", when(treatment.recorded_at)),
        ("Utfall", treatment.get_outcome_display()),
        ("Vedtaksført", yes_no(treatment.quorum_met)),
    ]
    if treatment.decision_text:
        rows.append(("Vedtak", treatment.decision_text))
    if treatment.effective_on:
        rows.append(("Iverksettes", when(treatment.effective_on)))
    for key, value in treatment.follow_up.items():
        text = yes_no(value) if isinstance(value, bool) else value
        rows.append((FOLLOW_UP_LABELS.get(key, key), text))
    return Section(
        "Behandling i SSU" if number == 1 else f"Behandling i SSU ({number})",
        rows=rows,
        table=_positions(treatment, members),
        anchor=f"record-ssu-{number}",
    )


def _ssu_members(case: TaskTransfer) -> dict:
    from cases.models import CommitteeKind, Membership

    rows = Membership.objects.filter(
        committee__community_id=case.community_id, committee__kind=CommitteeKind.SSU
    ).select_related("user", "party")
    return {m.user_id: m for m in rows}


def record(case: TaskTransfer, user) -> list[Section]:
    """Every step's record so far, in the order the steps were taken."""
    sections = [_proposal(case, user), _screening(case), _panel(case), _statements(case)]
    sections.append(_recommendation(case))
    sections += [_consultation(c, i) for i, c in enumerate(case.consultations.all(), 1)]
    sections.append(_gp_assessment(case))
    treatments = list(case.treatments.all())
    members = _ssu_members(case) if treatments else {}
    sections += [_treatment(t, i, members) for i, t in enumerate(treatments, 1)]
    return [s for s in sections if s is not None]


# --- the decision letter ------------------------------------------------------------------
ENDED = {
    TTStatus.APPROVED,
    TTStatus.REJECTED,
    TTStatus.REJECTED_AT_SCREENING,
    TTStatus.NOT_RECOMMENDED,
    TTStatus.WITHDRAWN,
}


def _grounds(case: TaskTransfer) -> list[Section]:
    """What the decision rests on, by how the case ended."""
    if case.status == TTStatus.REJECTED_AT_SCREENING:
        return [s for s in [_screening(case)] if s]
    if case.status == TTStatus.NOT_RECOMMENDED:
        return [s for s in [_recommendation(case)] if s]
    if case.status == TTStatus.WITHDRAWN:
        event = case.events.filter(action="withdrawn").select_related("actor").last()
        reason = (event.data.get("reason") if event else "") or "Ingen begrunnelse oppgitt."
        return [
            Section(
                "Forslaget er trukket",
                rows=[
                    ("Trukket av", person(event.actor) if event else "–"),
                    ("Dato", when(event.at) if event else "–"),
                    ("Begrunnelse", reason),
                ],
            )
        ]
    treatment = case.treatments.filter(outcome__in=(SsuOutcome.APPROVE, SsuOutcome.REJECT)).last()
    if treatment is None:
        return []
    grounds = [_treatment(treatment, 1, _ssu_members(case))]
    recommendation = _recommendation(case)
    if recommendation is not None:
        grounds.append(recommendation)
    return grounds


HEADLINES = {
    TTStatus.APPROVED: "SSU har vedtatt at oppgaven overføres.",
    TTStatus.REJECTED: "SSU har ikke vedtatt overføringen.",
    TTStatus.REJECTED_AT_SCREENING: "Forslaget oppfyller ikke kriteriene og behandles ikke videre.",
    TTStatus.NOT_RECOMMENDED: "Det faglige utvalget innstiller ikke på overføring; saken er "
    "avsluttet.",
    TTStatus.WITHDRAWN: "Forslaget er trukket og behandles ikke videre.",
}


def decision_letter(case: TaskTransfer, user) -> Letter | None:
    """The vedtaksbrev of a case that has ended; None while it is open. It is addressed to the
    proposer, named only to those who may see the proposer's contact details."""
    if case.status not in ENDED:
        return None
    to = f"{case.proposer_name} <{case.proposer_email}>"
    facts = [
        ("Sak", f"{case.reference} – {case.title}"),
        ("SSU-saksnummer", case.ssu_case_number or "Ikke tildelt"),
        ("Dato", when(case.closed_at)),
        ("Til", to if sees_contact(user, case) else case.CREATOR_ROLE),
        ("Helsefellesskap", case.community.name),
    ]
    decision = Section("Vedtak", paragraphs=[HEADLINES[case.status]])
    return Letter(
        title=f"Vedtaksbrev – {case.title}",
        subtitle="Forslag til oppgaveoverføring",
        filename=f"vedtaksbrev-{case.reference}.pdf",
        facts=facts,
        sections=[decision, *_grounds(case)],
        sender=f"Med hilsen\nSekretariatet for {case.community.name}",
    )
