from django.db import transaction

from .models import Area


@transaction.atomic
def areas_load(data: dict) -> dict[str, int]:
    """Create or update Denmark, the regions and the municipalities; safe to run again."""
    country, _created = Area.objects.update_or_create(
        code=data["country"]["code"],
        defaults={
            "kind": Area.Kind.COUNTRY,
            "name_da": data["country"]["name"]["da"],
            "name_en": data["country"]["name"]["en"],
            "parent": None,
        },
    )
    regions = {}
    for item in data["regions"]:
        regions[item["code"]], _created = Area.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": Area.Kind.REGION,
                "name_da": item["name"]["da"],
                "name_en": item["name"]["en"],
                "parent": country,
                "dagi_code": item["dagi_code"],
                "iso_3166_2": item["iso_3166_2"],
                "nuts2": item["nuts2"],
            },
        )
    for item in data["municipalities"]:
        Area.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": Area.Kind.MUNICIPALITY,
                "name_da": item["name"],
                "name_en": item["name"],
                "parent": regions[item["region"]],
                "dagi_code": item["dagi_code"],
            },
        )
    return {kind: Area.objects.filter(kind=kind).count() for kind in Area.Kind.values}
