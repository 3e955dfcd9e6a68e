from django.urls import path

from . import views

app_name = "athletes"

urlpatterns = [
    path("squads/", views.squad_list, name="squad_list"),
    path("squads/<int:pk>/", views.squad_detail, name="squad_detail"),
    path("squads/<int:pk>/defaults/", views.squad_defaults, name="squad_defaults"),
    path("athletes/<int:pk>/", views.athlete_detail, name="athlete_detail"),
    path("athletes/<int:pk>/races/", views.race_result_add, name="race_result_add"),
    path(
        "athletes/<int:pk>/races/<int:result_pk>/void/",
        views.race_result_void,
        name="race_result_void",
    ),
    path("athletes/<int:pk>/zones/", views.zone_set, name="zone_set"),
    path(
        "athletes/<int:pk>/calendar/reset/",
        views.calendar_feed_reset,
        name="calendar_feed_reset",
    ),
    path(
        "athletes/<int:pk>/zones/<int:entry_pk>/correct/",
        views.zone_correct,
        name="zone_correct",
    ),
]
