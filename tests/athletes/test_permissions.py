"""The docs/design.md §8 matrix, asked of the one permission module."""

import pytest
from django.contrib.auth.models import AnonymousUser

from athletes import permissions
from tests.factories import SeasonFactory

ACTORS = ["anonymous", "me", "coach", "other_coach", "staff", "nobody"]


def actor(world, name):
    if name == "anonymous":
        return AnonymousUser()
    if name == "me":
        return world["me"].user
    return world[name]


# actor -> (view own athlete "me", change "me", record for "me", view teammate, view rival)
PRIVATE_SQUAD = {
    "anonymous": (False, False, False, False, False),
    "me": (True, False, True, False, False),
    "coach": (True, True, True, True, False),
    "other_coach": (False, False, False, False, True),
    "staff": (True, True, True, True, True),
    "nobody": (False, False, False, False, False),
}


@pytest.mark.parametrize("who", ACTORS)
def test_athlete_matrix_in_a_squad_that_does_not_share(squad_world, who):
    user = actor(squad_world, who)
    me, mate, rival = squad_world["me"], squad_world["teammate"], squad_world["rival"]
    got = (
        permissions.can_view_athlete(user, me),
        permissions.can_change_athlete(user, me),
        permissions.can_record_for(user, me),
        permissions.can_view_athlete(user, mate),
        permissions.can_view_athlete(user, rival),
    )
    assert got == PRIVATE_SQUAD[who]


@pytest.mark.parametrize("who", ACTORS)
def test_sharing_squad_lets_its_athletes_read_each_other_and_nothing_more(squad_world, who):
    squad_world["squad"].shares_results = True
    squad_world["squad"].save()
    user = actor(squad_world, who)
    mate, rival = squad_world["teammate"], squad_world["rival"]
    expected_view_mate = who in {"me", "coach", "staff"}
    assert permissions.can_view_athlete(user, mate) is expected_view_mate
    assert permissions.can_change_athlete(user, mate) is (who in {"coach", "staff"})
    assert permissions.can_record_for(user, mate) is (who in {"coach", "staff"})
    assert permissions.can_view_athlete(user, rival) is (who in {"other_coach", "staff"})


# actor -> (view own squad, change own squad, view other squad, change other squad)
SQUAD_MATRIX = {
    "anonymous": (False, False, False, False),
    "me": (False, False, False, False),
    "coach": (True, True, False, False),
    "other_coach": (False, False, True, True),
    "staff": (True, True, True, True),
    "nobody": (False, False, False, False),
}


@pytest.mark.parametrize("who", ACTORS)
def test_squad_matrix(squad_world, who):
    user = actor(squad_world, who)
    squad, other = squad_world["squad"], squad_world["other_squad"]
    got = (
        permissions.can_view_squad(user, squad),
        permissions.can_change_squad(user, squad),
        permissions.can_view_squad(user, other),
        permissions.can_change_squad(user, other),
    )
    assert got == SQUAD_MATRIX[who]


@pytest.mark.parametrize("who", ACTORS)
def test_visible_querysets_agree_with_the_yes_no_answers(squad_world, who):
    user = actor(squad_world, who)
    athletes = [squad_world[name] for name in ("me", "teammate", "rival")]
    squads = [squad_world["squad"], squad_world["other_squad"]]
    visible_athletes = set(permissions.athletes_visible_to(user))
    visible_squads = set(permissions.squads_visible_to(user))
    assert visible_athletes == {a for a in athletes if permissions.can_view_athlete(user, a)}
    assert visible_squads == {s for s in squads if permissions.can_view_squad(user, s)}


# actor -> the squads whose seasons they see: its coaches and all its athletes, shared or not
SEASONS = {
    "anonymous": set(),
    "me": {"Home"},
    "coach": {"Home"},
    "other_coach": {"Away"},
    "staff": {"Home", "Away"},
    "nobody": set(),
}


@pytest.mark.parametrize("who", ACTORS)
def test_a_squads_seasons_are_seen_by_its_coaches_and_all_its_athletes(squad_world, who):
    for squad in (squad_world["squad"], squad_world["other_squad"]):
        for name in ("Indoor", "Outdoor"):
            SeasonFactory(squad=squad, name=name)
    seasons = permissions.seasons_visible_to(actor(squad_world, who))
    assert {season.squad.name for season in seasons} == SEASONS[who]
    assert seasons.count() == 2 * len(SEASONS[who])  # each once, however they qualify


def test_a_deactivated_coach_loses_access(squad_world):
    coach = squad_world["coach"]
    coach.is_active = False
    coach.save()
    assert not permissions.can_view_athlete(coach, squad_world["me"])
    assert not permissions.athletes_visible_to(coach).exists()


# actor -> (menu offers "Squads", "My sessions", "Admin")
MENU = {
    "anonymous": (False, False, False),
    "me": (False, True, False),
    "coach": (True, False, False),
    "other_coach": (True, False, False),
    "staff": (True, False, True),  # staff who coach no squad still reach every squad
    "nobody": (False, False, False),
}


@pytest.mark.parametrize("who", ACTORS)
def test_menu_matrix(squad_world, who):
    user = actor(squad_world, who)
    got = (
        permissions.can_list_squads(user),
        permissions.has_own_sessions(user),
        permissions.can_use_admin(user),
    )
    assert got == MENU[who]


@pytest.mark.parametrize("who", ACTORS)
def test_the_calendar_link_is_the_athletes_and_their_coachs_even_in_a_sharing_squad(
    squad_world, who
):
    """The link reads the athlete's sessions signed out: a teammate who may read the
    athlete's page (the squad shares) still does not see it."""
    squad_world["squad"].shares_results = True
    squad_world["squad"].save()
    user = actor(squad_world, who)
    me, mate, rival = squad_world["me"], squad_world["teammate"], squad_world["rival"]
    assert permissions.can_see_calendar_feed(user, me) is (who in {"me", "coach", "staff"})
    assert permissions.can_see_calendar_feed(user, mate) is (who in {"coach", "staff"})
    assert permissions.can_see_calendar_feed(user, rival) is (who in {"other_coach", "staff"})


# actor -> (squads they coach, athletes whose rows they see)
SCOPES = {
    "anonymous": (set(), set()),
    "me": (set(), {"me"}),
    "coach": ({"squad"}, {"me", "teammate"}),
    "other_coach": ({"other_squad"}, {"rival"}),
    "staff": ({"squad", "other_squad"}, {"me", "teammate", "rival"}),
    "nobody": (set(), set()),
}


@pytest.mark.parametrize("who", ACTORS)
def test_row_scopes_agree_with_the_matrix(squad_world, who):
    """The scopes the API narrows its querysets with: rows of the squads a user coaches,
    rows about the athletes a user may see."""
    from athletes.models import Athlete, Squad

    user = actor(squad_world, who)
    coached, seen = SCOPES[who]
    names = {squad_world[name].pk: name for name in ("squad", "other_squad")}
    assert {names[s.pk] for s in permissions.squads_coached_by(user)} == coached
    rows = permissions.rows_of_coached_squads(user, Squad.objects.all(), via="pk")
    assert {names[s.pk] for s in rows} == coached
    athletes = {squad_world[name].pk: name for name in ("me", "teammate", "rival")}
    rows = permissions.rows_of_visible_athletes(user, Athlete.objects.all(), via="pk")
    assert {athletes[a.pk] for a in rows} == seen
