from django.conf import settings


def site(request):
    context = {"demo_mode": settings.VERDENSMAAL_DEMO}
    # A page being kept for every reader of its kind (audit.pages) gets holes, filled per request.
    if markers := getattr(request, "shared_page_markers", None):
        context.update(csrf_token=markers.csrf, reader_name=markers.name)
    return context
