"""Red-team results as readers see them (DOMAIN.md 9): per attack category the attack
success rate and the false refusal rate, each with its sample size, 95% Wilson interval
and the findings against the threshold version the exercise was judged by; and per
system the trend of both rates over its exercises, drawn as a server-side SVG.

Both rates always go together: a system that refuses 30% of legitimate requests to
reach 0% ASR is not a success, and the trend says so (FRR_TRADE_OFF_WARNING).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone

from assurance.choices import ExerciseStatus
from assurance.models import CategoryResult, Exercise, ThresholdSet
from assurance.rules import rates
from assurance.rules.thresholds import DEFAULT_LIMITS, FRR_TRADE_OFF_WARNING, TIERS, findings

TIER_ORDER = {tier: position for position, tier in enumerate(TIERS)}  # critical first


RATE_NAMES = {"asr": "attack success rate", "frr": "false refusal rate"}


def rate_view(rate: rates.Rate) -> dict:
    """A rate as the pages and the report print it: '7.5%', '3 of 40', '2.6% to 19.9%'."""
    interval = f"{rates.percent(rate.low)} to {rates.percent(rate.high)}" if rate.measured else "—"
    return {
        "text": rates.percent(rate.value),
        "of": f"{rate.hits} of {rate.n}",
        "interval": interval,
        "measured": rate.measured,
    }


def finding_text(finding) -> str:
    """'attack success rate 7.5% above the limit of 5.0%'."""
    return (
        f"{RATE_NAMES[finding.rate]} {rates.percent(finding.value)} above the limit of "
        f"{rates.percent(finding.limit)}"
    )


@dataclass(frozen=True)
class CategoryRates:
    """One category's result read: both rates with intervals, and what is above limits."""

    result: CategoryResult
    asr: rates.Rate
    frr: rates.Rate
    findings: tuple  # of assurance.rules.thresholds.Finding

    @property
    def category(self) -> str:
        return self.result.category

    @property
    def asr_view(self) -> dict:
        return rate_view(self.asr)

    @property
    def frr_view(self) -> dict:
        return rate_view(self.frr)

    @property
    def finding_texts(self) -> list[str]:
        return [finding_text(f) for f in self.findings]


def limits_of(exercise: Exercise, latest: ThresholdSet | None = None) -> dict:
    """The limits an exercise is judged by: its own threshold version, else the newest
    (`latest`, when the caller has it), else the shipped defaults."""
    chosen = exercise.thresholds or latest
    return chosen.limits if chosen is not None else DEFAULT_LIMITS


def strictest_tier(systems) -> str:
    """The strictest tier among the systems an exercise tested ("high" when none is
    classified: rules.thresholds judges an unclassified system by the high tier)."""
    tiers = [s.risk_tier for s in systems if s.risk_tier in TIER_ORDER]
    return min(tiers, key=TIER_ORDER.__getitem__) if tiers else "high"


def category_rates(result: CategoryResult, *, tier: str, limits: dict) -> CategoryRates:
    asr = rates.asr(result.successes, result.attempts)
    frr = rates.frr(result.refusals, result.benign_prompts)
    found = findings(tier=tier, asr=asr, frr=frr, limits=limits)
    return CategoryRates(result=result, asr=asr, frr=frr, findings=tuple(found))


def exercise_rates(exercise: Exercise, results, *, tier: str, limits: dict) -> list:
    """Every category of `exercise` read (results already fetched, by category)."""
    return [category_rates(r, tier=tier, limits=limits) for r in results]


def overall(results) -> tuple[rates.Rate, rates.Rate]:
    """An exercise's ASR and FRR over all its categories (pooled counts)."""
    results = list(results)
    attempts = sum(r.attempts for r in results)
    benign = sum(r.benign_prompts for r in results)
    return (
        rates.asr(sum(r.successes for r in results), attempts),
        rates.frr(sum(r.refusals for r in results), benign),
    )


# --- the trend of one system ------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    exercise: Exercise
    asr: rates.Rate
    frr: rates.Rate
    categories: list  # of CategoryRates
    refuses_too_much: bool  # FRR at or above FRR_TRADE_OFF_WARNING

    @property
    def asr_view(self) -> dict:
        return rate_view(self.asr)

    @property
    def frr_view(self) -> dict:
        return rate_view(self.frr)

    @property
    def finding_count(self) -> int:
        return sum(len(c.findings) for c in self.categories)


@dataclass(frozen=True)
class SystemTrend:
    system: object
    points: list[TrendPoint]  # oldest first
    limits: dict = field(default_factory=dict)  # the system tier's row of the newest limits
    warning_at: float = FRR_TRADE_OFF_WARNING

    @property
    def latest(self) -> TrendPoint | None:
        return self.points[-1] if self.points else None

    @property
    def latest_completed(self) -> TrendPoint | None:
        done = [p for p in self.points if p.exercise.status == ExerciseStatus.COMPLETED]
        return done[-1] if done else None


def exercises_with_results(system_pks: list[int], *, completed_only: bool = False):
    """The exercises of these systems that have results, oldest first, with their results
    (by category) and systems: three queries whatever their number."""
    rows = (
        Exercise.objects.filter(systems__in=system_pks, results__isnull=False)
        .select_related("thresholds")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=CategoryResult.objects.select_related("risk").order_by("category"),
            ),
            "systems",
        )
        .distinct()
        .order_by("started_on", "id")
    )
    if completed_only:
        rows = rows.filter(status=ExerciseStatus.COMPLETED)
    return rows


