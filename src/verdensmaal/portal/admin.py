"""The back office carries the product's name, not Django's."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("verdensmaal – back office")
admin.site.site_title = _("verdensmaal back office")
admin.site.index_title = _("The secretariat's back office")
