from django.contrib import admin

from .models import (
    Athlete,
    CalendarFeed,
    RaceResult,
    Season,
    Squad,
    ZoneDistance,
    ZoneEntry,
    ZoneGroup,
)


class AthleteInline(admin.TabularInline):
    model = Athlete
    fields = ["name", "bib", "main_events", "user"]
    raw_id_fields = ["user"]
    extra = 0


class SeasonInline(admin.TabularInline):
    model = Season
    extra = 0


@admin.register(Squad)
class SquadAdmin(admin.ModelAdmin):
    list_display = ["name", "shares_results"]
    search_fields = ["name"]
    filter_horizontal = ["coaches"]
    inlines = [SeasonInline, AthleteInline]


@admin.register(Athlete)
class AthleteAdmin(admin.ModelAdmin):
    list_display = ["name", "bib", "squad", "main_events", "user"]
    list_filter = ["squad"]
    search_fields = ["name", "bib", "user__username"]
    list_select_related = ["squad", "user"]
    raw_id_fields = ["user"]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["name", "squad", "start", "end"]
    list_filter = ["squad"]
    list_select_related = ["squad"]
    date_hierarchy = "start"


@admin.register(RaceResult)
class RaceResultAdmin(admin.ModelAdmin):
    """Read-only: a result is recorded on the athlete's page (athletes.services), which also
    writes its zone entry; editing it here would leave that entry stale."""

    list_display = ["athlete", "distance_m", "time_ms", "date", "indoor", "venue", "voided_at"]
    list_filter = ["indoor", "athlete__squad"]
    search_fields = ["athlete__name", "venue"]
    list_select_related = ["athlete"]
    raw_id_fields = ["athlete"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ZoneEntry)
class ZoneEntryAdmin(admin.ModelAdmin):
    """Read-only: zone history is written by athletes.services and never edited."""

    list_display = ["athlete", "distance_m", "time_ms", "effective_date", "source", "recorded_by"]
    list_filter = ["source", "athlete__squad"]
    search_fields = ["athlete__name", "note"]
    list_select_related = ["athlete", "recorded_by"]
    date_hierarchy = "effective_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ZoneDistance)
class ZoneDistanceAdmin(admin.ModelAdmin):
    list_display = ["label", "distance_m", "squad"]
    list_filter = ["squad"]


@admin.register(ZoneGroup)
class ZoneGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "shortest_m", "longest_m", "squad"]
    list_filter = ["squad"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar feed and since when, never its secret (the address is shown on the
    athlete's page, to them and their coach). Read-only; deleting one stops its address, and
    the athlete's page makes a new one when next opened."""

    list_display = ["athlete", "made_at", "made_by"]
    list_filter = ["athlete__squad"]
    search_fields = ["athlete__name"]
    list_select_related = ["athlete", "made_by"]
    fields = ["athlete", "made_at", "made_by"]
    readonly_fields = ["athlete", "made_at", "made_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
