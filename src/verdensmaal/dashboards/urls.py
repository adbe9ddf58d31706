from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.map_view, name="map"),
    path("matrix/", views.goal_matrix_view, name="matrix"),
    path("settings/", views.settings_edit, name="settings"),
    path("municipalities/<str:code>/", views.municipality_progress, name="municipality"),
    path("indicators/<str:code>/", views.indicator_comparison_view, name="comparison"),
]
