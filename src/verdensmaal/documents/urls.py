from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/download/<str:file_format>/", views.document_download, name="download"),
    path("<int:pk>/file/", views.document_file, name="file"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/screen-again/", views.document_rescreen, name="rescreen"),
    path("<int:pk>/delete/", views.document_delete, name="delete"),
    path("<int:pk>/strategy/", views.document_link, name="link"),
    path("<int:pk>/passages/<int:number>/action/", views.passage_action, name="passage_action"),
]
