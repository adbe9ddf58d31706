"""Helpers every app's views share, and the CSRF failure page."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
