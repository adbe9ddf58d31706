"""Two factual peer groups for trying the comparisons; the secretariat defines its own."""

from .models import Area
from .services import peer_group_save

PEER_GROUPS = [
    {"name_da": "De seks største kommuner", "name_en": "The six largest municipalities",
     "description_da": "Flest indbyggere (Danmarks Statistik, FOLK1A, 2024).",
     "description_en": "Most inhabitants (Statistics Denmark, FOLK1A, 2024).",
     "codes": ["101", "751", "851", "461", "630", "561"]},
    {"name_da": "Økommuner", "name_en": "Island municipalities",
     "description_da": "Kommuner uden fast forbindelse til fastlandet.",
     "description_en": "Municipalities without a fixed link to the mainland.",
     "codes": ["400", "492", "563", "741", "825"]},
]  # fmt: skip


def peer_groups_load(*, actor) -> int:
    for item in PEER_GROUPS:
        fields = {k: v for k, v in item.items() if k != "codes"}
        peer_group_save(
            actor=actor, municipalities=Area.objects.filter(code__in=item["codes"]), **fields
        )
    return len(PEER_GROUPS)
