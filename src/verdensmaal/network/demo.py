"""The demo season 2020-21: the programme of the network announcement, members and participants.

Dates, themes, speakers and places come from the announcement (shared/seed/
network-announcement-da.txt). The announcement gives no times: 13:00-16:00 Danish time is ASSUMED
for every meeting. The online links, venues and all participants are invented and marked as demo.
The price rule is the announcement's: DKK 10,000 for a member's first participant, 25 % discount
for each further one, VAT on top. Safe to run again: records are found by their natural keys.
"""

from datetime import date, datetime, time

from django.db import transaction

from verdensmaal.accounts.models import Organisation, User

from .ical import COPENHAGEN
from .models import Meeting, Membership, Participant, Season, SeasonRegistration, Speaker
from .pricing import DEMO_BASE_PRICE, DEMO_FURTHER_DISCOUNT, DEMO_VAT_RATE, participant_prices

MEETING_START = time(13, 0)  # assumed: the announcement gives dates only
MEETING_END = time(16, 0)

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


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _email(name: str) -> str:
    local = name.split(" (")[0].lower().replace(" ", ".")
    for letter, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("í", "i")):
        local = local.replace(letter, plain)
    return f"{local}@demo.verdensmaal.local"


@transaction.atomic
def network_demo_load() -> dict[str, int]:
    season = Season.objects.filter(name="2020-21").first() or Season(name="2020-21")
    season.title_da = "Verdensmålsnetværk for kommuner"
    season.title_en = "SDG network for municipalities"
    season.starts_on, season.ends_on = date(2020, 8, 1), date(2021, 7, 31)
    season.base_price = DEMO_BASE_PRICE
    season.further_discount = DEMO_FURTHER_DISCOUNT
    season.vat_rate = DEMO_VAT_RATE
    season.is_demo = True
    _save(season)

    for number, item in enumerate(DEMO_PROGRAMME, start=1):
        starts_at = datetime.combine(item["day"], MEETING_START, tzinfo=COPENHAGEN)
        meeting = Meeting.objects.filter(season=season, starts_at=starts_at).first() or Meeting(
            season=season, starts_at=starts_at
        )
        meeting.ends_at = datetime.combine(item["day"], MEETING_END, tzinfo=COPENHAGEN)
        meeting.title_da, meeting.title_en = item["title_da"], item["title_en"]
        meeting.format = item["format"]
        meeting.city = item.get("city", "")
        meeting.venue = "Mødelokale (demo)" if meeting.city else ""
        meeting.capacity = 40 if meeting.city else None
        meeting.online_url = (
            "" if meeting.city else f"https://meet.demo.verdensmaal.local/2020-21-{number}"
        )
        _save(meeting)
        meeting.speakers.all().delete()
        for order, (name, title, organisation) in enumerate(item["speakers"]):
            _save(Speaker(meeting=meeting, order=order, name=name, title=title,
                          organisation=organisation))  # fmt: skip

    organisations = {o.name: o for o in Organisation.objects.filter(name__in=DEMO_MEMBERS)}
    memberships = {}
    for name in DEMO_MEMBERS:
        if name not in organisations:
            continue
        organisation = organisations[name]
        membership = Membership.objects.filter(season=season, organisation=organisation).first()
        membership = membership or Membership(season=season, organisation=organisation)
        membership.invoice_reference = "Verdensmålsnetværk 2020-21"
        membership.contact_email = organisation.email
        memberships[name] = _save(membership)

    registered = 0
    for org_name, name, title, role, register, username in DEMO_PARTICIPANTS:
        if org_name not in organisations:
            continue
        organisation = organisations[org_name]
        participant = Participant.objects.filter(
            organisation=organisation, email=_email(name)
        ).first() or Participant(organisation=organisation, email=_email(name))
        participant.name, participant.title, participant.role = name, title, role
        participant.directory_consent = True
        participant.is_demo = True
        if username:
            participant.user = User.objects.filter(username=username).first()
        _save(participant)
        membership = memberships[org_name]
        if (
            register
            and not SeasonRegistration.objects.filter(
                membership=membership, participant=participant
            ).exists()
        ):
            position = membership.registrations.count() + 1
            price = participant_prices(
                position, base_price=season.base_price, further_discount=season.further_discount
            )[-1]
            registration = SeasonRegistration(
                membership=membership,
                participant=participant,
                position=position,
                price=price,
                vat_rate=season.vat_rate,
            )
            _save(registration)
            registered += 1
    return {
        "seasons": 1,
        "meetings": season.meetings.count(),
        "memberships": len(memberships),
        "registrations": registered,
    }
