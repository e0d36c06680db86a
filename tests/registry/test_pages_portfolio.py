"""The portfolio dashboard: what are we running, in numbers that link to the list."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

URL = "/systems/portfolio/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def count_row(html: str, label: str) -> tuple[str, str]:
    """(count, share) of a row of the tier or stage table, by its label."""
    match = re.search(
        rf">{re.escape(label)}(?:</span>)?\s*</th>\s*<td class=\"num\">(?:<a [^>]*>)?(\d+)(?:</a>)?"
        rf"</td>\s*<td class=\"num\">(\d+)%</td>",
        html,
    )
    assert match, label
    return match.group(1), match.group(2)


def test_counts_by_tier_and_stage_with_shares(client, personas, portfolio):
    html = page(client, personas.board)
    assert "4 AI systems registered" in html
    assert count_row(html, "Critical") == ("0", "0")
    assert count_row(html, "High") == ("1", "25")
    assert count_row(html, "Unclassified") == ("1", "25")
    assert count_row(html, "Production") == ("2", "50")
    assert count_row(html, "Decommissioned") == ("0", "0")


def test_every_count_links_to_the_list_filtered_the_same_way(listed, client, personas, portfolio):
    html = page(client, personas.board)
    for query, expected in [
        ("?tier=high", ["SYS-001"]),
        ("?tier=unclassified", ["SYS-004"]),
        ("?stage=production", ["SYS-001", "SYS-002"]),
        ("?eu_personal_data=true", ["SYS-001", "SYS-002"]),
        ("?reclassification=true", ["SYS-002"]),
    ]:
        assert f'href="/systems/{query}"' in html, query
        assert listed(client, personas.board, query) == expected


def test_the_lists_that_need_attention(client, personas, portfolio):
    html = page(client, personas.board)
    unclassified = html.split('id="unclassified-title"')[1].split("</section>")[0]
    assert "Unclassified systems (1)" in html and "SYS-004" in unclassified
    assert "SYS-001" not in unclassified
    reclassify = html.split('id="reclassify-title"')[1].split("</section>")[0]
    assert "SYS-002" in reclassify and "scale changed" in reclassify
    attention = html.split('id="attention-title"')[1].split("</section>")[0]
    assert re.search(r'stat-value">2</p>\s*<p class="stat-label"><a [^>]*>EU personal data', html)
    assert re.search(
        r'stat-value">1</p>\s*<p class="stat-label"><a href="/systems/\?legal_effect=true">'
        r"Legal-effect decisions",
        attention,
    )


def test_an_empty_portfolio_invites_the_first_registration(client, personas):
    assert "No AI systems are registered yet." in page(client, personas.owner)
    assert 'href="/systems/new/"' in page(client, personas.owner)
    assert 'href="/systems/new/"' not in page(client, personas.auditor)
