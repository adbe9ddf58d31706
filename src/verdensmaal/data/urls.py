from django.urls import path

from . import views

app_name = "data"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/confirm/", views.confirm, name="confirm"),
    path("import/recheck/", views.recheck, name="recheck"),
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("export/", views.export, name="export"),
]
