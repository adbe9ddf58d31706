"""The API (``v1/``) and the account page where tokens are made and revoked (``tokens/``)."""

from django.urls import include, path

from . import views
from .api import api

token_patterns = (
    [
        path("", views.account, name="account"),
        path("<int:pk>/revoke/", views.revoke, name="revoke"),
    ],
    "tokens",
)

urlpatterns = [
    path("v1/", api.urls),
    path("tokens/", include(token_patterns)),
]
