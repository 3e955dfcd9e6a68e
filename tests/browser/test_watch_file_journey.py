"""An athlete on their phone downloads today's session for their watch from the session page,
and the coach downloads the squad's zip from the grid; both read back with the FIT SDK."""

import io
import zipfile
from pathlib import Path

from tests.browser.pages import log_in
from tests.factories import (
    PASSWORD,
    AthleteFactory,
    SquadFactory,
    UserFactory,
    prescribed,
    reference_zones,
)
from tests.workouts.fit_reading import decoded, work_reps


def test_the_athlete_and_the_coach_download_watch_files(
    phone, desktop, live_server, transactional_db
):
    coach = UserFactory(username="watchcoach")
    squad = SquadFactory(coaches=[coach])
    mateo = AthleteFactory(squad=squad, name="Mateo", user=UserFactory(username="mateo"))
    jonas = AthleteFactory(squad=squad, name="Jonas")
    for athlete in (mateo, jonas):
        reference_zones(athlete, coach)
    session = prescribed(athletes=[mateo, jonas], coach=coach, name="1,000m Breakdowns")

    log_in(phone, live_server.url, "mateo", PASSWORD, next_path=f"/sessions/{session.pk}/")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download for your watch (.fit)").click()
    assert download.value.suggested_filename.endswith("-1000m-breakdowns-mateo.fit")
    reps = work_reps(decoded(Path(download.value.path()).read_bytes())["workout_step_mesgs"])
    assert len(reps) == 16
    fastest, slowest = reps[0].time_range_s(1000)
    assert fastest < 174.0 < slowest

    log_in(desktop, live_server.url, coach.username, PASSWORD, next_path=f"/sessions/{session.pk}/")
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Watch files (.zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert sorted(archive.namelist()) == ["jonas.fit", "mateo.fit"]
