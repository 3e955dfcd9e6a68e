from django.urls import path

from . import calendar_views, history_views, suggestion_views, views

app_name = "workouts"

urlpatterns = [
    path("sessions/", views.my_sessions, name="my_sessions"),
    # No sign-in: the secret in the address is the key (workouts.calendar_views).
    path("calendar/<str:secret>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/stopwatch/", views.session_stopwatch, name="session_stopwatch"),
    path("sessions/<int:pk>/targets/", views.target_override, name="target_override"),
    path("sessions/<int:pk>/move/", views.session_move, name="session_move"),
    path("sessions/<int:pk>/remove/", views.session_remove, name="session_remove"),
    path("sessions/<int:pk>/workouts.zip", views.session_fit_zip, name="session_fit_zip"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/workout.fit", views.assignment_fit, name="assignment_fit"),
    path("assignments/<int:pk>/splits/", views.split_save, name="split_save"),
    path("assignments/<int:pk>/splits/remove/", views.split_remove, name="split_remove"),
    path("assignments/<int:pk>/splits/paste/", views.splits_paste, name="splits_paste"),
    path("assignments/<int:pk>/splits/watch/", views.splits_watch, name="splits_watch"),
    path("assignments/<int:pk>/report/", views.report_save, name="report_save"),
    path(
        "athletes/<int:pk>/zone-suggestions/",
        suggestion_views.zone_suggestions,
        name="zone_suggestions",
    ),
    path(
        "athletes/<int:pk>/zone-suggestions/decide/",
        suggestion_views.zone_suggestion_decide,
        name="zone_suggestion_decide",
    ),
    path("squads/<int:squad_pk>/templates/", views.template_library, name="template_library"),
    path("squads/<int:squad_pk>/templates/new/", views.template_new, name="template_new"),
    path(
        "squads/<int:squad_pk>/templates/preview/",
        views.template_preview,
        name="template_preview",
    ),
    path("squads/<int:squad_pk>/calendar/", views.squad_calendar, name="squad_calendar"),
    path(
        "squads/<int:squad_pk>/calendar/copy-week/",
        views.sessions_copy_week,
        name="sessions_copy_week",
    ),
    path("squads/<int:squad_pk>/import/", history_views.history_import, name="history_import"),
    path(
        "squads/<int:squad_pk>/import/apply/",
        history_views.history_import_apply,
        name="history_import_apply",
    ),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/duplicate/", views.template_duplicate, name="template_duplicate"),
    path("templates/<int:pk>/archive/", views.template_archive, name="template_archive"),
    path("templates/<int:pk>/prescribe/", views.template_prescribe, name="template_prescribe"),
]
