from django.contrib import admin

from .models import (
    Assignment,
    HistoryUpload,
    RepTarget,
    Session,
    SessionRep,
    SessionReport,
    SessionTemplate,
    Split,
    Tag,
    TemplateVersion,
    ZoneSuggestionDecision,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """What was prescribed or recorded is changed through the app's services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "squad"]
    list_filter = ["squad"]


class TemplateVersionInline(admin.TabularInline):
    model = TemplateVersion
    fields = ["number", "notation", "recovery_rules", "default_targets", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SessionTemplate)
class SessionTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "squad", "archived", "created_at"]
    list_filter = ["squad", "archived", "tags"]
    search_fields = ["name", "versions__notation"]
    readonly_fields = ["squad", "created_by", "created_at"]
    filter_horizontal = ["tags"]
    inlines = [TemplateVersionInline]

    def has_add_permission(self, request):
        return False  # templates are built in the builder, which checks the notation


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ReadOnlyAdmin):
    list_display = ["template", "number", "notation", "created_at"]
    list_select_related = ["template"]


class SessionRepInline(admin.TabularInline):
    model = SessionRep
    fields = ["n", "distance_m", "duration_s", "target", "label", "recovery"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["name", "date", "squad"]
    list_filter = ["squad"]
    date_hierarchy = "date"
    inlines = [SessionRepInline]


@admin.register(SessionRep)
class SessionRepAdmin(ReadOnlyAdmin):
    list_display = ["session", "n", "distance_m", "duration_s", "target"]
    list_select_related = ["session"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["session", "athlete"]
    list_select_related = ["session", "athlete"]


@admin.register(RepTarget)
class RepTargetAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "rep", "time_ms", "override_ms"]
    list_select_related = ["assignment__athlete", "assignment__session", "rep__session"]


@admin.register(Split)
class SplitAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "rep", "time_ms", "method", "entered_by", "entered_at"]
    list_select_related = ["assignment__athlete", "assignment__session", "rep__session"]


@admin.register(SessionReport)
class SessionReportAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "rpe", "done", "entered_by", "entered_at"]
    list_select_related = ["assignment__athlete", "assignment__session", "entered_by"]


@admin.register(ZoneSuggestionDecision)
class ZoneSuggestionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["athlete", "distance_m", "accepted", "decided_by", "decided_at"]
    list_select_related = ["athlete", "decided_by"]


@admin.register(HistoryUpload)
class HistoryUploadAdmin(ReadOnlyAdmin):
    """Season files waiting between their dry run and their import (workouts.history_import)."""

    list_display = ["filename", "squad", "size", "uploaded_by", "uploaded_at", "imported_at"]
    list_select_related = ["squad", "uploaded_by"]
    exclude = ["content"]
