"""Demo organisations and users, clearly marked as demo, for trying the product.

The CVR numbers are the municipalities' published ones; the EAN numbers are invented (valid check
digit, not real invoice addresses). The demo passwords are public: never load demo data in
production.
"""

from django.db import transaction

from verdensmaal.accounts.models import Organisation, User
from verdensmaal.areas.models import Area, PeerGroup
from verdensmaal.core.validators import gln_check_digit
from verdensmaal.network.demo import network_demo_load


def _ean(serial: int) -> str:
    first_twelve = f"579800{serial:06d}"
    return first_twelve + str(gln_check_digit(first_twelve))


DEMO_ORGANISATIONS = [
    {"name": "Vejle Kommune", "kind": "municipality", "area": "630", "cvr": "29189900",
     "street": "Skolegade 1", "postcode": "7100", "city": "Vejle"},
    {"name": "Sønderborg Kommune", "kind": "municipality", "area": "540", "cvr": "29189781",
     "street": "Rådhustorvet 10", "postcode": "6400", "city": "Sønderborg"},
    {"name": "Gladsaxe Kommune", "kind": "municipality", "area": "159", "cvr": "62761113",
     "street": "Rådhus Allé 7", "postcode": "2860", "city": "Søborg"},
    {"name": "Herning Kommune", "kind": "municipality", "area": "657", "cvr": "29189919",
     "street": "Torvet 5", "postcode": "7400", "city": "Herning"},
    {"name": "Københavns Kommune", "kind": "municipality", "area": "101", "cvr": "64942212",
     "street": "Rådhuspladsen 1", "postcode": "1550", "city": "København V"},
    {"name": "Bornholms Regionskommune", "kind": "municipality", "area": "400", "cvr": "26696348",
     "street": "Ullasvej 23", "postcode": "3700", "city": "Rønne"},
    {"name": "Demo Professionshøjskole", "kind": "education", "area": None, "cvr": "",
     "street": "Campusvej 1", "postcode": "5000", "city": "Odense C"},
]  # fmt: skip

DEMO_USERS = [
    {"username": "sekretariat", "password": "demo-sekretariat-2020", "role": "secretariat",
     "organisation": None, "first_name": "Sekretariatet", "last_name": "(demo)",
     "email": "sekretariat@demo.verdensmaal.local"},
    {"username": "redaktoer", "password": "demo-redaktoer-2020", "role": "editor",
     "organisation": "Vejle Kommune", "first_name": "Rie", "last_name": "Redaktør (demo)",
     "email": "redaktoer@demo.verdensmaal.local"},
    {"username": "redaktoer2", "password": "demo-redaktoer-2020", "role": "editor",
     "organisation": "Sønderborg Kommune", "first_name": "Søren", "last_name": "Redaktør (demo)",
     "email": "redaktoer2@demo.verdensmaal.local"},
    {"username": "deltager", "password": "demo-deltager-2020", "role": "participant",
     "organisation": "Herning Kommune", "first_name": "Dorte", "last_name": "Deltager (demo)",
     "email": "deltager@demo.verdensmaal.local"},
]  # fmt: skip


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


def peer_groups_load() -> None:
    for item in PEER_GROUPS:
        fields = {k: v for k, v in item.items() if k != "codes"}
        group, _created = PeerGroup.objects.update_or_create(
            name_da=item["name_da"], defaults=fields
        )
        group.municipalities.set(Area.objects.filter(code__in=item["codes"]))


@transaction.atomic
def demo_load() -> dict[str, int]:
    organisations = {}
    for serial, item in enumerate(DEMO_ORGANISATIONS, start=1):
        fields = {**item, "is_demo": True, "ean": _ean(serial)}
        fields["area"] = Area.objects.get(code=item["area"]) if item["area"] else None
        fields["email"] = f"kontakt{serial}@demo.verdensmaal.local"
        organisation = Organisation.objects.filter(name=item["name"]).first() or Organisation()
        for field, value in fields.items():
            setattr(organisation, field, value)
        organisation.full_clean()
        organisation.save()
        organisations[organisation.name] = organisation
    for item in DEMO_USERS:
        user = User.objects.filter(username=item["username"]).first() or User(
            username=item["username"]
        )
        for field in ("role", "first_name", "last_name", "email"):
            setattr(user, field, item[field])
        user.organisation = organisations.get(item["organisation"])
        user.is_staff = user.is_superuser = item["role"] == User.Role.SECRETARIAT
        user.set_password(item["password"])
        user.full_clean()
        user.save()
    network_demo_load()
    peer_groups_load()
    return {"organisations": len(organisations), "users": len(DEMO_USERS)}
