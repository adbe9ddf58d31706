from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("new/", views.indicator_edit, name="new"),
    path("<str:code>/", views.indicator_detail, name="detail"),
    path("<str:code>/edit/", views.indicator_edit, name="edit"),
]
