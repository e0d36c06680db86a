"""The pure rules of evidence files: names, sizes, and what the bytes are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.evidence import rules
from tests.factories import ELF_BYTES, MZ_BYTES, PDF_BYTES, PNG_BYTES

MB = 1024 * 1024


def detected(name: str, content: bytes, chunk: int = 7) -> rules.Detected:
    scan = rules.ContentScan(name)
    for start in range(0, len(content), chunk):
        scan.feed(content[start : start + chunk])
    return scan.result()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF_BYTES, "application/pdf"),
        ("diagram.PNG", PNG_BYTES, "image/png"),
        ("notes.txt", "Résumé of the review\n".encode(), "text/plain"),
        ("results.csv", b"group,rate\nA,0.91\n", "text/csv"),
        ("metrics.json", b'{"auc": 0.91}', "application/json"),
        ("plan.md", b"# Plan\n\nOnboarding = week 1\n", "text/markdown"),
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "application/msword"),
    ],
)
def test_accepted_formats_get_the_type_of_their_bytes(name, content, content_type):
    assert detected(name, content) == rules.Detected(content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.pdf", ELF_BYTES, rules.EXECUTABLE),
        ("setup.exe", MZ_BYTES, rules.EXECUTABLE),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n", rules.EXECUTABLE),
        ("page.html", b"<p>Hello</p>", rules.SCRIPT),
        ("notes.txt", b"see <script>alert(1)</script>", rules.SCRIPT),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><circle/></svg>', rules.SCRIPT),
        ("a.md", b"[x](javascript:alert(1))", rules.SCRIPT),
        ("a.md", b'<img src=x onerror="alert(1)">', rules.SCRIPT),
        ("bundle.zip", b"PK\x03\x04" + b"\x00" * 60, rules.ARCHIVE),
    ],
)
def test_refused_formats_say_why(name, content, message):
    assert detected(name, content).problem == message


def test_a_script_marker_split_between_chunks_is_found():
    content = b"x" * 1000 + b"<scr" + b"ipt>alert(1)</script>"
    assert detected("notes.txt", content, chunk=1002).problem == rules.SCRIPT


def test_a_pdf_named_docx_is_refused_with_both_names():
    assert detected("report.docx", PDF_BYTES).problem == (
        "The file is a PDF file but its name has .docx; name it .pdf."
    )


def test_text_needs_a_text_extension_and_json_must_parse():
    assert "must be named .txt" in detected("script.py", b"print(1)").problem
    assert detected("bad.json", b'{"a": ').problem.startswith("The JSON file does not parse")


def test_sizes():
    assert rules.size_problem(0, 25 * MB) == "The file is empty."
    assert rules.size_problem(int(31.2 * MB), 25 * MB) == "The file is 31.2 MB; the limit is 25 MB."
    assert rules.size_problem(25 * MB, 25 * MB) == ""


@pytest.mark.parametrize(
    "name", ["../etc/passwd.pdf", "..\\boot.ini", "a/b.pdf", "a\\b.pdf", "bad\x00.pdf", "x\n.pdf"]
)
def test_names_that_climb_folders_or_hide_characters_are_refused(name):
    assert rules.name_problem(name)


def test_a_plain_name_is_fine():
    assert rules.name_problem("Bias evaluation (final) v2.pdf") == ""


names = st.text(min_size=1, max_size=300)


@given(names)
def test_a_safe_name_never_has_a_separator_and_is_never_empty(name):
    safe = rules.safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe and ".." not in safe
    assert len(safe) <= rules.SAFE_NAME_MAX and not safe.startswith(".")


@given(st.text(min_size=0, max_size=300), st.from_regex(r"[A-Za-z0-9]{1,10}", fullmatch=True))
def test_a_safe_name_keeps_the_extension(stem, ext):
    name = f"x{stem}.{ext}"
    assert rules.safe_name(name).endswith(f".{ext.lower()}")


def test_expiry_before_it_applies_is_a_problem():
    today = date(2026, 5, 1)
    assert rules.expiry_problem(date(2026, 5, 1), date(2026, 4, 30), today=today)
    assert rules.expiry_problem(date(2026, 5, 1), date(2026, 5, 1), today=today) == ""
    assert rules.expiry_problem(date(2026, 5, 1), None, today=today) == ""


def test_dates_more_than_50_years_ahead_are_refused_naming_the_latest():
    """Found: an expiry of 9999-12-31 was a 500 (its due time, the next day, overflows).
    Expected: refused, saying which date is the latest accepted."""
    today = date(2026, 5, 1)
    assert rules.latest_date(today) == date(2076, 5, 1)
    assert rules.expiry_problem(today, date(2076, 5, 1), today=today) == ""
    too_far = rules.expiry_problem(today, date(9999, 12, 31), today=today)
    assert "more than 50 years ahead" in too_far and "2076-05-01" in too_far
    assert rules.expiry_problem(today, date(2076, 5, 2), today=today)
    assert rules.applies_from_problem(date(2076, 5, 1), today=today) == ""
    assert "50 years ahead" in rules.applies_from_problem(date(9999, 12, 31), today=today)


def test_the_latest_date_from_a_29_february_is_a_28_february():
    assert rules.latest_date(date(2028, 2, 29)) == date(2078, 2, 28)


@given(st.dates(max_value=date(9000, 12, 31)), st.dates())
def test_an_accepted_expiry_leaves_room_for_its_due_time(today, expires_on):
    """Whatever is accepted, the day after it (when the expiry falls due) exists."""
    if not rules.expiry_problem(date.min, expires_on, today=today):
        assert expires_on + timedelta(days=1) > expires_on
