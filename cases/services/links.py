"""Links between cases of any kind (a dispute opened from an objection, say)."""

from dataclasses import dataclass

from cases.models import Case, CaseLink

from .events import record_event


@dataclass(frozen=True)
class LinkedCase:
    case: Case
    relation: str
    label: str


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


def case_links(case: Case) -> list[LinkedCase]:
    """The cases linked to `case`, from either end, each with how it relates to `case`."""
    out = [
        LinkedCase(link.other, link.relation, link.get_relation_display())
        for link in CaseLink.objects.filter(case=case).select_related("other")
    ]
    for link in CaseLink.objects.filter(other=case).select_related("case"):
        inverse = CaseLink.INVERSE[link.relation]
        out.append(LinkedCase(link.case, inverse, CaseLink.INVERSE_LABELS[inverse]))
    return out
