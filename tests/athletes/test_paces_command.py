"""`manage.py paces`: the JSON contract that tools outside the app rely on."""

import json
import math
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from athletes.paces import MILE_M, predict_time, vdot


def run_paces(*args: str) -> dict:
    out = StringIO()
    call_command("paces", *args, stdout=out)
    return json.loads(out.getvalue())


def run_paces_failing(*args: str) -> str:
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("paces", *args, stdout=out)
    assert exit_info.value.code == 1
    payload = json.loads(out.getvalue())
    assert set(payload) == {"error"}
    return payload["error"]["message"]


def predict_riegel_1_06(time_s: float, distance_m: float, target_m: float) -> float:
    return time_s * (target_m / distance_m) ** 1.06


def test_vdot_from_the_canonical_athlete():
    result = run_paces("--race", "5000=14:30", "--predict", "1609.344", "800", "400")
    assert result == {
        "vdot": 72.4,
        "model": "vdot",
        "predictions": [
            {"distance_m": 1609.344, "time_s": round(predict_time(vdot(5000, 870), MILE_M), 1)},
            {"distance_m": 800.0, "time_s": round(predict_time(vdot(5000, 870), 800), 1)},
            {"distance_m": 400.0, "time_s": round(predict_time(vdot(5000, 870), 400), 1)},
        ],
    }
    assert result["predictions"][0]["time_s"] == 252.0  # a 14:30 5K is a 4:12 mile


def test_race_and_targets_accept_zone_names():
    by_name = run_paces("--race", "5K=14:30", "--predict", "mile", "10K")
    by_metres = run_paces("--race", "5000=14:30", "--predict", "1609.344", "10000")
    assert by_name == by_metres


def test_vdot_from_a_mile():
    result = run_paces("--race", "mile=4:00", "--predict", "5K")
    assert result["vdot"] == round(vdot(MILE_M, 240), 1)
    assert result["predictions"][0]["distance_m"] == 5000.0


def test_riegel_with_one_race_uses_1_06():
    result = run_paces("--model", "riegel", "--race", "5K=14:30", "--predict", "10K", "mile")
    assert result == {
        "model": "riegel",
        "exponent": 1.06,
        "predictions": [
            {"distance_m": 10000.0, "time_s": 1813.9},
            {"distance_m": 1609.344, "time_s": round(predict_riegel_1_06(870, 5000, MILE_M), 1)},
        ],
    }


def test_riegel_with_one_race_refuses_800_and_400():
    message = run_paces_failing(
        "--model", "riegel", "--race", "5K=14:30", "--predict", "mile", "800"
    )
    assert "1.06" in message
    assert "800" in message


def test_riegel_with_two_races_fits_the_exponent_and_predicts_short_targets():
    result = run_paces(
        "--model", "riegel", "--race", "1500=3:45", "--race", "5K=14:30", "--predict", "800", "3K"
    )
    assert result["model"] == "riegel"
    fitted = math.log(870 / 225) / math.log(5000 / 1500)
    assert result["exponent"] == round(fitted, 4) == 1.1233
    eight_hundred = result["predictions"][0]
    assert eight_hundred["distance_m"] == 800.0
    assert eight_hundred["time_s"] == pytest.approx(225 * (800 / 1500) ** fitted, abs=0.05)


def test_fitted_exponent_passes_through_both_races():
    result = run_paces(
        "--model",
        "riegel",
        "--race",
        "mile=4:00",
        "--race",
        "5000=14:30",
        "--predict",
        "mile",
        "5000",
    )
    assert [p["time_s"] for p in result["predictions"]] == [240.0, 870.0]


def test_no_predictions_asked_gives_an_empty_list():
    assert run_paces("--race", "5000=14:30")["predictions"] == []


@pytest.mark.parametrize(
    "args",
    [
        ("--race", "5000=14:3"),
        ("--race", "5000-14:30"),
        ("--race", "fast=14:30"),
        ("--race", "5000=0:00"),
        ("--race", "5000=14:30", "--predict", "far"),
        ("--race", "5000=14:30", "--predict", "0"),
        ("--race", "5000=14:30", "--model", "cameron"),
        ("--predict", "800"),
        ("--race", "5000=14:30", "--race", "mile=4:00"),
        ("--model", "riegel", "--race", "5000=14:30", "--race", "5K=14:40"),
        ("--model", "riegel", "--race", "800=2:00", "--race", "mile=4:00", "--race", "5K=15:00"),
    ],
)
def test_bad_input_prints_an_error_and_exits_1(args):
    assert run_paces_failing(*args)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--race", "5000=0.0000001"), "faster than the world record"),
        (("--race", "5000=9:00:00"), "slower than a brisk walk"),
        (("--race", "5000=" + "9" * 5000 + ":00"), "too long to be a time"),
        (("--race", "5000=¹⁴:³⁰"), "couldn't read the time"),
        (("--race", "9" * 4301 + "=14:30"), "too long to be a distance"),
        (("--race", "5000=14:30", "--predict", "9" * 400), "too long to be a distance"),
        (
            (
                "--model",
                "riegel",
                "--race",
                "1500=3:45",
                "--race",
                "1500.001=4:30",
                "--predict",
                "400km",
            ),
            "no believable time",
        ),
    ],
)
def test_races_no_human_runs_and_numbers_past_any_limit_are_json_errors(args, words):
    assert words in run_paces_failing(*args)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.text(), st.sampled_from(["5000", "mile", "9" * 4301, "¹⁵⁰⁰"])),
    st.one_of(st.text(), st.sampled_from(["14:30", "0.0000001", "9" * 5000 + ":00", "1e999"])),
    st.sampled_from(["vdot", "riegel"]),
)
def test_any_race_text_prints_json_a_result_or_an_error(distance, time, model):
    out = StringIO()
    try:
        call_command(
            "paces", f"--race={distance}={time}", "--predict", "mile", "--model", model, stdout=out
        )
    except SystemExit as exit_info:
        assert exit_info.code == 1
        assert set(json.loads(out.getvalue())) == {"error"}
    else:
        assert all(math.isfinite(p["time_s"]) for p in json.loads(out.getvalue())["predictions"])


def test_a_race_the_app_would_refuse_is_refused_from_the_shell_too():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    refused = subprocess.run(
        [sys.executable, str(manage), "paces", "--race", "5000=0.0000001"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1
    assert "world record" in json.loads(refused.stdout)["error"]["message"]
    assert "Traceback" not in refused.stderr


def test_from_the_shell_stdout_is_only_json():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    ok = subprocess.run(
        [sys.executable, str(manage), "paces", "--race", "5K=14:30", "--predict", "mile"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["vdot"] == 72.4
    refused = subprocess.run(
        [
            sys.executable,
            str(manage),
            "paces",
            "--model",
            "riegel",
            "--race",
            "5K=14:30",
            "--predict",
            "400",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1
    assert "error" in json.loads(refused.stdout)


@pytest.mark.parametrize("distance", ["0.001", "600km"])
def test_a_prediction_for_a_distance_nobody_races_is_an_error(distance):
    message = run_paces_failing("--race", "5K=14:30", "--predict", distance)
    assert "A race is 100m to 500km" in message
