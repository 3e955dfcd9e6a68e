"""FIT activity files as a watch writes them, made with Garmin's own encoder: file_id (an
activity), one lap message per lap (start time, elapsed and timer time, distance, intensity,
trigger), then the session and the activity. Laps are (distance m, seconds, intensity)."""

from datetime import UTC, datetime, timedelta

from garmin_fit_sdk import Encoder, Profile

from tests.factories import REFERENCE_SPLITS_MS

MESG = Profile["mesg_num"]
START = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)

# The reference session's work reps in metres, and the recovery jogged after each (docs/design.md
# §5: 400 m after a 1K, the next rep's distance in a set; 200 m where none is stated).
# A lap's GPS distance (REFERENCE_LAP_M) is never the rep's to the metre.
REFERENCE_REPS_M = [
    1000, 1000, 500, 300, 200, 1000, 500, 300, 200, 500, 300, 200, 1000, 500, 300, 200,
]  # fmt: skip
REFERENCE_RECOVERIES_M = [400, 400, 300, 200, 200, 400, 300, 200, 400, 300, 200, 200, 400, 300, 200]
REFERENCE_LAP_M = [
    1003, 998, 502, 301, 199, 1006, 497, 303, 201, 501, 298, 202, 995, 503, 300, 198,
]  # fmt: skip


def activity(laps, *, sport: str = "running") -> bytes:
    """A FIT activity file of `laps`: (distance m, seconds, intensity[, trigger])."""
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 1234,
            "time_created": START,
        }
    )
    at, total_m = START, 0.0
    for index, lap in enumerate(laps):
        distance_m, seconds, intensity = lap[:3]
        trigger = lap[3] if len(lap) > 3 else "manual"
        end = at + timedelta(seconds=seconds)
        encoder.write_mesg(
            {
                "mesg_num": MESG["LAP"],
                "message_index": index,
                "event": "lap",
                "event_type": "stop",
                "start_time": at,
                "timestamp": end,
                "total_elapsed_time": seconds,
                "total_timer_time": seconds,
                "total_distance": distance_m,
                "intensity": intensity,
                "lap_trigger": trigger,
                "sport": sport,
            }
        )
        at, total_m = end, total_m + distance_m
    seconds = (at - START).total_seconds()
    encoder.write_mesg(
        {
            "mesg_num": MESG["SESSION"],
            "message_index": 0,
            "event": "lap",
            "event_type": "stop",
            "start_time": START,
            "timestamp": at,
            "total_elapsed_time": seconds,
            "total_timer_time": seconds,
            "total_distance": total_m,
            "sport": sport,
            "first_lap_index": 0,
            "num_laps": len(laps),
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": MESG["ACTIVITY"],
            "timestamp": at,
            "total_timer_time": seconds,
            "num_sessions": 1,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
        }
    )
    return encoder.close()


def reference_laps(*, labelled: bool = True):
    """The reference session run with the coach's splits: a 3.2 km warm-up, each rep and its
    recovery jog, a 2 km cool-down. Unlabelled, every lap is "active", as when the athlete
    presses the lap button with no workout on the watch."""
    rest = "rest" if labelled else "active"
    laps = [(3200, 1200, "warmup" if labelled else "active")]
    reps = zip(REFERENCE_LAP_M, REFERENCE_SPLITS_MS, strict=True)
    for n, (distance_m, time_ms) in enumerate(reps):
        laps.append((distance_m, time_ms / 1000, "active"))
        if n < len(REFERENCE_RECOVERIES_M):
            jog = REFERENCE_RECOVERIES_M[n]
            laps.append((jog, jog * 0.5, rest))  # 400 m in 3:20: a jog
    laps.append((2000, 660, "cooldown" if labelled else "active"))
    return laps
