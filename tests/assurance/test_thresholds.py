"""Red-team thresholds: administrators set a new version (percent on the page, rates
stored), the history is kept, bad values are refused by field."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assurance.models import ThresholdSet
from assurance.rules.thresholds import DEFAULT_LIMITS
from assurance.services.thresholds import thresholds_set

pytestmark = pytest.mark.django_db
PAGE = "/assurance/thresholds/"


def form(**changes):
    data = {"note": "Stricter after the Q3 incidents."}
    for tier, row in DEFAULT_LIMITS.items():
        for key, value in row.items():
            data[f"{tier}_{key}"] = f"{value * 100:g}"
    return {**data, **changes}


def test_an_administrator_sets_a_new_version_and_the_history_keeps_both(client, personas):
    client.force_login(personas.admin)
    response = client.post(PAGE, form(high_asr_max="2.5"))
    assert response.status_code == 302
    latest = ThresholdSet.objects.get(version=2)
    assert latest.limits["high"] == {"asr_max": 0.025, "frr_max": 0.10}
    assert latest.created_by == personas.admin
    page = client.get(PAGE).content.decode()
    assert "In force: version 2" in page
    assert "2.5%" in page
    assert page.count('data-testid="threshold-version"') == 2
    assert "Stricter after the Q3 incidents." in page


def test_a_rate_out_of_range_is_refused_naming_the_field(client, personas):
    client.force_login(personas.admin)
    response = client.post(PAGE, form(critical_frr_max="140"))
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert ThresholdSet.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        thresholds_set(actor=personas.admin, limits={"high": {"asr_max": 2}})
    assert "high.asr_max" in refused.value.message_dict
    assert "critical.asr_max" in refused.value.message_dict


@pytest.mark.parametrize("who", ["safety", "board", "ciso", "auditor"])
def test_only_administrators_set_thresholds(client, personas, who):
    client.force_login(getattr(personas, who))
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Set a new version" not in page.content.decode()
    assert client.post(PAGE, form()).status_code == 403
    with pytest.raises(PermissionDenied):
        thresholds_set(actor=getattr(personas, who), limits=DEFAULT_LIMITS)
