from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.municipality_list, name="municipalities"),
    path("<str:code>/", views.municipality_detail, name="municipality"),
]
