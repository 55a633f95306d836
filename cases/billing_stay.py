"""The events of one hospital stay and the checks that they can be true together (input to
`cases.billing`, R-USK-1..4). Moments are read as days in Norwegian time."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from .errors import ValidationFailed, field_error

OSLO = ZoneInfo("Europe/Oslo")
CANNOT_RECEIVE = "cannot_receive"
CAN_RECEIVE = "can_receive"
ANSWERS = {CANNOT_RECEIVE: "ikke kan ta imot pasienten", CAN_RECEIVE: "kan ta imot pasienten"}

_MONTHS = (
    *("januar", "februar", "mars", "april", "mai", "juni"),
    *("juli", "august", "september", "oktober", "november", "desember"),
)
_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


@dataclass(frozen=True)
class Stay:
    """One hospital stay's events (the API's field names are these)."""

    declared_ready_at: datetime
    notified_at: datetime | None = None
    municipality_answer: str | None = None  # "cannot_receive" | "can_receive" | None
    answered_at: datetime | None = None
    taken_over_on: date | None = None  # the municipality takes over; not charged
    readmitted_at: datetime | None = None  # readmission after discharge (R-USK-4)
    readmission_same_problem: bool = True
    ill_again_on: date | None = None  # ill again while waiting, formally readmitted
    discharge_summary_sent: bool = True
    discharged_at: datetime | None = None  # when the patient left (R-USK-4 window)


@dataclass(frozen=True)
class YearPart:
    year: int
    days: int
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class AppliedRule:
    rule_id: str
    text: str


@dataclass(frozen=True)
class Charge:
    days: int
    first_day: date | None
    last_day: date | None
    amount: Decimal
    by_year: list[YearPart] = field(default_factory=list)
    rules: list[AppliedRule] = field(default_factory=list)


def nb_date(day: date, *, weekday: bool = False) -> str:
    """«5. mars 2025» (with «onsdag» in front when asked)."""
    text = f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def local_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def validate_stay(stay: Stay) -> None:
    """The events must be possible together; field errors in Norwegian, nothing computed."""
    errors = []
    moments = ("declared_ready_at", "notified_at", "answered_at", "readmitted_at", "discharged_at")
    for name in moments:
        value = getattr(stay, name)
        if value is not None and value.tzinfo is None:
            errors.append(field_error(name, "Oppgi tidspunktet med tidssone.", "naive_datetime"))
    if errors:
        raise ValidationFailed("Oppholdet har feil.", errors=errors)
    ready_day = local_day(stay.declared_ready_at)

    def before(name: str, later, earlier, message: str) -> None:
        if later is not None and earlier is not None and later < earlier:
            errors.append(field_error(name, message, "out_of_order"))

    before(
        "notified_at",
        stay.notified_at,
        stay.declared_ready_at,
        "Kommunen kan ikke være varslet før pasienten ble meldt utskrivningsklar.",
    )
    before(
        "taken_over_on",
        stay.taken_over_on,
        ready_day,
        "Kommunen kan ikke overta pasienten før pasienten ble meldt utskrivningsklar.",
    )
    before(
        "ill_again_on",
        stay.ill_again_on,
        ready_day,
        "Pasienten kan ikke bli syk igjen før pasienten ble meldt utskrivningsklar.",
    )
    if stay.municipality_answer is not None and stay.municipality_answer not in ANSWERS:
        errors.append(
            field_error(
                "municipality_answer",
                "Svaret må være «cannot_receive» eller «can_receive».",
                "invalid_choice",
            )
        )
    if stay.municipality_answer is not None and stay.notified_at is None:
        errors.append(
            field_error("municipality_answer", "Kommunen kan ikke svare uten varsel.", "invalid")
        )
    if stay.answered_at is not None and stay.municipality_answer is None:
        errors.append(field_error("answered_at", "Oppgi også hva kommunen svarte.", "invalid"))
    if stay.municipality_answer == CAN_RECEIVE and stay.answered_at is None:
        errors.append(
            field_error("answered_at", "Oppgi når kommunen meldte at den kan ta imot.", "required")
        )
    before(
        "answered_at",
        stay.answered_at,
        stay.notified_at,
        "Kommunen kan ikke ha svart før den ble varslet.",
    )
    for name in ("readmitted_at", "discharged_at"):
        if getattr(stay, name) is not None and stay.taken_over_on is None:
            errors.append(
                field_error(name, "Oppgi også dagen kommunen overtok pasienten.", "invalid")
            )
    discharged = stay.discharged_at
    if discharged is not None and stay.taken_over_on not in (None, local_day(discharged)):
        errors.append(
            field_error(
                "discharged_at", "Utskrivningen må være samme dag som overtakelsen.", "invalid"
            )
        )
    if stay.readmitted_at is not None and stay.taken_over_on is not None:
        left = stay.discharged_at or start_of(stay.taken_over_on)
        if stay.readmitted_at < left:
            errors.append(
                field_error(
                    "readmitted_at", "Reinnleggelsen må være etter utskrivningen.", "invalid"
                )
            )
    if errors:
        raise ValidationFailed("Oppholdet har feil.", errors=errors)


def start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=OSLO)
