"""Demo organisations and users, clearly marked as demo, for trying the product.

The CVR numbers are the municipalities' published ones; the EAN numbers are invented (valid check
digit, not real invoice addresses). The demo passwords are public: never load demo data in
production. Safe to run again: organisations are updated, existing users are left as they are.
"""

from stdnum.ean import calc_check_digit

from verdensmaal.areas.models import Area

from .models import Organisation, User
from .services import organisation_create, organisation_update, user_create


def _ean(serial: int) -> str:
    first_twelve = f"579800{serial:06d}"
    return first_twelve + calc_check_digit(first_twelve)


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


def _user(item: dict, *, actor, organisation) -> User:
    existing = User.objects.filter(username=item["username"]).first()
    if existing is not None:
        return existing
    is_secretariat = item["role"] == User.Role.SECRETARIAT
    return user_create(
        actor=actor,
        username=item["username"],
        email=item["email"],
        password=item["password"],
        role=item["role"],
        organisation=organisation,
        first_name=item["first_name"],
        last_name=item["last_name"],
        is_staff=is_secretariat,
        is_superuser=is_secretariat,
    )


def demo_secretariat() -> User:
    """The demo secretariat user, who makes the other demo data."""
    return User.objects.get(username=DEMO_USERS[0]["username"])


def accounts_demo_load() -> dict[str, int]:
    """The demo secretariat user first (set-up, no actor), then the organisations and the other
    users, written by that user through the services."""
    secretariat = _user(DEMO_USERS[0], actor=None, organisation=None)
    organisations = {}
    for serial, item in enumerate(DEMO_ORGANISATIONS, start=1):
        fields = {
            **{k: v for k, v in item.items() if k not in ("name", "kind", "area")},
            "ean": _ean(serial),
            "email": f"kontakt{serial}@demo.verdensmaal.local",
        }
        organisation = Organisation.objects.filter(name=item["name"]).first()
        if organisation is None:
            organisation = organisation_create(
                actor=secretariat,
                name=item["name"],
                kind=item["kind"],
                area=Area.objects.get(code=item["area"]) if item["area"] else None,
                is_demo=True,
                **fields,
            )
        else:
            organisation = organisation_update(
                actor=secretariat, organisation=organisation, **fields
            )
        organisations[organisation.name] = organisation
    for item in DEMO_USERS[1:]:
        _user(item, actor=secretariat, organisation=organisations.get(item["organisation"]))
    return {"organisations": len(organisations), "users": len(DEMO_USERS)}
