"""Rendering a pack makes no network request and reads no file: markup in a risk's
description is shown as text, never fetched or embedded."""

import pytest

from governance.services.packs.build import pack_build
from tests.factories import RiskFactory
from tests.pdf_reading import pdf_image_count, pdf_text

pytestmark = pytest.mark.django_db


def test_markup_in_a_risk_description_is_escaped_and_fetches_nothing(
    system_pack, full_system, listener, tmp_path
):
    url = f"http://127.0.0.1:{listener.port}/x"
    RiskFactory(
        systems=[full_system],
        title="Hostile description",
        description=f'<img src="{url}"> <a href="file:///etc/passwd">passwords</a> Tail text',
    )
    built = pack_build(pack=system_pack, on_progress=lambda *_: None)
    text = pdf_text(built.data, tmp_path)
    assert listener.connections == 0
    assert pdf_image_count(built.data) == 0  # nothing embedded
    assert f'<img src="{url}">' in text  # the markup, shown as the user typed it
    assert '<a href="file:///etc/passwd">passwords</a> Tail text' in text
    assert "root:x:0:0" not in text
