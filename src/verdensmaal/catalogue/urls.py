from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.goal_list, name="goals"),
    path("<int:number>/", views.goal_detail, name="goal"),
    path("targets/<str:code>/translation/", views.target_translation, name="target-translation"),
]
