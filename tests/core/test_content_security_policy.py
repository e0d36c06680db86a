"""The Content-Security-Policy (django-csp): on every page, nothing inline for it to
refuse, and the browsers' reports of what it refused end up in the log."""

import json
import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# An inline script, an inline style, or an event handler attribute: each is refused by
# "script-src 'self'" / "style-src 'self'", so a template that writes one breaks its page.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "style attribute": re.compile(r"\sstyle=\"", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+=\"", re.I),
}
# The PDF templates are rendered by WeasyPrint, never served to a browser.
NOT_SERVED = ("core/pdf/", "governance/packs/")


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


def served_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not name.startswith(NOT_SERVED):
            yield name, path.read_text()


@pytest.mark.parametrize("name,text", list(served_templates()), ids=lambda v: v[:60])
def test_no_served_template_writes_anything_inline_the_policy_would_refuse(name, text):
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert found == [], f"{name}: {', '.join(found)}"


def test_the_inline_patterns_catch_what_they_are_for():
    # The check above would pass on anything if the patterns matched nothing.
    samples = {
        "inline script": "<script>alert(1)</script>",
        "style attribute": '<span style="width: 3%">',
        "<style> element": "<style>.a{}</style>",
        "event handler attribute": '<a onclick="x()">',
    }
    for what, sample in samples.items():
        assert INLINE[what].search(sample), what
    assert not INLINE["inline script"].search('<script src="/static/js/portal.js" defer>')


@pytest.mark.parametrize("path", ["/board/", "/systems/", "/incidents/", "/waiting/"])
def test_every_page_carries_the_policy(client, personas, path):
    client.force_login(personas.board)
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["report-uri"] == "/csp-report/"
    # The page itself runs no inline script (Swagger UI's start-up is a file of its own).
    assert not INLINE["inline script"].search(response.content.decode())


def test_the_sign_in_page_carries_the_policy_too(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert directives(response)["script-src"] == "'self'"


def test_a_browsers_report_is_logged_with_the_page_and_what_was_blocked(client, db, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://portal.example.com/systems/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level("WARNING", logger="aigov.csp"):
        response = client.post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    assert caplog.messages == [
        "CSP refused inline on https://portal.example.com/systems/ (script-src-elem)"
    ]


def test_a_report_in_the_reporting_api_shape_is_logged_too(client, db, caplog):
    reports = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://portal.example.com/risks/",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
            },
        }
    ]
    with caplog.at_level("WARNING", logger="aigov.csp"):
        response = client.post(
            "/csp-report/", json.dumps(reports), content_type="application/reports+json"
        )
    assert response.status_code == 204
    assert caplog.messages == [
        "CSP refused inline on https://portal.example.com/risks/ (style-src-attr)"
    ]


def test_a_report_that_is_not_json_is_refused_and_nothing_logged(client, db, caplog):
    with caplog.at_level("WARNING", logger="aigov.csp"):
        response = client.post("/csp-report/", "not json", content_type="application/csp-report")
    assert response.status_code == 400
    assert [r for r in caplog.records if r.name == "aigov.csp"] == []


def test_the_report_endpoint_takes_only_posts(client, db):
    assert client.get("/csp-report/").status_code == 405


def test_the_api_docs_allow_inline_styles_and_nothing_else_inline(client, personas):
    # Swagger UI sets inline styles as it draws; its start-up script is still a file.
    client.force_login(personas.board)
    response = client.get("/api/docs/")
    policy = directives(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
    assert not INLINE["inline script"].search(response.content.decode())
