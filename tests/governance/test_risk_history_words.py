"""The sentences of a risk's history (governance.selectors.risk_history): pure, from an event's
stored changes and the names read for the page."""

from governance.selectors.risk_history import HistoryNames, change_sentences, referenced_keys

NAMES = HistoryNames(
    people={"olga@example.com": "Olga Owner", "7": "Pat Board"},
    teams={"people-ops": "People Ops"},
    controls={"12": "SYS-009: Human oversight"},
    decisions={"3": "Escalate (“Needs the executive committee.”)"},
)


def test_a_change_a_setting_and_a_clearing_read_as_sentences():
    changes = {
        "residual_impact": [4, 3],
        "mitigation_due": [None, "2027-01-15"],
        "mitigation_plan": ["Add a dispatcher check.", ""],
        "status": ["open", "closed"],
    }
    assert change_sentences(changes, NAMES) == [
        "Residual impact changed from 4 to 3",
        "Mitigation due date set to 2027-01-15",
        "Mitigation plan cleared (was “Add a dispatcher check.”)",
        "Status changed from Open to Closed",
    ]


def test_people_and_teams_by_name_also_in_events_that_stored_an_id():
    changes = {"owner_user": [7, "olga@example.com"], "owner_team": ["people-ops", None]}
    assert change_sentences(changes, NAMES) == [
        "Owner (person) changed from Pat Board to Olga Owner",
        "Owner (team) cleared (was People Ops)",
    ]


def test_links_say_what_was_added_and_removed():
    changes = {
        "systems": [["SYS-001", "SYS-009"], ["SYS-009", "SYS-012"]],
        "existing_controls": [[], ["12"]],
    }
    assert change_sentences(changes, NAMES) == [
        "Linked systems: added SYS-012; removed SYS-001",
        "Existing controls: added SYS-009: Human oversight",
    ]


def test_notes_the_decision_and_unknown_keys_read_in_words():
    changes = {"note": "No longer applies.", "decision": 3, "some_new_key": [1, 2]}
    assert change_sentences(changes, NAMES) == [
        "Note: “No longer applies.”",
        "Board decision: Escalate (“Needs the executive committee.”)",
        "Some new key changed from 1 to 2",
    ]
    assert change_sentences(["not", "a", "diff"], NAMES) == []


def test_long_text_is_cut_on_the_history_line():
    [sentence] = change_sentences({"description": [None, "word " * 100]}, NAMES)
    assert sentence.startswith("Description set to “word word")
    assert sentence.endswith("…”") and len(sentence) < 200


def test_a_page_names_what_to_read_once():
    keys = referenced_keys(
        [
            {"owner_user": [7, "olga@example.com"], "decision": 3},
            {"existing_controls": [["12"], ["12", "13"]], "owner_team": [None, "people-ops"]},
            None,
        ]
    )
    assert keys == {
        "people": {"7", "olga@example.com"},
        "teams": {"people-ops"},
        "controls": {"12", "13"},
        "decisions": {"3"},
    }
