"""Compliance's lists, declared once for their pages and CSV/XLSX exports (core.lists).

The board's matrix: one row per system, one column per current framework. Its columns
follow the library (a framework imported adds one), so its ListSpec is built for the
current frameworks (`matrix_spec`, cached by their ids, keys and names). Each cell is
met over applicable from the stored statuses (compliance.models.StatusSnapshot), all
frameworks of a row in one aggregate subquery of the rows' own query, so a page or an
export reads the matrix in that one query whatever the number of systems.

Query parameters of the matrix (blank means any):
  tier     critical | high | medium | low | unclassified
  ai_act   an EU AI Act category (high_risk, limited, ...)
  team     an owner team's slug
  q        words in the system ID or name
  ordering system_id, name, tier, team, or a framework's key (its percentage)

The framework library: q (words in the name, key or publisher), current (true/false).
"""

from __future__ import annotations

import functools
from html import escape
from urllib.parse import quote

import django_filters
from django.db.models import Count, JSONField
from django.db.models.expressions import RawSQL
from django.urls import reverse

from compliance import choices as c
from compliance.models import Framework, StatusSnapshot
from compliance.rules.status import MET, NOT_APPLICABLE, percentage
from core.choices import Role
from core.lists import Column, ListFilterSet, ListSpec, StrictBooleanFilter, WordSearchFilter
from core.widgets import PlainSelect
from registry.choices import AIActCategory
from registry.lists.system_filters import team_filter, tier_filter
from registry.lists.systems import AI_ACT_LABELS, TIER_SEVERITY, tier_badge
from registry.models import AISystem

SNAPSHOTS = StatusSnapshot._meta.db_table
FRAMEWORKS = Framework._meta.db_table
SYSTEMS = AISystem._meta.db_table
SOURCE_LABELS = dict(c.FrameworkSource.choices)
ROLE_LABELS = dict(Role.choices)
NOT_APPLIES = "n/a"


def _coverage_sql() -> RawSQL:
    """{framework id: [met, applicable]} of the row's system over the current
    frameworks: one aggregate, NULL when nothing is stored for it."""
    sql = (
        "SELECT jsonb_object_agg(t.framework_id::text, jsonb_build_array(t.met, t.applicable)) "
        "FROM (SELECT s.framework_id, COUNT(*) FILTER (WHERE s.status = %s) AS met, "
        "COUNT(*) FILTER (WHERE s.status <> %s) AS applicable "
        f"FROM {SNAPSHOTS} s JOIN {FRAMEWORKS} f ON f.id = s.framework_id "
        f'WHERE s.system_id = "{SYSTEMS}"."id" AND f.is_current GROUP BY s.framework_id) t'
    )
    return RawSQL(sql, [MET, NOT_APPLICABLE], output_field=JSONField())


def _percentage_sql(framework_pk: int) -> RawSQL:
    """The row's percentage of one framework, for sorting by its column (NULL: n/a)."""
    sql = (
        "SELECT COUNT(*) FILTER (WHERE s.status = %s) * 100.0 "
        "/ NULLIF(COUNT(*) FILTER (WHERE s.status <> %s), 0) "
        f'FROM {SNAPSHOTS} s WHERE s.system_id = "{SYSTEMS}"."id" AND s.framework_id = %s'
    )
    return RawSQL(sql, [MET, NOT_APPLICABLE, framework_pk])


COVERAGE = _coverage_sql()


def cell_counts(row: dict, framework_pk: int) -> tuple[int, int]:
    """(met, applicable) of a matrix row for one framework; (0, 0) when it does not apply."""
    met, applicable = (row["coverage"] or {}).get(str(framework_pk), (0, 0))
    return met, applicable


@functools.cache
def _system_compliance_parts() -> tuple[str, str]:
    return reverse("compliance:matrix") + "systems/", "/"


def system_compliance_url(system_id: str, framework_key: str = "") -> str:
    """/compliance/systems/<system_id>/#<framework key>: a cell opens the system's
    compliance page at that framework."""
    start, end = _system_compliance_parts()
    # The system page marks each framework as "framework-<key>" (compliance.selectors.systems).
    anchor = f"#framework-{quote(framework_key)}" if framework_key else ""
    return f"{start}{quote(system_id)}{end}{anchor}"


