"""garak's report.jsonl read into per-category counts: the eval rows only, the probe's
module as the category, a failed output as a successful attack, the worst detector of a
probe counted once; a malformed file refused with its line and the reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assurance.exchange.errors import ImportRefused
from assurance.exchange.garak import garak_read
from assurance.exchange.reading import NO_BENIGN, file_read
from tests.assurance.files import garak_eval, garak_report


def counts(reading):
    return {
        r.category: (r.attempts, r.successes, r.benign_prompts, r.refusals) for r in reading.rows
    }


def test_eval_rows_become_counts_per_probe_module():
    probes = {"dan.Dan_11_0": (1, 5), "dan.AutoDANCached": (3, 5)}
    report = garak_report({**probes, "promptinject.HijackHateHumans": (90, 100)})
    reading = file_read("garak", report)
    assert counts(reading) == {"dan": (10, 6, 0, 0), "promptinject": (100, 10, 0, 0)}
    dan = reading.rows[0]
    assert "dan.Dan_11_0 by mitigation.MitigationBypass, 4 of 5 failed" in dan.notes
    assert reading.notes == [NO_BENIGN]


def test_the_worst_detector_of_a_probe_counts_and_attempts_are_not_doubled():
    report = garak_report(
        {"dan.Dan_11_0": (4, 5)},
        detector="dan.DAN",
        more=[garak_eval("dan.Dan_11_0", "mitigation.MitigationBypass", 1, 5)],
    )
    assert counts(garak_read(report)) == {"dan": (5, 4, 0, 0)}


def test_reports_before_garak_0_14_carry_total():
    report = garak_report({"encoding.InjectBase64": (18, 20)}, legacy=True)
    assert counts(garak_read(report)) == {"encoding": (20, 2, 0, 0)}


def test_a_probe_whose_outputs_could_not_be_scored_is_left_out_and_said_so():
    report = garak_report({"dan.Dan_11_0": (2, 5), "lmrc.Profanity": (0, 0)})
    reading = garak_read(report)
    assert counts(reading) == {"dan": (5, 3, 0, 0)}
    assert "lmrc.Profanity: no output could be scored (left out)." in reading.notes


def _broken(report: bytes, line: int, text: str) -> bytes:
    lines = report.decode().split("\n")
    lines[line - 1] = text
    return "\n".join(lines).encode()


@pytest.mark.parametrize(
    ("line", "text", "message"),
    [
        (3, '{"entry_type": "attempt" "seq": 0}', "line 3: not JSON: Expecting ',' delimiter"),
        (4, '{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1}',
         "line 4: eval row without 'total'"),
        (4, '{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 9,'
            ' "total_evaluated": 5}', "line 4: 'passed' (9) is more than 'total_evaluated' (5)"),
        (4, '{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 1,'
            ' "fails": 1, "total_evaluated": 5}',
         "line 4: 'fails' (1) is not 'total_evaluated' (5)"),
        (4, '{"entry_type": "eval", "detector": "dan.DAN", "passed": 1, "total": 5}',
         "line 4: eval row without 'probe'"),
        (2, '["init"]', "line 2: not a JSON object"),
        (2, '{"garak_version": "0.9"}', "line 2: a row without 'entry_type'"),
    ],
)  # fmt: skip
def test_a_malformed_report_is_refused_with_the_line_and_the_reason(line, text, message):
    report = garak_report({"dan.Dan_11_0": (1, 5)})
    with pytest.raises(ImportRefused) as refused:
        file_read("garak", _broken(report, line, text))
    assert str(refused.value).startswith(message)
    assert refused.value.line == line


def test_a_report_without_eval_rows_or_not_utf8_is_refused():
    unfinished = b"".join(
        line + b"\n"
        for line in garak_report({"dan.Dan_11_0": (1, 5)}).split(b"\n")
        if line and b'"eval"' not in line
    )
    with pytest.raises(ImportRefused, match="no eval rows: the run did not finish"):
        garak_read(unfinished)
    with pytest.raises(ImportRefused, match="line 2: not UTF-8 text"):
        garak_read(b'{"entry_type": "init"}\n\xff\xfe\n')


probe_counts = st.dictionaries(
    st.sampled_from(["dan.A", "dan.B", "encoding.C", "promptinject.D", "xss.E"]),
    st.integers(0, 200).flatmap(lambda total: st.tuples(st.integers(0, total), st.just(total))),
    min_size=1,
)


@given(probe_counts)
def test_each_category_sums_its_probes_worst_detector(probes):
    # A second, milder detector on every probe changes nothing.
    more = [garak_eval(p, "always.Pass", total, total) for p, (_, total) in probes.items()]
    try:
        reading = garak_read(garak_report(probes, more=more))
    except ImportRefused:
        assert all(total == 0 for _, total in probes.values())
        return
    expected: dict[str, list[int]] = {}
    for probe, (passed, total) in probes.items():
        row = expected.setdefault(probe.split(".")[0], [0, 0])
        row[0] += total
        row[1] += total - passed
    got = {r.category: [r.attempts, r.successes] for r in reading.rows}
    assert got == {k: v for k, v in expected.items() if v[0]}
    assert all(0 <= r.successes <= r.attempts for r in reading.rows)
    assert [r.category for r in reading.rows] == sorted(got)
