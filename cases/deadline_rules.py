"""Deadlines as named rules (R-DL-1, R-DL-2, R-DL-3).

A rule says how long a step may take (days), how it counts (calendar days rolled off
weekends and holidays, or business days), and who hears of it when it is missed. The caller
gives the date it counts from: the day a task opened, or the day an invoice or objection was
received. A community may set its own length of any rule (`DeadlineSetting`, in the admin).
"""

from dataclasses import dataclass
from datetime import date

from . import calendar
from .models.parties import CommitteeKind

_RULES: dict[str, "DeadlineRule"] = {}


@dataclass(frozen=True)
class DeadlineRule:
    name: str
    label: str
    days: int
    business_days: bool = False
    escalate_to: str = CommitteeKind.SECRETARIAT

    def __post_init__(self):
        known = _RULES.get(self.name)
        if known is not None and known != self:
            raise ValueError(f"Fristregelen {self.name!r} er allerede definert annerledes.")
        _RULES[self.name] = self

    def terms(self, community=None) -> tuple[int, bool]:
        """(days, business_days) for `community` (a community or its id): its own setting,
        or the rule's default."""
        if community is not None:
            from .models import DeadlineSetting

            community_id = getattr(community, "pk", community)
            settings = DeadlineSetting.objects.filter(community_id=community_id)
            setting = settings.filter(rule=self.name).first()
            if setting is not None:
                return setting.days, setting.business_days
        return self.days, self.business_days

    def due_on(self, start: date, *, community=None) -> date:
        """The last day to act, counted from `start` (the triggering date)."""
        days, business = self.terms(community)
        if business:
            return calendar.add_business_days(start, days)
        return calendar.deadline_after_days(start, days)


def get_rule(name: str) -> DeadlineRule | None:
    return _RULES.get(name)


def label_of(name: str) -> str:
    rule = _RULES.get(name)
    return rule.label if rule else name


def all_rules() -> list[DeadlineRule]:
    return sorted(_RULES.values(), key=lambda r: r.name)