def _tier_of(system) -> str:
    return system.risk_tier if system.risk_tier in TIER_ORDER else "high"


def _point(exercise, tier: str, latest) -> TrendPoint:
    results = list(exercise.results.all())
    categories = exercise_rates(exercise, results, tier=tier, limits=limits_of(exercise, latest))
    asr, frr = overall(results)
    warn = frr.value is not None and frr.value >= FRR_TRADE_OFF_WARNING
    return TrendPoint(exercise, asr, frr, categories, warn)


def _limits_row(latest, tier: str) -> dict:
    return (latest.limits if latest else DEFAULT_LIMITS).get(tier) or DEFAULT_LIMITS["high"]


def system_trend(system) -> SystemTrend:
    """ASR and FRR of `system` over its exercises with results, oldest first (four
    queries: the newest thresholds, the exercises, their results, their systems)."""
    latest = ThresholdSet.objects.order_by("-version").first()
    tier = _tier_of(system)
    points = [_point(exercise, tier, latest) for exercise in exercises_with_results([system.pk])]
    return SystemTrend(system=system, points=points, limits=_limits_row(latest, tier))


def red_team_pack_section(system_pks: list[int], span):
    """The audit pack's red-team section (core.pack_sections): per system its completed
    exercises with results up to the export day, both rates of each and the latest's
    categories; the portfolio's latest rates per system; the exercises in the manifest
    with their results' SHA-256. Four queries for any number of systems."""
    from assurance.selectors.artifacts import results_sha256
    from core.pack_sections import SectionData

    latest = ThresholdSet.objects.order_by("-version").first()
    as_of = timezone.localtime(span.as_of, ZoneInfo(span.time_zone)).date()
    asked = set(system_pks)
    trends: dict[int, SystemTrend] = {}
    data = SectionData()
    for exercise in exercises_with_results(system_pks, completed_only=True):
        if exercise.started_on > as_of:
            continue
        for system in (s for s in exercise.systems.all() if s.pk in asked):
            trend = trends.setdefault(
                system.pk, SystemTrend(system, [], _limits_row(latest, _tier_of(system)))
            )
            trend.points.append(_point(exercise, _tier_of(system), latest))
        data.records.append(
            {
                "type": "assurance.exercise",
                "id": str(exercise.pk),
                "version": results_sha256(exercise, exercise.results.all()),
            }
        )
    data.by_system = {pk: {"trend": trend, "as_of": as_of} for pk, trend in trends.items()}
    rows = sorted(trends.values(), key=lambda t: t.system.system_id)
    data.portfolio = {"trends": rows, "as_of": as_of}
    return data


# --- the SVG: geometry here, drawing in templates/assurance/_trend_svg.html ----------------

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 16, 56


def _y(value: float) -> float:
    return round(TOP + (1 - value) * (HEIGHT - TOP - BOTTOM), 1)


def _series(points: list[TrendPoint], name: str, xs: list[float], shift: float) -> list[dict]:
    marks = []
    for point, x in zip(points, xs, strict=True):
        rate = getattr(point, name)
        if rate.value is None:
            continue
        marks.append(
            {
                "x": round(x + shift, 1),
                "y": _y(rate.value),
                "box_x": round(x + shift - 4, 1),
                "box_y": round(_y(rate.value) - 4, 1),
                "low": _y(rate.low),
                "high": _y(rate.high),
                "text": rates.percent(rate.value),
                "title": f"{point.exercise.exercise_id} {name.upper()} "
                f"{rates.percent(rate.value)} ({rate.hits} of {rate.n}; 95% interval "
                f"{rates.percent(rate.low)} to {rates.percent(rate.high)})",
            }
        )
    return marks


def trend_chart(trend: SystemTrend) -> dict:
    """Coordinates of both lines, their interval bars, the axis and the thresholds."""
    points = trend.points
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(points), 1)
    xs = [LEFT + step * (i + 0.5) for i in range(len(points))]
    asr = _series(points, "asr", xs, -6)
    frr = _series(points, "frr", xs, 6)
    ticks = [{"y": _y(v / 100), "text": f"{v}%"} for v in (0, 25, 50, 75, 100)]
    labels = [
        {"x": round(x, 1), "text": p.exercise.exercise_id} for p, x in zip(points, xs, strict=True)
    ]
    # The two limits' labels at either end of their lines: close limits stay legible.
    limits = [
        {
            "y": _y(trend.limits[key]),
            "x": x,
            "anchor": anchor,
            "text": f"{label} limit {rates.percent(trend.limits[key])}",
        }
        for key, label, x, anchor in (
            ("asr_max", "ASR", LEFT + 4, "start"),
            ("frr_max", "FRR", WIDTH - RIGHT, "end"),
        )
        if key in trend.limits
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": _y(0),
        "axis_label_y": HEIGHT - BOTTOM + 20,
        "legend_y": HEIGHT - 10,
        "asr": asr,
        "frr": frr,
        "asr_path": " ".join(f"{m['x']},{m['y']}" for m in asr),
        "frr_path": " ".join(f"{m['x']},{m['y']}" for m in frr),
        "ticks": ticks,
        "labels": labels,
        "limits": limits,
    }
