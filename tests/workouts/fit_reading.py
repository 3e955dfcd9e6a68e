"""Reading FIT workout files back with the SDK's Decoder, as a watch would: the helpers the
watch-file tests share."""

from dataclasses import dataclass

from garmin_fit_sdk import Decoder, Stream


def decoded(data: bytes) -> dict:
    """The file's messages; fails the test on a file that is not FIT, a bad CRC or any
    decode error."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


@dataclass(frozen=True)
class Ran:
    """A step as the watch runs it, repeats followed: work or recovery, what ends it (metres,
    seconds, or neither: press lap), its speed range (m/s) and name."""

    kind: str
    distance_m: float | None
    duration_s: float | None
    speed_low: float | None
    speed_high: float | None
    name: str

    def time_range_s(self, distance_m: float) -> tuple[float, float]:
        """(fastest, slowest) time over `distance_m` inside the speed range."""
        assert self.speed_low and self.speed_high
        return distance_m / self.speed_high, distance_m / self.speed_low


def ran(step: dict) -> Ran:
    intensity = step.get("intensity")
    kind = {"active": "work", "warmup": "warmup", "cooldown": "cooldown"}.get(intensity, "recovery")
    duration_type = step["duration_type"]
    return Ran(
        kind,
        step["duration_distance"] if duration_type == "distance" else None,
        step["duration_time"] if duration_type == "time" else None,
        step.get("custom_target_speed_low") if step.get("target_type") == "speed" else None,
        step.get("custom_target_speed_high") if step.get("target_type") == "speed" else None,
        step.get("wkt_step_name", ""),
    )


def expanded_steps(steps: list[dict]) -> list[Ran]:
    """The steps in the order a watch runs them: a repeat step goes back to its
    `duration_step` until it has run `repeat_steps` times; re-entering a group starts the
    counts of the repeats inside it afresh."""
    done: dict[int, int] = {}
    found: list[Ran] = []
    at = 0
    while at < len(steps):
        step = steps[at]
        if step["duration_type"] == "repeat_until_steps_cmplt":
            start = step["duration_step"]
            assert start < at, f"step {at} repeats forward to {start}"
            done[at] = done.get(at, 0) + 1
            if done[at] < step["repeat_steps"]:
                for inner in range(start, at):
                    done.pop(inner, None)
                at = start
                continue
            done.pop(at)
        else:
            found.append(ran(step))
        at += 1
        assert len(found) <= 100_000, "a repeat that never ends"
    return found


def work_reps(steps: list[dict]) -> list[Ran]:
    return [step for step in expanded_steps(steps) if step.kind == "work"]
