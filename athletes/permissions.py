"""Who may see or change what: the one place that answers (docs/design.md §8).

| who                  | own athlete data        | others in own squad            | other squads |
| athlete              | read, record own splits | read only if squad shares      | nothing      |
| coach of the squad   | read / write            | read / write                   | nothing      |
| staff                | all                     | all                            | all          |

An athlete's calendar link (`can_see_calendar_feed`) is a key to their sessions that works
signed out, so only the athlete and those who may change the athlete see or reset it; a
teammate of a sharing squad does not.

Views, API endpoints and exports ask these functions, or scope their querysets with
`squads_visible_to` / `athletes_visible_to`, and answer 404 (not 403) for what a user
may not see, so ids do not reveal what exists.
"""

from django.db.models import Q, QuerySet

from .models import Athlete, Season, Squad


def _is_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def _is_active(user) -> bool:
    return user.is_authenticated and user.is_active


def is_coach_of(user, squad: Squad) -> bool:
    if not _is_active(user):
        return False
    return squad.coaches.filter(pk=user.pk).exists()


def is_self(user, athlete: Athlete) -> bool:
    return _is_active(user) and athlete.user_id == user.pk


def can_view_squad(user, squad: Squad) -> bool:
    """The roster: the squad's coaches, and its athletes when the squad shares results."""
    if _is_staff(user) or is_coach_of(user, squad):
        return True
    return squad.shares_results and Athlete.objects.filter(squad=squad, user_id=user.pk).exists()


def can_change_squad(user, squad: Squad) -> bool:
    return _is_staff(user) or is_coach_of(user, squad)


def can_view_athlete(user, athlete: Athlete) -> bool:
    return is_self(user, athlete) or can_view_squad(user, athlete.squad)


def can_change_athlete(user, athlete: Athlete) -> bool:
    """Profile, zones, prescriptions: the coach's business."""
    return can_change_squad(user, athlete.squad)


def can_record_for(user, athlete: Athlete) -> bool:
    """Splits and notes: the athlete themself, or their coach."""
    return is_self(user, athlete) or can_change_athlete(user, athlete)


def can_see_calendar_feed(user, athlete: Athlete) -> bool:
    """The secret address of the athlete's calendar feed, and resetting it: the athlete
    themself, and those who may change the athlete (their coach, staff). A teammate who may
    read the athlete's page does not see it: the address is a key to the athlete's sessions."""
    return is_self(user, athlete) or can_change_athlete(user, athlete)


def can_export_athlete(user, athlete: Athlete) -> bool:
    """Whether the athlete's page offers their season export: the athlete, their coach, staff."""
    return is_self(user, athlete) or can_change_athlete(user, athlete)


def can_download_workout(user, athlete: Athlete) -> bool:
    """An athlete's session as a file for their watch (their own targets): the athlete, their
    coach, staff. A teammate of a sharing squad reads the page but gets no file."""
    return is_self(user, athlete) or can_change_athlete(user, athlete)


def can_list_squads(user) -> bool:
    """Whether the menu offers "Squads": staff, and anyone who can see at least one."""
    return squads_visible_to(user).exists()


def has_own_sessions(user) -> bool:
    """Whether the user is an athlete, with sessions of their own to open."""
    return _is_active(user) and Athlete.objects.filter(user_id=user.pk).exists()


def can_use_admin(user) -> bool:
    return _is_staff(user)


def own_row(user, rows: QuerySet):
    """The user's own row among rows about athletes (a session's assignments, …): what an
    athlete's own pages show. None for a user who is not one of those athletes."""
    if not _is_active(user):
        return None
    return rows.filter(athlete__user_id=user.pk).first()


def squads_visible_to(user) -> QuerySet[Squad]:
    if _is_staff(user):
        return Squad.objects.all()
    if not _is_active(user):
        return Squad.objects.none()
    return Squad.objects.filter(
        Q(coaches=user) | Q(shares_results=True, athletes__user=user)
    ).distinct()


def athletes_visible_to(user) -> QuerySet[Athlete]:
    if _is_staff(user):
        return Athlete.objects.all()
    if not _is_active(user):
        return Athlete.objects.none()
    return Athlete.objects.filter(
        Q(user=user)
        | Q(squad__coaches=user)
        | Q(squad__shares_results=True, squad__athletes__user=user)
    ).distinct()


def squads_coached_by(user) -> QuerySet[Squad]:
    """The squads whose data the user may change: a coach's own, every squad for staff."""
    if _is_staff(user):
        return Squad.objects.all()
    if not _is_active(user):
        return Squad.objects.none()
    return Squad.objects.filter(coaches=user)


def rows_of_visible_athletes(user, rows: QuerySet, via: str = "athlete") -> QuerySet:
    """Rows about athletes (assignments, splits, reports, …) narrowed to the athletes the user
    may see; `via` is the path from a row to its athlete ("assignment__athlete")."""
    if _is_staff(user):
        return rows
    return rows.filter(**{f"{via}__in": athletes_visible_to(user).values("pk")})


def rows_of_coached_squads(user, rows: QuerySet, via: str = "squad") -> QuerySet:
    """Rows of a squad (templates, sessions, …) narrowed to the squads the user coaches;
    `via` is the path from a row to its squad."""
    if _is_staff(user):
        return rows
    return rows.filter(**{f"{via}__in": squads_coached_by(user).values("pk")})


def seasons_visible_to(user) -> QuerySet[Season]:
    """A season is the squad's calendar: its coaches see it, and so do all its athletes,
    whether or not the squad shares results (an athlete exports their own season)."""
    if _is_staff(user):
        return Season.objects.all()
    if not _is_active(user):
        return Season.objects.none()
    return Season.objects.filter(Q(squad__coaches=user) | Q(squad__athletes__user=user)).distinct()


def athletes_exportable_by(user, season: Season) -> QuerySet[Athlete]:
    """Whose rows of `season` a user may export: the whole squad for its coach and staff; for
    an athlete, themself only (a squad that shares results shares pages, not exports).
    A lazy queryset: asking costs no query of its own."""
    athletes = Athlete.objects.filter(squad_id=season.squad_id)
    if _is_staff(user):
        return athletes
    if not _is_active(user):
        return Athlete.objects.none()
    return athletes.filter(Q(user_id=user.pk) | Q(squad__in=Squad.objects.filter(coaches=user)))
