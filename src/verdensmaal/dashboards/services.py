from django.db import transaction

from verdensmaal.catalogue.models import Indicator

from .models import DEFAULT_SIMILARITY, SimilarityIndicator


@transaction.atomic
def similarity_defaults_load() -> int:
    """Set-up: the default indicators for similar municipalities, unless the secretariat has
    chosen any (then nothing changes). Returns how many there are."""
    if not SimilarityIndicator.objects.exists():
        for indicator in Indicator.objects.filter(code__in=DEFAULT_SIMILARITY):
            SimilarityIndicator.objects.create(
                indicator=indicator, weight=DEFAULT_SIMILARITY[indicator.code]
            )
    return SimilarityIndicator.objects.count()
