"""`manage.py notation`: the JSON contract that tools outside the app rely on."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from athletes.paces import PaceError

REFERENCE = (
    "2 x 1K / 500m, 300m, 200m / 1 x 1K / 2 x (500m, 300m, 200m) / 1 x 1K / 1 x 500m, 300m, 200m"
)
REFERENCE_RULES = (
    "400m in 3'-4' after 1K rep / distance of upcoming rep in 500m, 300m, 200m breakdown sets"
)


def run_notation(*args: str) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("notation", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def test_reference_session_as_json():
    code, result = run_notation(REFERENCE)
    assert code == 0
    assert result["rep_count"] == 16
    assert result["total_distance_m"] == 8000.0
    assert result["notation"].startswith("2 x 1K / 500m, 300m, 200m / 1 x 1K")
    first = result["reps"][0]
    assert first == {
        "n": 1,
        "distance_m": 1000.0,
        "duration_s": None,
        "target": None,
        "label": "",
        "note": "",
        "block": 1,
        "set_index": 1,
        "recovery": None,
        "is_rep": True,
    }
    assert [rep["n"] for rep in result["reps"]] == list(range(1, 17))


def test_reference_recoveries_with_rules():
    code, result = run_notation(REFERENCE, "--recovery", REFERENCE_RULES)
    assert code == 0
    recoveries = [rep["recovery"] for rep in result["reps"]]
    assert recoveries[0] == {
        "kind": "distance",
        "distance_m": 400.0,
        "duration_s": None,
        "window_s": [180.0, 240.0],
        "mode": "",
        "text": "400m in 3'-4'",
    }
    distances = [r["distance_m"] if r else None for r in recoveries]
    assert distances == [
        400.0,
        400.0,
        300.0,
        200.0,
        None,
        400.0,
        300.0,
        200.0,
        500.0,
        300.0,
        200.0,
        None,
        400.0,
        300.0,
        200.0,
        None,
    ]
    assert result["recovery_rules"] == (
        "400m in 3'-4' after 1K / distance of next rep in 500m, 300m, 200m sets"
    )


def test_targets_labels_and_time_reps():
    code, result = run_notation("1K @5K, 500m @mile-2% / 3' Tempo @2:54 / 400m @68/400")
    assert code == 0
    rows = [(r["distance_m"], r["duration_s"], r["target"], r["label"]) for r in result["reps"]]
    assert rows == [
        (1000.0, None, "5K", ""),
        (500.0, None, "mile-2%", ""),
        (None, 180.0, "2:54", "Tempo"),
        (400.0, None, "68/400", ""),
    ]
    assert result["total_distance_m"] == 1900.0
    assert result["notation"] == "1K @5K, 500m @mile-2% / 3' Tempo @2:54 / 400m @68/400"


def test_a_mile_is_1609_344_metres():
    code, result = run_notation("2 x 1 Mile")
    assert code == 0
    assert result["total_distance_m"] == pytest.approx(3218.688)
    assert result["reps"][0]["distance_m"] == 1609.344


def test_unreadable_notation_prints_the_error_and_exits_1():
    code, result = run_notation("2 x 1K / 3 x")
    assert code == 1
    assert set(result) == {"error"}
    assert result["error"]["position"] == 12
    assert "expected a rep" in result["error"]["message"]
    assert result["error"]["source"] == "notation"


def test_unreadable_rules_name_the_rules_text():
    code, result = run_notation("2 x 1K", "--recovery", "400m between friends")
    assert code == 1
    assert result["error"]["source"] == "recovery"
    assert result["error"]["position"] == 13


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("400m @5K+" + "9" * 400 + "s", 9, "more than 20 digits"),
        ("400m @5K+100s", 9, "under 100 seconds per 400 m"),
        ("1K @mile-100%", 9, "under 100 %"),
        ("9" * 4301 + " x 400m", 0, "more than 20 digits"),
        ("¹²³⁴m", 0, "expected a rep"),
        ("400m\x00", 4, "expected"),
    ],
)
def test_numbers_past_the_limits_and_odd_characters_are_json_errors(text, position, words):
    code, result = run_notation(text)
    assert code == 1
    assert result["error"]["position"] == position
    assert words in result["error"]["message"]
    assert result["error"]["source"] == "notation"


def test_an_adjustment_under_the_limit_is_written_back_as_it_reads():
    code, result = run_notation("400m @5K+99.9s, 1K @mile-99%")
    assert code == 0
    assert result["notation"] == "400m @5K+99.9s, 1K @mile-99%"
    assert "Infinity" not in json.dumps(result)


def test_any_domain_error_is_a_json_error(monkeypatch):
    def refuse(*args):
        raise PaceError("no pace for that")

    monkeypatch.setattr("workouts.management.commands.notation.read_as_dict", refuse)
    code, result = run_notation("400m")
    assert (code, result) == (1, {"error": {"message": "no pace for that"}})
