from .logs import LogDigest
from .monitoring import BreachEpisode, MetricValue, MonitoringPlan, PlanMetric
from .redteam import CategoryResult, Exercise, ResultImport, ThresholdSet

__all__ = [
    "BreachEpisode",
    "CategoryResult",
    "Exercise",
    "LogDigest",
    "MetricValue",
    "MonitoringPlan",
    "PlanMetric",
    "ResultImport",
    "ThresholdSet",
]
