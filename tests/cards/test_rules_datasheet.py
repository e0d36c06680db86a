"""A datasheet's content: its JSON round trip, the problems named, its gaps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cards.rules.datasheet import (
    Datasheet,
    DatasheetContentError,
    datasheet_from_dict,
    datasheet_gaps,
    datasheet_to_dict,
)
from tests.cards.factories import FILLED_DATASHEET


@given(
    st.builds(
        Datasheet,
        motivation=st.text(max_size=20),
        personal_data=st.booleans(),
        special_categories=st.lists(st.text(max_size=10), max_size=3).map(tuple),
        licence=st.text(max_size=10),
    )
)
def test_property_a_datasheet_reads_back_as_written(sheet):
    assert datasheet_from_dict(datasheet_to_dict(sheet)) == sheet


def test_every_problem_is_named():
    with pytest.raises(DatasheetContentError) as raised:
        datasheet_from_dict({"size": 12, "personal_data": "yes", "colour": "red"})
    assert raised.value.problems == {
        "size": "Must be text.",
        "personal_data": "Must be true or false.",
        "colour": "Not a field of a datasheet.",
    }


def test_an_empty_datasheet_names_the_eight_sections_of_domain_7():
    assert [gap.key for gap in datasheet_gaps(Datasheet())] == [
        "motivation",
        "composition",
        "collection",
        "preprocessing",
        "labelling",
        "distribution",
        "maintenance",
        "recommended_uses",
    ]
    assert datasheet_gaps(FILLED_DATASHEET) == ()


def test_special_categories_mean_personal_data():
    sheet = Datasheet(**{**datasheet_to_dict(FILLED_DATASHEET), "special_categories": ("health",)})
    assert [gap.key for gap in datasheet_gaps(sheet)] == ["personal_data"]