def _framework_column(framework_pk: int, key: str, name: str) -> Column:
    def value(row, _context):
        return percentage(*cell_counts(row, framework_pk))

    def text(row, _context):
        found = value(row, _context)
        return NOT_APPLIES if found is None else str(found)

    def cell(row, _context):
        met, applicable = cell_counts(row, framework_pk)
        found = percentage(met, applicable)
        href = system_compliance_url(row["system_id"], key)
        if found is None:
            return (
                f'<a class="matrix-cell matrix-na" href="{href}" title="{escape(name)} does not '
                f'apply to this system">{NOT_APPLIES}</a>'
            )
        level = "met" if found == 100 else ("partial" if found else "gap")
        title = f"{escape(name)}: {met} of {applicable} applicable requirements met"
        return f'<a class="matrix-cell matrix-{level}" href="{href}" title="{title}">{found}%</a>'

    return Column(
        key,
        name,
        fields=("system_id", "coverage"),
        value=value,
        text=text,
        cell=cell,
        sort=_percentage_sql(framework_pk),
        css="num",
    )


class MatrixFilter(ListFilterSet):
    tier = tier_filter()
    ai_act = django_filters.ChoiceFilter(
        label="EU AI Act category",
        field_name="ai_act_category",
        choices=AIActCategory.choices,
        widget=PlainSelect,
    )
    team = team_filter()
    q = WordSearchFilter("system_id", "name")

    class Meta:
        model = AISystem
        fields: list[str] = []


def _system_cell(row, _context) -> str:
    return f'<a href="{system_compliance_url(row["system_id"])}">{escape(row["system_id"])}</a>'


SYSTEM_COLUMNS = (
    Column("system_id", "System", cell=_system_cell, sort="system_id", row_header=True),
    Column("name", "Name", sort="name"),
    Column(
        "tier",
        "Tier",
        fields=("risk_tier",),
        value=lambda row, _: row["risk_tier"] or None,
        cell=lambda row, _: tier_badge(row["risk_tier"]),
        sort=TIER_SEVERITY,
    ),
    Column(
        "ai_act",
        "EU AI Act",
        fields=("ai_act_category",),
        value=lambda row, _: row["ai_act_category"] or None,
        text=lambda row, _: AI_ACT_LABELS.get(row["ai_act_category"], ""),
    ),
    Column(
        "team",
        "Team",
        fields=("owner_team__name",),
        value=lambda row, _: row["owner_team__name"],
        sort="owner_team__name",
        page=False,
    ),
)


@functools.lru_cache(maxsize=8)
def matrix_spec(frameworks: tuple[tuple[int, str, str], ...]) -> ListSpec:
    """The matrix for these current frameworks ((id, key, name), by name)."""
    taken = {column.key for column in SYSTEM_COLUMNS}
    columns = [
        _framework_column(pk, key if key not in taken else f"framework-{key}", name)
        for pk, key, name in frameworks
    ]
    return ListSpec(
        name="compliance.matrix",
        filterset=MatrixFilter,
        columns=(*SYSTEM_COLUMNS, *columns),
        default_ordering="system_id",
        tie_breaker="id",
        filename="compliance-matrix",
        caption="Compliance by system and framework",
        annotations={"coverage": COVERAGE},
    )


# --- the framework library ------------------------------------------------------------
class FrameworkFilter(ListFilterSet):
    q = WordSearchFilter("name", "key", "publisher")
    current = StrictBooleanFilter(label="Current version", field_name="is_current")

    class Meta:
        model = Framework
        fields: list[str] = []


@functools.cache
def _framework_url_parts() -> tuple[str, str]:
    return tuple(reverse("compliance:framework_detail", args=[987654321]).split("987654321"))


def framework_url(pk: int) -> str:
    start, end = _framework_url_parts()
    return f"{start}{pk}{end}"


def _framework_link(row, _context) -> str:
    return f'<a href="{framework_url(row["id"])}">{escape(row["name"])}</a>'


def _version_state(row, _context) -> str:
    return "Current" if row["is_current"] else "Earlier version"


FRAMEWORK_LIST = ListSpec(
    name="compliance.framework",
    filterset=FrameworkFilter,
    columns=(
        Column("id", "ID", sort="id", page=False),
        Column("key", "Key", sort="key", page=False),
        Column(
            "name",
            "Framework",
            fields=("id", "name"),
            cell=_framework_link,
            value=lambda row, _: row["name"],
            sort="name",
            row_header=True,
        ),
        Column("version", "Version", sort="version"),
        Column(
            "source",
            "Source",
            text=lambda row, _: SOURCE_LABELS.get(row["source"], row["source"]),
            sort="source",
        ),
        Column("publisher", "Publisher", page=False),
        Column("requirement_count", "Requirements", sort="requirement_count", css="num"),
        Column(
            "reviewer_role",
            "Reviewer",
            text=lambda row, _: ROLE_LABELS.get(row["reviewer_role"], row["reviewer_role"]),
            sort="reviewer_role",
        ),
        Column("is_current", "Version in use", text=_version_state, sort="is_current"),
    ),
    default_ordering="name",
    tie_breaker="-id",
    filename="compliance-frameworks",
    caption="Frameworks in the library",
    annotations={"requirement_count": Count("requirements")},
)
