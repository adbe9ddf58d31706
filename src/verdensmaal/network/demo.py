"""The demo season: the programme of the network announcement, members and participants.

Themes, speakers, places and the days of the year come from the announcement of the 2020-21
season (shared/seed/network-announcement-da.txt). So that someone trying the product sees
meetings to come, the demo season is the current one: it starts on 1 August of this year (of
last year before August) and the announced days move with it; loaded on 1 September 2020, it is
the announcement's own season. Once loaded, the demo season keeps its dates. The announcement
gives no times: 13:00-16:00 Danish time is ASSUMED for every meeting. The online links, venues
and all participants are invented and marked as demo. The price rule is the announcement's: DKK
10,000 for a member's first participant, 25 % discount for each further one, VAT on top; the
services price the registrations. Safe to run again: records are found by their natural keys.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from verdensmaal.accounts.models import Organisation, User

from . import services
from .ical import COPENHAGEN
from .models import Meeting, Membership, Participant, Season
from .pricing import DEMO_BASE_PRICE, DEMO_FURTHER_DISCOUNT, DEMO_VAT_RATE

MEETING_START = time(13, 0)  # assumed: the announcement gives dates only
MEETING_END = time(16, 0)
ANNOUNCED_SEASON_START = 2020  # the year of the announcement's season start
SEASON_START_MONTH = 8

DEMO_PROGRAMME = [
    {"day": date(2020, 10, 29), "title_da": "Fra verdensmål til vores mål",
     "title_en": "From the global goals to our goals", "format": "physical", "city": "København",
     "speakers": [("María A. Petrera", "Manager, SDG Strategy & Innovation", "Deloitte"),
                  ("Lene Sternsdorf", "Klimakoordinator", "Sønderborg Kommune")]},
    {"day": date(2020, 11, 30), "title_da": "Tilblivelsen – ideerne og arkitekturen bag",
     "title_en": "The making – the ideas and the architecture behind", "format": "online",
     "speakers": [("Christian Friis Bach",
                   "Tidl. undergeneralsekretær i FN, tidl. minister for udvikling", "")]},
    {"day": date(2021, 1, 28),
     "title_da": "Verdensmålene – et bidrag til kvalificering af vores strategier og handlinger",
     "title_en": "The global goals – a contribution to better strategies and actions",
     "format": "physical", "city": "Vejle",
     "speakers": [("Niels Nybye Ågesen", "Kommunaldirektør", "Vejle Kommune")]},
    {"day": date(2021, 3, 16),
     "title_da": "Verdensmålene – en operationalisering ind i en kommunal kontekst, drivers, "
                 "barrierer og effekter",
     "title_en": "The global goals made operational in a municipal context: drivers, barriers "
                 "and effects",
     "format": "online", "speakers": [("Line Vind", "Chefkonsulent", "Gladsaxe Kommune")]},
    {"day": date(2021, 5, 4),
     "title_da": "Interessenter, samskabelse – at udvikle resultater, kompetencer og kapacitet",
     "title_en": "Stakeholders and co-creation – developing results, skills and capacity",
     "format": "online",
     "speakers": [("Henriette Kahré Freris",
                   "Senior forretningsudvikler, SDG Business Booster Consultant",
                   "Erhvervshus Hovedstaden")]},
    {"day": date(2021, 6, 10),
     "title_da": "Dokumentation, måling, afrapportering og kommunikation",
     "title_en": "Documentation, measurement, reporting and communication",
     "format": "physical", "city": "Herning",
     "speakers": [("Jette Søndergaard Hansen", "Strategisk programchef, Direktionssekretariatet",
                   "Herning Kommune")]},
]  # fmt: skip

DEMO_MEMBERS = [
    "Vejle Kommune", "Sønderborg Kommune", "Gladsaxe Kommune", "Herning Kommune",
    "Københavns Kommune", "Bornholms Regionskommune", "Demo Professionshøjskole",
]  # fmt: skip

# (organisation, name, title, role, registered for the season, user to link)
DEMO_PARTICIPANTS = [
    ("Vejle Kommune", "Vera Vestergaard (demo)", "Strategisk konsulent", "strategist", False, ""),
    ("Vejle Kommune", "Viggo Vinther (demo)", "Byrådsmedlem", "politician", False, ""),
    ("Sønderborg Kommune", "Signe Sørensen (demo)", "Klimakonsulent", "practitioner", True, ""),
    ("Sønderborg Kommune", "Søren Skov (demo)", "Udvalgsformand", "politician", True, ""),
    ("Herning Kommune", "Dorte Deltager (demo)", "Udviklingskonsulent", "practitioner", True,
     "deltager"),
    ("Herning Kommune", "Hans Holm (demo)", "Planchef", "strategist", True, ""),
    ("Gladsaxe Kommune", "Gitte Grøn (demo)", "Chefkonsulent", "strategist", True, ""),
]  # fmt: skip


def _current_season_start(today: date) -> int:
    return today.year if today.month >= SEASON_START_MONTH else today.year - 1


def _email(name: str) -> str:
    local = name.split(" (")[0].lower().replace(" ", ".")
    for letter, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("í", "i")):
        local = local.replace(letter, plain)
    return f"{local}@demo.verdensmaal.local"


@transaction.atomic
def network_demo_load(*, actor) -> dict[str, int]:
    """The demo season, its meetings, members, participants and registrations, written by
    ``actor`` (the demo secretariat) through the network's services."""
    season_fields = {
        "title_da": "Verdensmålsnetværk for kommuner",
        "title_en": "SDG network for municipalities",
        "base_price": DEMO_BASE_PRICE,
        "further_discount": DEMO_FURTHER_DISCOUNT,
        "vat_rate": DEMO_VAT_RATE,
        "is_demo": True,
    }
    season = Season.objects.filter(is_demo=True).order_by("starts_on").last()
    start_year = season.starts_on.year if season else _current_season_start(timezone.localdate())
    season_fields.update(starts_on=date(start_year, 8, 1), ends_on=date(start_year + 1, 7, 31))
    if season is None:
        name = f"{start_year}-{(start_year + 1) % 100:02d}"
        season = services.season_create(actor=actor, name=name, **season_fields)
    else:
        season = services.season_update(actor=actor, season=season, **season_fields)
    shift = start_year - ANNOUNCED_SEASON_START

    for number, item in enumerate(DEMO_PROGRAMME, start=1):
        day = item["day"].replace(year=item["day"].year + shift)
        starts_at = datetime.combine(day, MEETING_START, tzinfo=COPENHAGEN)
        city = item.get("city", "")
        fields = {
            "ends_at": datetime.combine(day, MEETING_END, tzinfo=COPENHAGEN),
            "title_da": item["title_da"],
            "title_en": item["title_en"],
            "format": item["format"],
            "city": city,
            "venue": "Mødelokale (demo)" if city else "",
            "capacity": 40 if city else None,
            "online_url": ""
            if city
            else f"https://meet.demo.verdensmaal.local/{season.name}-{number}",
        }
        speakers = [
            {"name": name, "title": title, "organisation": organisation}
            for name, title, organisation in item["speakers"]
        ]
        meeting = Meeting.objects.filter(season=season, starts_at=starts_at).first()
        if meeting is None:
            services.meeting_create(
                actor=actor, season=season, starts_at=starts_at, speakers=speakers, **fields
            )
        else:
            services.meeting_update(actor=actor, meeting=meeting, speakers=speakers, **fields)

    organisations = {o.name: o for o in Organisation.objects.filter(name__in=DEMO_MEMBERS)}
    memberships = {}
    for name in DEMO_MEMBERS:
        if name not in organisations:
            continue
        organisation = organisations[name]
        memberships[name] = Membership.objects.filter(
            season=season, organisation=organisation
        ).first() or services.membership_create(
            actor=actor,
            season=season,
            organisation=organisation,
            invoice_reference=f"Verdensmålsnetværk {season.name}",
            contact_email=organisation.email,
        )

    registered = 0
    for org_name, name, title, role, register, username in DEMO_PARTICIPANTS:
        if org_name not in organisations:
            continue
        organisation = organisations[org_name]
        participant = Participant.objects.filter(
            organisation=organisation, email=_email(name)
        ).first() or services.participant_create(
            actor=actor,
            organisation=organisation,
            email=_email(name),
            name=name,
            title=title,
            role=role,
            directory_consent=True,
            is_demo=True,
            user=User.objects.filter(username=username).first() if username else None,
        )
        membership = memberships[org_name]
        if register and not membership.registrations.filter(participant=participant).exists():
            services.season_registrations_create(
                actor=actor, membership=membership, participants=[participant]
            )
            registered += 1
    return {
        "seasons": 1,
        "meetings": season.meetings.count(),
        "memberships": len(memberships),
        "registrations": registered,
    }
