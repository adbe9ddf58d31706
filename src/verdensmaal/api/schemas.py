"""The shapes the open API reads and writes: ninja schemas, shape and input limits only.

Texts kept in two languages are objects ``{"da": ..., "en": ...}``. Decimal numbers (baseline and
target values, budgets) are JSON strings, exactly as stored; they are accepted as numbers or
strings. Times are ISO 8601 in UTC.
"""

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Path, Schema
from pydantic import AfterValidator, StringConstraints, field_serializer

MAX_ID = 2**63 - 1  # the databases' largest key
NO_NUL = r"^[^\x00]*$"  # no database stores a NUL character in text
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"  # indicator, area and target codes


def _storable(text: str) -> str:
    """UTF-8 text: a lone surrogate (possible in JSON) is refused rather than failing on save."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    return text


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length, pattern=NO_NUL),
        AfterValidator(_storable),
    ]


Title = _text(200, min_length=1)
ShortText = _text(200)
LongText = _text(20_000)
Note = _text(20_000, min_length=1)
Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Sharing = Literal["private", "network", "public"]
LocalTargetStatus = Literal["draft", "adopted", "retired"]
ActionStatus = Literal["planned", "in_progress", "completed", "paused", "cancelled"]
Direction = Literal["higher", "lower"]
TargetValue = Annotated[Decimal, Field(max_digits=16, decimal_places=4, allow_inf_nan=False)]
Budget = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]


def finite(value: float | None) -> float | None:
    """JSON has no NaN or infinity: those become null."""
    return value if value is None or math.isfinite(value) else None


class Texts(Schema):
    da: str
    en: str


class Problem(Schema):
    """An error: ``detail`` says what is wrong; ``errors`` names each field (422)."""

    detail: str
    errors: list["FieldError"] = []


class FieldError(Schema):
    field: str = Field(description="The field, dotted for nested ones: sdg_targets.0")
    location: str = Field(description="body, query or path")
    message: str
    type: str


Problem.model_rebuild()

# --- the SDG framework and the catalogue ---------------------------------------------------------


class GlobalIndicatorOut(Schema):
    code: str
    title: Texts


class TargetOut(Schema):
    code: str
    title: Texts
    global_indicators: list[GlobalIndicatorOut]


class GoalOut(Schema):
    number: int
    name: Texts
    title: Texts
    colour: str = Field(description="The UN's colour of the goal, #RRGGBB")
    targets: list[TargetOut]


class IndicatorOut(Schema):
    code: str
    kind: Literal["sdg", "context"] = Field(
        description="sdg: informs SDG targets; context: describes a municipality (population, "
        "density), never scored"
    )
    name: Texts
    description: Texts
    unit_code: str
    unit: Texts
    direction: Literal["higher", "lower", "range", "none"]
    range_min: float | None
    range_max: float | None
    natural_limit: float | None
    green_threshold: float | None
    red_threshold: float | None
    threshold_basis: str
    threshold_note: Texts
    goals: list[int]
    targets: list[str]
    global_indicators: list[str]
    source_kind: str
    publisher: str
    source_table: str
    source_measure: Texts
    source_url: str
    frequency: str
    first_year: int | None
    comparability: Texts
    verified: bool
    updated_at: datetime
    observations: str = Field(description="Link to the indicator's observations")

    @field_serializer("range_min", "range_max", "natural_limit", "green_threshold", "red_threshold")
    def _finite(self, value: float | None) -> float | None:
        return finite(value)


# --- areas ---------------------------------------------------------------------------------------


class AreaOut(Schema):
    code: str
    kind: Literal["country", "region", "municipality"]
    name: Texts
    parent: str | None
    dagi_code: str
    iso_3166_2: str
    nuts2: str
    peer_groups: list[int]


class AreaDetailOut(AreaOut):
    children: list[str]


class PeerGroupOut(Schema):
    id: int
    name: Texts
    description: Texts
    municipalities: list[str]


# --- observations --------------------------------------------------------------------------------


class ObservationOut(Schema):
    indicator: str
    area: str
    period: str = Field(description="2020, 2020Q1 or 2020M03")
    breakdown: str = Field(description='"" for the total, else e.g. age=15-24;sex=F')
    value: float | None
    unit: str
    flags: list[Literal["provisional", "estimated", "suppressed", "break"]]
    updated_at: datetime

    @field_serializer("value")
    def _finite(self, value: float | None) -> float | None:
        return finite(value)


class ObservationPage(Schema):
    items: list[ObservationOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page")
    next: str | None = Field(description="The next page's address, null on the last page")


class ImportOut(Schema):
    id: int
    time: datetime
    source: str
    format: str
    new: int
    changed: int
    unchanged: int
    is_demo: bool
    revisions: str = Field(description="Link to the values this import changed")


class RevisionOut(Schema):
    indicator: str
    area: str
    period: str
    breakdown: str
    old_value: float | None
    old_flags: list[str]
    new_value: float | None
    valid_from: datetime
    replaced_at: datetime

    @field_serializer("old_value", "new_value")
    def _finite(self, value: float | None) -> float | None:
        return finite(value)


class RevisionPage(Schema):
    items: list[RevisionOut]
    next_cursor: str | None
    next: str | None


# --- frameworks ----------------------------------------------------------------------------------


class AssessmentOut(Schema):
    method: Literal["unsd", "opensdg", "sdsn"]
    method_label: str
    status: str
    status_label: str
    rank: int | None = Field(description="4 best … 0 worst; null when not assessed")
    reason: str | None = Field(description="Why not assessed, as a code")
    reason_label: str
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    target: float | None
    target_year: int | None
    progress_value: float | None
    target_achieved: bool

    @field_serializer("base_value", "current_value", "target", "progress_value")
    def _finite(self, value: float | None) -> float | None:
        return finite(value)


class ProgressOut(Schema):
    default_method: Literal["unsd", "opensdg", "sdsn"]
    status: AssessmentOut = Field(description="Under the network's default method")
    methods: list[AssessmentOut] = Field(description="Under each method")


class LocalTargetOut(Schema):
    id: int
    framework: int
    title: Texts
    rationale: Texts
    sdg_targets: list[str]
    indicator: str
    other_indicators: list[str]
    baseline_year: int
    baseline_value: Decimal
    target_value: Decimal
    target_year: int
    direction: Direction
    owner: str
    status: LocalTargetStatus
    sharing: Sharing
    version: int
    updated_at: datetime
    progress: ProgressOut | None = Field(description="Only on a local target's own address")


class MilestoneOut(Schema):
    id: int
    title: Texts
    due_date: date
    completed_on: date | None


class PartnerOut(Schema):
    id: int
    name: str
    registered: bool = Field(description="A registered organisation of the network")
    kind: str
    role: Texts


class ProgressUpdateOut(Schema):
    id: int
    date: date
    percent_complete: int
    note: Texts


class ActionOut(Schema):
    id: int
    framework: int
    title: Texts
    description: Texts
    owner: str
    start_date: date | None
    end_date: date | None
    budget: Decimal | None = Field(description="DKK")
    status: ActionStatus
    sharing: Sharing
    local_targets: list[int] = Field(description="The local targets it serves that you may read")
    version: int
    updated_at: datetime
    milestones: list[MilestoneOut]
    partners: list[PartnerOut]
    progress_updates: list[ProgressUpdateOut]


class PriorityOut(Schema):
    id: int
    goal: int
    target: str | None
    rationale: Texts
    sharing: Sharing


class StrategyOut(Schema):
    id: int
    title: Texts
    url: str
    adopted_on: date | None
    document: str | None = Field(description="The file's address on the site")
    local_targets: list[int]
    actions: list[int]
    sharing: Sharing


class FrameworkOut(Schema):
    id: int
    municipality: str = Field(description="The municipality's area code")
    organisation: str
    title: Texts
    start_year: int
    end_year: int
    summary: Texts
    sharing: Sharing
    published_at: datetime | None
    version: int
    updated_at: datetime
    page: str = Field(description="The framework's page on the site")


class FrameworkDetailOut(FrameworkOut):
    priorities: list[PriorityOut]
    local_targets: list[LocalTargetOut]
    actions: list[ActionOut]
    strategies: list[StrategyOut]


class LocalTargetIn(Schema):
    title_da: Title
    title_en: ShortText = ""
    rationale: LongText = ""
    rationale_en: LongText = ""
    sdg_targets: list[Code] = Field(min_length=1, max_length=50)
    indicator: Code
    other_indicators: list[Code] = Field(default=[], max_length=50)
    baseline_year: Year
    baseline_value: TargetValue | None = Field(
        default=None, description="Leave out to take the municipality's observation"
    )
    target_value: TargetValue
    target_year: Year
    direction: Direction | None = Field(default=None, description="Leave out: the indicator's")
    owner: ShortText = ""
    status: LocalTargetStatus = "draft"
    sharing: Sharing = "network"


class LocalTargetChange(Schema):
    """Only the fields given change; ``version`` is the one the change started from."""

    version: Version
    title_da: Title = None
    title_en: ShortText = None
    rationale: LongText = None
    rationale_en: LongText = None
    sdg_targets: list[Code] = Field(default=None, min_length=1, max_length=50)
    indicator: Code = None
    other_indicators: list[Code] = Field(default=None, max_length=50)
    baseline_year: Year = None
    baseline_value: TargetValue | None = Field(
        default=None, description="null takes the municipality's observation again"
    )
    target_value: TargetValue = None
    target_year: Year = None
    direction: Direction = None
    owner: ShortText = None
    status: LocalTargetStatus = None
    sharing: Sharing = None


class ActionIn(Schema):
    title_da: Title
    title_en: ShortText = ""
    description: LongText = ""
    description_en: LongText = ""
    owner: ShortText = ""
    start_date: date | None = None
    end_date: date | None = None
    budget: Budget | None = None
    status: ActionStatus = "planned"
    local_targets: list[Id] = Field(default=[], max_length=200)
    sharing: Sharing = "network"


class ActionChange(Schema):
    """Only the fields given change; ``version`` is the one the change started from."""

    version: Version
    title_da: Title = None
    title_en: ShortText = None
    description: LongText = None
    description_en: LongText = None
    owner: ShortText = None
    start_date: date | None = None
    end_date: date | None = None
    budget: Budget | None = None
    status: ActionStatus = None
    local_targets: list[Id] = Field(default=None, max_length=200)
    sharing: Sharing = None


class ProgressUpdateIn(Schema):
    date: date
    percent_complete: int = Field(ge=0, le=100)
    note: Note
    note_en: LongText = ""


# --- the programme -------------------------------------------------------------------------------


class SpeakerOut(Schema):
    name: str
    title: str
    organisation: str


class MeetingOut(Schema):
    id: int
    season: int
    starts_at: datetime
    ends_at: datetime
    theme: Texts
    format: Literal["physical", "online", "hybrid"]
    venue: str
    address: str
    city: str
    is_online: bool
    online_url: str | None = Field(description="Only for the network's members")
    capacity: int | None
    seats_taken: int
    agenda: str
    minutes: str | None = Field(description="Only for the network's members")
    speakers: list[SpeakerOut]


class SeasonOut(Schema):
    id: int
    name: str
    title: Texts
    starts_on: date
    ends_on: date


class SeasonDetailOut(SeasonOut):
    meetings: list[MeetingOut]


# --- the change feed -----------------------------------------------------------------------------


class ChangeOut(Schema):
    kind: str = Field(description="e.g. observations.imported, local_target.updated")
    id: str = Field(description="The changed item's id (an indicator's code)")
    time: datetime
    link: str = Field(description="Where to read the item now")
    cursor: str = Field(description="Resume the feed after this item: ?since=<cursor>")


class ChangePage(Schema):
    items: list[ChangeOut]
    next_cursor: str = Field(description="Pass as ?since= to follow on")
    next: str


# --- learning: cases and field observations -----------------------------------------------------


class CasePartnerOut(Schema):
    name: str
    role: str


class CaseFactorOut(Schema):
    effect: Literal["driver", "barrier"]
    text: str


class CaseMaterialOut(Schema):
    title: str
    link: str = Field(description="A file's address on the site, or the material's own link")


class CaseOut(Schema):
    id: int
    organisation: str
    municipality: str | None = Field(description="The area code, for a municipality's case")
    title: Texts
    summary: Texts = Field(description="What was done")
    started_on: date | None
    ended_on: date | None
    cost: Decimal | None = Field(description="DKK")
    goals: list[int]
    targets: list[str]
    indicators: list[str]
    sharing: Sharing
    updated_at: datetime
    page: str


class CaseDetailOut(CaseOut):
    rationale: Texts = Field(description="Why")
    results: Texts
    lessons: Texts
    contact_name: str
    contact_email: str
    action: int | None = Field(description="The action it tells about, when you may read it")
    meeting: int | None = Field(description="The meeting or field visit it came from")
    partners: list[CasePartnerOut]
    factors: list[CaseFactorOut]
    materials: list[CaseMaterialOut]


class FieldObservationOut(Schema):
    id: int
    meeting: int
    site: str | None
    organisation: str | None
    text: str
    language: Literal["da", "en"]
    goals: list[int]
    sharing: Sharing
    created_at: datetime


# --- parameters in the path ----------------------------------------------------------------------

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
CodePath = Annotated[str, Path(pattern=CODE_PATTERN)]
