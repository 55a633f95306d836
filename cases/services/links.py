"""Links between cases of any kind (a dispute opened from an objection, say)."""

from cases.models import Case, CaseLink

from .events import record_event


def link_cases(case: Case, other: Case, *, relation: str, actor=None) -> CaseLink:
    """Link `case` to `other`; both cases get an event."""
    link, _ = CaseLink.objects.get_or_create(case=case, other=other, relation=relation)
    record_event(
        case,
        actor=actor,
        action="case_linked",
        from_status=case.status,
        data={"case": str(other.pk), "relation": relation},
    )
    record_event(
        other,
        actor=actor,
        action="case_linked",
        from_status=other.status,
        data={"case": str(case.pk), "relation": CaseLink.INVERSE[relation]},
    )
    return link
