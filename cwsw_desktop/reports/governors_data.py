"""What the Report to Governors prints: plain frozen data, one dataclass per section.

The service (`services/governors.py`) fills these in, with every count already suppressed and
every free text already cleared of pupils' names; the renderer (`reports/governors.py`) only lays
them out. No model, no session and no pupil identifier reaches this far.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class TableData:
    """A printed table: its headings, its rows of text, and which rows are totals."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_rows: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: withheld (fewer than 3 children), drawn as a note, not a bar
    highlight: bool = False  # the whole-school comparison


@dataclass(frozen=True)
class BarSeries:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartData:
    title: str
    categories: tuple[str, ...]
    series: tuple[BarSeries, ...]
    unit: str = ""  # "%" for percentages
    reference: float | None = None  # a dashed line across the chart (the whole-school figure)
    reference_label: str = ""


@dataclass(frozen=True)
class Cover:
    school: str
    period_label: str
    dt_name: str
    governor_name: str
    dsl_name: str
    produced_on: date
    policy_approved: date | None
    policy_review: date | None
    review_passed: bool
    termly: bool


@dataclass(frozen=True)
class CohortSection:
    census_day: date
    census_note: str
    on_census: TableData
    any_time: TableData
    joiners_leavers: TableData
    authorities: TableData
    sen: TableData


@dataclass(frozen=True)
class PepSection:
    applicable: bool
    table: TableData
    summary: str


@dataclass(frozen=True)
class AttendanceSection:
    table: TableData
    chart: ChartData
    note: str


@dataclass(frozen=True)
class ExclusionsSection:
    table: TableData
    per_term: TableData
    chart: ChartData
    facts: tuple[tuple[str, str], ...]
    alternatives: TableData


@dataclass(frozen=True)
class PpPlusSection:
    facts: tuple[tuple[str, str], ...]
    spend: TableData
    impact: tuple[str, ...]


@dataclass(frozen=True)
class TrainingSection:
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class WellbeingSection:
    table: TableData
    summary: str


@dataclass(frozen=True)
class NarrativeSection:
    strengths: tuple[str, ...]
    priorities: tuple[str, ...]
    actions_leaders: str
    actions_governors: str


@dataclass(frozen=True)
class GovernorsReport:
    cover: Cover
    cohort: CohortSection
    peps: PepSection
    attendance: AttendanceSection
    exclusions: ExclusionsSection
    pp_plus: PpPlusSection
    training: TrainingSection
    wellbeing: WellbeingSection
    narrative: NarrativeSection
    nil_return: bool
    suppressed: bool
    file_stem: str
    keywords: tuple[str, ...] = field(default_factory=tuple)
