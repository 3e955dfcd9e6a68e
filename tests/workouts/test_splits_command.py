"""`manage.py splits`: the JSON contract that tools outside the app rely on."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from workouts.splits import SplitError

REFERENCE_SPLIT_LINES = """\
  • 2 x 1K — 2:52, 2:54
  • 500/300/200 — 1:15.1 / 42.4 / 28.9
  • 1K — 2:55
  • 2 x 500/300/200 — 1:15.8 / 44.4 / 29.1 / 1:14.8 / 43.8 / 29.2
  • 1K — 2:55
  • 500/300/200 — 1:16.7 / 43.926.4
"""
REFERENCE_NOTATION = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_SURE = [
    172.0, 174.0, 75.1, 42.4, 28.9, 175.0, 75.8, 44.4, 29.1, 74.8, 43.8, 29.2, 175.0, 76.7,
]  # fmt: skip
BREAKDOWN = [500.0, 300.0, 200.0]
REFERENCE_DISTANCES = [1000.0, 1000.0, *BREAKDOWN, 1000.0, *BREAKDOWN * 2, 1000.0, *BREAKDOWN]


def run_splits(*args: str) -> dict:
    out = StringIO()
    call_command("splits", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_reference_split_lines():
    result = run_splits(REFERENCE_SPLIT_LINES)
    assert set(result) == {"splits_s", "issues", "accepted_s"}
    assert result["splits_s"] == REFERENCE_SURE
    [issue] = result["issues"]
    assert issue["token"] == "43.926.4"
    assert issue["suggestion"] == [43.9, 26.4]
    assert issue["message"] == "couldn't read '43.926.4' — two splits run together? 43.9 and 26.4"
    assert issue["kind"] == "run_together"
    assert REFERENCE_SPLIT_LINES[issue["position"] :].startswith("43.926.4")
    assert result["accepted_s"] == [*REFERENCE_SURE, 43.9, 26.4]


def test_an_issue_without_suggestion_says_null():
    result = run_splits("61, 2:75")
    assert result["splits_s"] == [61.0]
    assert result["issues"][0]["suggestion"] is None


def test_nothing_to_read():
    assert run_splits("") == {"splits_s": [], "issues": [], "accepted_s": []}


def test_matched_to_the_reference_notation():
    result = run_splits(REFERENCE_SPLIT_LINES, "--notation", REFERENCE_NOTATION)
    reps = result["reps"]
    assert [rep["n"] for rep in reps] == list(range(1, 17))
    assert [rep["distance_m"] for rep in reps] == REFERENCE_DISTANCES
    assert [rep["split_s"] for rep in reps] == [*REFERENCE_SURE, 43.9, 26.4]
    assert [rep["sure"] for rep in reps] == [True] * 14 + [False, False]
    assert result["splits_s"] == REFERENCE_SURE
    assert result["issues"][0]["rep_n"] == 15
    assert (result["missing"], result["extra"], result["count_note"]) == ([], [], "")


def test_missing_and_extra_splits():
    short = run_splits("2:52, 2:54", "--notation", "3 x 1K")
    assert short["missing"] == [3]
    assert short["reps"][2]["split_s"] is None
    long = run_splits("61, 62, 63", "--notation", "2 x 400m")
    assert long["splits_s"] == [61.0, 62.0]
    assert long["extra"] == [63.0]
    assert [issue["kind"] for issue in long["issues"]] == ["extra"]


def test_the_count_note_names_the_reps_and_splits_that_do_not_pair():
    short = run_splits("61, 45", "--notation", "2 x (400m, 300m)")
    assert short["count_note"] == "no split for reps 3 and 4 (400m, 300m)"
    long = run_splits("61, 62, 63, 64", "--notation", "2 x 400m")
    assert long["count_note"] == "2 splits more than the 2 reps: 1:03.0, 1:04.0"


def test_a_sum_is_one_rep_and_a_wrong_total_names_both_numbers():
    result = run_splits("5:02, 5:05, 5:04 = 15:21 / 6:10 + 6:05 + 6:01", "--notation", "2 x 5000m")
    assert result["splits_s"] == [1096.0]
    assert result["accepted_s"] == [911.0, 1096.0]
    [issue] = result["issues"]
    assert issue["kind"] == "sum_mismatch"
    assert issue["token"] == "5:02, 5:05, 5:04 = 15:21"
    assert "the parts add up to 15:11.0, the total says 15:21.0" in issue["message"]
    assert (issue["suggestion"], issue["rep_n"]) == ([911.0], 1)


def test_headings_place_splits_and_a_heading_without_reps_is_an_issue():
    result = run_splits("300m: 47.2 / 400m: 64.1 / 200m: 29", "--notation", "400m, 300m")
    assert [rep["split_s"] for rep in result["reps"]] == [64.1, 47.2]
    assert [(i["kind"], i["token"], i["rep_n"]) for i in result["issues"]] == [
        ("no_such_rep", "200m", None),
        ("extra", "29", 3),
    ]
    assert result["issues"][0]["message"] == "no 200m rep in this session"
    assert result["extra"] == [29.0]


def test_an_implausible_time_for_the_rep_is_not_sure():
    result = run_splits("0:28, 4:10", "--notation", "1K / 200m")
    assert result["splits_s"] == []
    assert [(i["kind"], i["rep_n"]) for i in result["issues"]] == [
        ("implausible", 1),
        ("implausible", 2),
    ]
    assert [rep["split_s"] for rep in result["reps"]] == [28.0, 250.0]


def test_unreadable_notation_is_an_error_with_its_position():
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("splits", "2:52", "--notation", "2 x (1K", stdout=out)
    assert exit_info.value.code == 1
    payload = json.loads(out.getvalue())
    assert set(payload) == {"error"}
    assert set(payload["error"]) == {"message", "position"}
    assert isinstance(payload["error"]["position"], int)
    assert payload["error"]["message"]


def test_from_the_shell_stdout_is_only_json():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    ok = subprocess.run(
        [sys.executable, str(manage), "splits", "2:52 / 43.926.4"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["issues"][0]["suggestion"] == [43.9, 26.4]


def test_a_number_of_4301_digits_is_an_issue_not_a_crash():
    digits = "9" * 4301
    result = run_splits(f"2:52 {digits}. 2:54")
    assert result["splits_s"] == [172.0, 174.0]
    [issue] = result["issues"]
    assert issue["token"].startswith("9999") and "too long to be a split" in issue["message"]


@pytest.mark.parametrize("text", ["¹²³⁴", "1:²³", "٣٠", "\x00", "9" * 5000 + ":00"])
def test_odd_digits_and_characters_are_issues_or_nothing(text):
    result = run_splits(text)
    assert result["splits_s"] == []


@pytest.mark.parametrize(
    ("notation", "words"),
    [
        ("400m @5K+" + "9" * 4301 + "s", "more than 20 digits"),
        ("400m @5K+100s", "under 100 seconds per 400 m"),
    ],
)
def test_notation_past_its_limits_is_a_json_error(notation, words):
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("splits", "61", "--notation", notation, stdout=out)
    assert exit_info.value.code == 1
    error = json.loads(out.getvalue())["error"]
    assert set(error) == {"message", "position"}
    assert words in error["message"]


def test_any_domain_error_is_a_json_error(monkeypatch):
    def refuse(text, reps):
        raise SplitError("couldn't read that", "x")

    monkeypatch.setattr("workouts.management.commands.splits.read_splits", refuse)
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("splits", "61", stdout=out)
    assert exit_info.value.code == 1
    assert json.loads(out.getvalue()) == {"error": {"message": "couldn't read that"}}


def test_a_huge_number_from_the_shell_is_json():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    shell = subprocess.run(
        [sys.executable, str(manage), "splits", "9" * 4301],
        capture_output=True,
        text=True,
        check=False,
    )
    assert shell.returncode == 0, shell.stderr
    assert json.loads(shell.stdout)["issues"][0]["kind"] == "unreadable"
