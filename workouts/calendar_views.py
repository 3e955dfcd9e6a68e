"""An athlete's sessions as a calendar feed (iCalendar, RFC 5545) that a phone's calendar
subscribes to: `/calendar/<secret>.ics`, read without signing in, since calendar apps
cannot sign in. The secret is the athletes app's (`athletes.models.CalendarFeed`: made when
the athlete's page first shows the link, reset there); an unknown or reset secret answers
404, like any address that names nothing.

The feed holds one all-day event per session of the athlete from FEED_DAYS_BACK days ago on
(older ones are history the phone already has, and would only make every refresh larger),
each with the notation and every rep's target for this athlete.
"""

from datetime import timedelta

import icalendar
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from athletes import paces
from athletes import selectors as athlete_selectors
from athletes.models import Athlete

from . import selectors
from .templatetags.sessions import rep_distance

FEED_DAYS_BACK = 90
REFRESH = timedelta(hours=1)  # how often a calendar app is asked to look again
PRODID = "-//Breakdown//Sessions calendar feed//EN"


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed of the athlete whose calendar secret this is; 404 for any other text."""
    athlete = athlete_selectors.athlete_by_calendar_secret(secret=secret)
    if athlete is None:
        raise Http404("No such calendar.")
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    events = selectors.calendar_feed_events(athlete=athlete, since=since)
    response = HttpResponse(
        feed_ics(request, athlete, events), content_type="text/calendar; charset=utf-8"
    )
    # The address is the only key: no shared cache may keep a copy, nor index it. (Signed-in
    # pages get the same from coaching.middleware.PrivatePagesMiddleware; a calendar app is
    # never signed in, so the view says it itself.)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def feed_ics(request: HttpRequest, athlete: Athlete, events: list[selectors.FeedEvent]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Breakdown — {athlete.name}")
    calendar.add("name", f"Breakdown — {athlete.name}")
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(_event(request, event))
    return calendar.to_ical()


def _event(request: HttpRequest, event: selectors.FeedEvent) -> icalendar.Event:
    session = event.session
    url = request.build_absolute_uri(
        reverse("workouts:assignment_detail", args=[event.assignment.pk])
    )
    changed = event.last_modified
    vevent = icalendar.Event()
    # One per athlete's session: prescribing the same session again, moving it or changing
    # a target keeps it, so the phone updates the event rather than adding another.
    vevent.add("uid", f"assignment-{event.assignment.pk}@breakdown")
    # A feed has no METHOD, so DTSTAMP is when the event last changed (RFC 5545 3.8.7.2),
    # not when the feed was read: a refresh with nothing new then changes nothing.
    vevent.add("dtstamp", changed)
    vevent.add("last-modified", changed)
    vevent.add("dtstart", session.date)  # a date: an all-day event (VALUE=DATE)
    vevent.add("dtend", session.date + timedelta(days=1))
    vevent.add("summary", session.name)
    vevent.add("description", _description(event, url))
    vevent.add("url", url)
    vevent.add("transp", "TRANSPARENT")  # a session does not make the athlete busy all day
    return vevent


def _description(event: selectors.FeedEvent, url: str) -> str:
    session = event.session
    lines = [session.notation]
    if session.recovery_rules:
        lines.append(f"Recovery: {session.recovery_rules}")
    if session.description:
        lines.append(session.description)
    lines.append("")
    lines += [rep_line(cell) for cell in event.cells]
    lines += ["", url]
    return "\n".join(lines)


def rep_line(cell: selectors.Cell) -> str:
    """A rep as the athlete's session page shows it, on one line:
    "7. 1K @5K — 2:54.0, then 400m in 3'-4'"."""
    rep = cell.rep
    text = f"{rep.n}. {rep_distance(rep)}"
    if rep.target:
        text += f" @{rep.target}"
    if rep.label:
        text += f" {rep.label}"
    text += f" — {_target_text(cell)}"
    if rep.recovery:
        text += f", then {rep.recovery}"
    return text


def _target_text(cell: selectors.Cell) -> str:
    target = cell.target
    if cell.target_ms is None:
        return (target.reason if target is not None and target.reason else "") or "no target"
    shown = paces.format_time(cell.target_ms / 1000)
    if target.override_ms is not None:
        note = f": {target.override_note}" if target.override_note else ""
        return f"{shown} (coach's target{note})"
    return shown
