from django.urls import path

from . import views

app_name = "athletes"

urlpatterns = [
    path("squads/", views.squad_list, name="squad_list"),
    path("squads/<int:pk>/", views.squad_detail, name="squad_detail"),
    path("athletes/<int:pk>/", views.athlete_detail, name="athlete_detail"),
]
