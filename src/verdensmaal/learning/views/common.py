"""What the learning pages share: the form page and the ambition levels' labels."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from ..measures import LEVEL_BEYOND, LEVEL_HIGH, LEVEL_LOW, LEVEL_UNKNOWN

LATEST_CASES = 6
LEVEL_LABELS = {
    LEVEL_LOW: gettext_lazy("Low: no faster than the median municipality"),
    LEVEL_HIGH: gettext_lazy("High: faster than the median municipality"),
    LEVEL_BEYOND: gettext_lazy("Beyond what is observed: faster than nine in ten municipalities"),
    LEVEL_UNKNOWN: gettext_lazy("Cannot be compared"),
}


def _form_page(request, form, *, heading, cancel_url, subject=None, delete_url=""):
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "heading": heading,
            "cancel_url": cancel_url,
            "subject": subject,
            "delete_url": delete_url,
        },
    )
