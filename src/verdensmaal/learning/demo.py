"""Demo content for learning across borders, clearly labelled as demo: small frameworks of the
other member municipalities (so their actions can become cases and their targets stand side by
side with Vejle's), nine cases from six municipalities on real catalogue indicators, two field
visits after the network's first season (Bornholm and Sydhavnen in Copenhagen, as in the
announcement; the dates, sites and programmes are ASSUMED), observations from the Bornholm visit,
data needs with their supporters, and one revision of Vejle's CO2e figures that gives its editor a
revision notice.

The frameworks, targets, actions, partners, figures and observations are invented to show how the
product is used; the results shown on the case pages come from the generated demo observations.
Entered through the services (by each municipality's demo editor where there is one, else by the
demo secretariat). Load the demo observations and Vejle's framework first (``load_demo`` does).
Safe to run again: what exists is found by its title and left as it is.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from verdensmaal.accounts.models import Organisation, User
from verdensmaal.areas.models import Area
from verdensmaal.catalogue.models import Goal, Indicator, Target
from verdensmaal.data.parsers import ObservationRow
from verdensmaal.data.selectors import headline_value, selection
from verdensmaal.data.services import import_apply, import_plan
from verdensmaal.frameworks import services as frameworks
from verdensmaal.frameworks.models import Action, Framework, LocalTarget
from verdensmaal.network import services as network
from verdensmaal.network.ical import COPENHAGEN
from verdensmaal.network.models import Meeting, MeetingRegistration, Participant, Season

from . import services
from .models import Case, DataNeed, FieldObservation

BASELINE_YEAR = 2020
START_YEAR, END_YEAR = 2021, 2030
SECRETARIAT = "sekretariat"
EDITORS = {"630": "redaktoer", "540": "redaktoer2"}
REVISION_SOURCE = "Demo: revideret CO2e-opgørelse for Vejle (genereret, ikke rigtige tal)"

# Each member's framework: (area, title, [(key, title, indicator, SDG targets, relative change or
# None, absolute target or None, target year)], [(key, action title, description, owner, start,
# end, budget, local target keys, partners [(name, kind, role)], factors [(effect, kind, text)])])
FRAMEWORKS = [
    ("540", "Sønderborgs handlings- og målramme (demo)", [
        ("co2", "CO2-neutral i 2029 (ProjectZero)", "DK-ENS-CO2E-PERCAP", ["13.2", "7.2"],
         None, "2.0", 2029),
        ("lowincome", "Færre borgere med lav indkomst", "DK-IFOR-LOWINC60", ["1.2", "10.2"],
         -0.2, None, 2030),
        ("recycling", "Mere genanvendelse af husholdningsaffald", "DK-LABY25-RECYCLING",
         ["12.5"], None, "65", 2030),
    ], [
        ("mentors", "Jobmentorer for borgere på kanten af arbejdsmarkedet",
         "Borgere på offentlig forsørgelse får en personlig jobmentor fra en lokal virksomhed i "
         "op til et år, og jobcentret samarbejder med virksomhederne om småjob og fleksible timer.",
         "Jobcenter Sønderborg", date(2016, 3, 1), date(2023, 12, 31), "6400000", ["lowincome"],
         [("Sønderborg Erhvervsforum (fiktiv)", "ngo", "finder mentorer i virksomhederne"),
          ("Syddansk Erhvervsskole", "education", "korte opkvalificeringsforløb")],
         [("driver", "organisational", "Én fast kontaktperson i jobcentret for hver virksomhed"),
          ("barrier", "legal", "Reglerne for fradrag i ydelsen ved småjob er svære at forklare")]),
        ("reuse", "Genbrugspladser med byttemarked og reparationscafé",
         "Alle genbrugspladser har fået et byttemarked og en reparationscafé drevet med "
         "frivillige, og sorteringen er udvidet til ti fraktioner.",
         "Sønderborg Forsyning", date(2018, 5, 1), None, "2100000", ["recycling"],
         [("Repair Café Sønderborg (fiktiv)", "ngo", "driver reparationscaféerne")],
         [("driver", "behavioural", "Borgerne tager byttemarkedet til sig hurtigere end ventet")]),
    ]),
    ("159", "Gladsaxes verdensmålsramme (demo)", [
        ("co2", "20 % mindre CO2e-udledning pr. indbygger", "DK-ENS-CO2E-PERCAP", ["13.2"],
         -0.2, None, 2030),
        ("ksi", "Færre dræbte og alvorligt tilskadekomne i trafikken", "DK-UHELD-KSI",
         ["3.6", "11.2"], -0.3, None, 2030),
        ("neet", "Alle unge i uddannelse eller job", "DK-NEET-1624", ["8.6", "4.3"],
         -0.35, None, 2030),
    ], [
        ("schoolroads", "Sikre skoleveje og 40 km/t i boligområderne",
         "Alle skoleveje er gennemgået sammen med skolerne; 38 kryds er ombygget, og "
         "hastigheden er sat ned til 40 km/t i alle boligområder.",
         "By- og Miljøforvaltningen, Trafik", date(2017, 8, 1), date(2022, 6, 30), "24000000",
         ["ksi"],
         [("Skolebestyrelserne i Gladsaxe", "school", "udpeger de farligste steder"),
          ("Nordsjællands Politi", "public", "hastighedskontrol de første to år")],
         [("driver", "political", "Bred politisk aftale om nul-visionen"),
          ("barrier", "economic", "Ombygning af kryds tager budgettet for flere år")]),
        ("youth", "Én indgang for unge: uddannelse, job og trivsel samme sted",
         "Unge under 25 uden uddannelse eller job møder én rådgiver, der samler jobcenter, "
         "ungdomsskole, uddannelsesvejledning og misbrugsrådgivning om én plan.",
         "Gladsaxe Ungeenhed", date(2016, 1, 1), None, "9800000", ["neet"],
         [("Gladsaxe Ungdomsskole", "school", "korte forløb og værkstedsundervisning")],
         [("driver", "organisational", "Fælles mål og budget på tværs af forvaltningerne"),
          ("barrier", "technological", "Tre it-systemer, der ikke taler sammen")]),
    ]),
    ("657", "Hernings handlings- og målramme (demo)", [
        ("co2", "10 % mindre CO2e-udledning pr. indbygger", "DK-ENS-CO2E-PERCAP", ["13.2"],
         -0.1, None, 2030),
        ("phosphorus", "Mindre fosfor fra renseanlæggene", "DK-VANDUD-PHOSPHORUS", ["6.3"],
         -0.3, None, 2030),
    ], [
        ("phosphorus", "Fosforfældning og genindvinding på Herning Renseanlæg",
         "Renseanlægget har fået et nyt trin, der fælder fosfor og genindvinder det som "
         "gødning, styret af online-målinger i indløbet.",
         "Herning Vand", date(2017, 4, 1), date(2019, 10, 31), "31000000", ["phosphorus"],
         [("Aarhus Universitet, Institut for Bioscience", "education", "målinger og evaluering")],
         [("driver", "technological", "Online-målinger gør det muligt at dosere præcist"),
          ("barrier", "economic", "Anlægget skulle finansieres over taksterne")]),
    ]),
    ("101", "Københavns verdensmålsramme (demo)", [
        ("co2", "35 % mindre CO2e-udledning pr. indbygger", "DK-ENS-CO2E-PERCAP", ["13.2"],
         -0.35, None, 2030),
        ("transport", "Mindre udledning fra transport", "DK-ENS-CO2E-TRANSPORT",
         ["11.2", "13.2"], -0.3, None, 2030),
        ("energy", "Lavere energiforbrug pr. indbygger", "DK-ENS-ENERGYPERCAP", ["7.3"],
         -0.2, None, 2030),
    ], [
        ("cycling", "Supercykelstier og grønne mobilitetsplaner for arbejdspladser",
         "Nye supercykelstier mod forstæderne, grøn bølge for cyklister og mobilitetsplaner "
         "sammen med de største arbejdspladser, så flere pendler på cykel og med tog.",
         "Teknik- og Miljøforvaltningen", date(2016, 6, 1), None, "310000000", ["transport"],
         [("Sekretariatet for Supercykelstier (fiktiv)", "public", "koordinerer på tværs af "
           "kommunegrænser"),
          ("Region Hovedstaden", "public", "medfinansiering og trafikdata")],
         [("driver", "political", "Cyklen er en del af byens identitet og har bred opbakning"),
          ("barrier", "organisational", "Ruterne krydser mange kommuner med hver sin plan")]),
        ("sydhavnen", "Energirenovering af almene boliger i Sydhavnen",
         "Boligforeninger i Sydhavnen renoverer klimaskærm og ventilation, og beboerne får "
         "energirådgivning; kommunen samler udbud og fjernvarmetilslutning.",
         "Københavns Kommune og boligforeningerne i Sydhavnen", date(2015, 9, 1),
         date(2024, 12, 31), "145000000", ["energy"],
         [("Boligforeningerne i Sydhavnen (fiktiv)", "citizens", "bygherrer og beboerdemokrati"),
          ("HOFOR", "utility", "fjernvarme og målerdata")],
         [("driver", "behavioural", "Beboerne var med fra start i genhusningen"),
          ("barrier", "economic", "Huslejestigninger skal godkendes af Landsbyggefonden")]),
    ]),
    ("400", "Bornholms verdensmålsramme: Bright Green Island (demo)", [
        ("co2", "CO2-neutral ø i 2032", "DK-ENS-CO2E-PERCAP", ["13.2", "7.2"], None, "4.0",
         2032),
        ("nature", "Mere natur på øen", "DK-AREALDK2-NATURE", ["15.1", "15.5"], 0.15, None,
         2030),
    ], [
        ("nature", "Bright Green Island: ny skov og naturgenopretning",
         "Kommunen og private lodsejere har rejst ny skov ved Almindingen og genoprettet "
         "vådområder, og naturen bliver plejet med græsning frem for maskiner.",
         "Bornholms Regionskommune, Natur og Miljø", date(2016, 4, 1), None, "18000000",
         ["nature"],
         [("Naturstyrelsen Bornholm", "public", "skovrejsning på statens arealer"),
          ("Bornholms lodsejerforening (fiktiv)", "ngo", "frivillige aftaler med lodsejere")],
         [("driver", "political", "Bright Green Island samler hele øen om ét mål"),
          ("barrier", "legal", "Tilladelser til vådområder tager lang tid")]),
    ]),
]  # fmt: skip

# (area, action key or an existing action's title, title_en, why, results, lessons,
#  contact, sharing, meeting kind "bornholm"/"sydhavnen" or None)
CASES = [
    ("540", "mentors", "Job mentors lift citizens out of low income",
     "Andelen af borgere med lav indkomst var steget i ti år, især blandt ufaglærte.",
     "Over 600 borgere har haft en mentor; to ud af tre var i job eller uddannelse efter et år.",
     "Mentorerne skal komme fra virksomhederne selv: en kommunal mentor åbner ikke de samme døre.",
     ("Signe Sørensen (demo)", "signe.soerensen@demo.verdensmaal.local"), "network", None),
    ("540", "reuse", "Reuse markets and repair cafés at the recycling centres",
     "Genanvendelsen lå under landsgennemsnittet, og meget kunne bruges igen.",
     "Byttemarkederne har givet 400 tons genbrug om året; sorteringen er steget på alle "
     "pladser.",
     "Frivillige driver caféerne bedst, når forsyningen stiller lokaler og værktøj til rådighed.",
     ("Søren Skov (demo)", ""), "network", None),
    ("159", "schoolroads", "Safe roads to school and 40 km/h in residential areas",
     "For mange børn blev kørt i skole, fordi forældrene fandt vejene farlige.",
     "Antallet af dræbte og alvorligt tilskadekomne er faldet mere end i sammenlignelige "
     "kommuner.",
     "Start med skolernes egne kort over farlige steder: så følger forældrene med.",
     ("Gitte Grøn (demo)", "gitte.groen@demo.verdensmaal.local"), "network", None),
    ("159", "youth", "One way in for young people: education, work and well-being",
     "Unge uden uddannelse eller job blev sendt mellem fire forvaltninger.",
     "Andelen af 16-24-årige uden uddannelse eller job er faldet mest blandt alle kommuner.",
     "En fælles plan kræver et fælles budget; ellers bliver den unge igen kastebold.",
     ("Gitte Grøn (demo)", "gitte.groen@demo.verdensmaal.local"), "network", None),
    ("657", "phosphorus", "Phosphorus removal and recovery at the treatment plant",
     "Fosfor fra renseanlægget belastede vandløbene og fjorden.",
     "Udledningen af fosfor pr. indbygger er faldet til under landsgennemsnittet.",
     "Målingerne i indløbet er det, der gør investeringen rentabel.",
     ("Hans Holm (demo)", ""), "private", None),
    ("101", "cycling", "Cycle superhighways and green mobility plans for workplaces",
     "Transporten er byens største kilde til CO2e uden for energiforsyningen.",
     "Udledningen fra transport pr. indbygger er faldet hurtigere end i de fleste kommuner.",
     "Ruter på tværs af kommunegrænser kræver ét fælles sekretariat.",
     ("", ""), "public", None),
    ("101", "sydhavnen", "Energy renovation of social housing in Sydhavnen",
     "Boligerne i Sydhavnen havde et højt energiforbrug og utætte klimaskærme.",
     "Energiforbruget pr. indbygger er faldet; beboerne har fået lavere varmeregninger.",
     "Beboerdemokratiet skal med fra start; det tager tid, men sparer tid senere.",
     ("", ""), "network", "sydhavnen"),
    ("400", "nature", "Bright Green Island: new forest and restored nature",
     "Bornholm vil være en grøn ø, og naturen er både klima, vand og turisme.",
     "Arealet med natur er vokset mere end i næsten alle andre kommuner.",
     "Frivillige aftaler med lodsejere går hurtigere end fredninger.",
     ("", ""), "public", "bornholm"),
    ("630", "Grøn omstilling af den kommunale bilflåde",
     "Green transition of the municipal vehicle fleet",
     "Kommunens egne biler er et synligt sted at gå foran.",
     "410 af 590 køretøjer kører på el; andelen af elbiler i kommunen er steget.",
     "Udbud sammen med andre kommuner giver bedre priser og hurtigere levering.",
     ("Rie Redaktør (demo)", "redaktoer@demo.verdensmaal.local"), "public", None),
]  # fmt: skip

VISITS = {
    "bornholm": {
        "title_da": "Feltbesøg på Bornholm: Bright Green Island",
        "title_en": "Field visit to Bornholm: Bright Green Island",
        "host": "400", "city": "Rønne", "venue": "Bornholms Regionskommune (demo)",
        "month_day": (9, 24), "next_season": False,
        "programme": "09:00 Velkomst på rådhuset i Rønne\n10:00 Kraftvarmeværket: fra kul til "
        "biomasse og fjernvarme\n12:00 Frokost\n13:00 Almindingen: ny skov og vådområder\n"
        "15:00 BOFA: affald som ressource\n16:30 Opsamling: hvad tager vi med hjem?",
        "sites": [
            ("Kraftvarmeværket i Rønne", "Rønne", "Biomasse og fjernvarme til hele byen"),
            ("Almindingen", "Almindingen", "Ny skov og genoprettede vådområder"),
            ("BOFA", "Rønne", "Sortering i ti fraktioner og genbrugsbutik"),
        ],
    },
    "sydhavnen": {
        "title_da": "Feltbesøg i Sydhavnen, København: energirenovering og klimatilpasning",
        "title_en": "Field visit to Sydhavnen, Copenhagen: energy renovation and climate "
        "adaptation",
        "host": "101", "city": "København SV", "venue": "Sydhavnens Medborgerhus (demo)",
        "month_day": (4, 22), "next_season": True,
        "programme": "10:00 Velkomst i medborgerhuset\n10:30 Rundvisning i en renoveret "
        "boligblok\n12:00 Frokost med beboerrådgivere\n13:00 Klimatilpasning: regnvandsbede og "
        "skybrudsveje\n14:30 Opsamling",
        "sites": [
            ("Renoverede almene boliger", "Sydhavnen", "Klimaskærm, ventilation og "
             "energirådgivning"),
            ("Skybrudsvejen", "Sydhavnen", "Regnvand på overfladen i stedet for i kloakken"),
        ],
    },
}  # fmt: skip

# (visit, site name or "", username, text, language, goals, sharing)
OBSERVATIONS = [
    ("bornholm", "Almindingen", "deltager",
     "Lodsejerne fortalte, at det var de frivillige aftaler og ikke tilskuddet, der fik dem "
     "med. Det kan vi bruge i Herning, hvor vi også har meget privat skov.", "da", [15],
     "network"),
    ("bornholm", "BOFA", "redaktoer2",
     "Ti fraktioner lyder af meget, men skiltningen var så tydelig, at det gik af sig selv. "
     "Genbrugsbutikken ved indgangen er et godt sted at starte.", "da", [12], "network"),
    ("bornholm", "Kraftvarmeværket i Rønne", "sekretariat",
     "Skiftet fra kul til træflis blev planlagt sammen med fjernvarmekunderne fra starten; "
     "priserne holdt sig stabile.", "da", [7, 13], "public"),
    ("bornholm", "", "deltager",
     "Egen note: spørg Bornholm om deres skabelon til aftaler med lodsejere.", "da", [],
     "private"),
]  # fmt: skip

# (organisation area, title, description, level, SDG target, local target (area, key) or None,
#  supporters by username)
DATA_NEEDS = [
    ("630", "Andel af ture på cykel", "Vi har brug for cyklens andel af alle ture i kommunen, "
     "år for år, for at følge vores transportmål. Transportvaneundersøgelsen har tallet for "
     "de store kommuner.", "municipality", "11.2", ("630", "Mindre udledning fra transport"),
     ["redaktoer2", "deltager"]),
    ("540", "Energiforbrug i kommunale bygninger pr. m²", "Forbruget pr. bygning findes hos "
     "forsyningerne, men ikke samlet og ikke sammenligneligt mellem kommuner.", "local", "7.3",
     None, ["redaktoer"]),
    ("400", "Rødlistede arter i kommunen", "Antal rødlistede arter med kendte forekomster i "
     "kommunen, så vi kan følge naturindsatsen.", "municipality", "15.5", None,
     ["redaktoer", "redaktoer2"]),
    ("657", "Indkomst efter uddannelse og herkomst", "Lavindkomst fordelt på uddannelse og "
     "herkomst, så indsatsen kan målrettes.", "group", "10.2", None, []),
]  # fmt: skip

# The revision: Vejle's CO2e per inhabitant in the last years, revised upwards.
REVISION_INDICATOR = "DK-ENS-CO2E-PERCAP"
REVISION_AREA = "630"
REVISION_YEARS = (2022, 2023, 2024, 2025)
REVISION_FACTOR = Decimal("1.15")


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _actor(code: str) -> User:
    return User.objects.filter(username=EDITORS.get(code, SECRETARIAT)).first() or User.objects.get(
        username=SECRETARIAT
    )


def _framework(code: str, title: str, targets, actions) -> dict[str, Action]:
    """The member's demo framework (made once), and its actions by key."""
    organisation = Organisation.objects.select_related("area").get(area__code=code)
    actor = _actor(code)
    framework = Framework.objects.filter(organisation=organisation, title_da=title).first()
    if framework is not None:
        return {
            key: Action.objects.get(framework=framework, title_da=action[0])
            for key, *action in actions
        }
    framework = frameworks.framework_create(
        actor=actor, organisation=organisation, title_da=title, start_year=START_YEAR,
        end_year=END_YEAR + 2, sharing="network", is_demo=True,
        summary="Et eksempel, lavet til at prøve produktet: mål, indsatser og partnere er "
        "opdigtede; basisværdierne kommer fra de genererede demodata.",
    )  # fmt: skip
    local_targets = {}
    for key, target_title, code_, sdg, change, absolute, target_year in targets:
        indicator = Indicator.objects.get(code=code_)
        baseline = headline_value(indicator, organisation.area, BASELINE_YEAR)
        if baseline is None:
            continue
        value = Decimal(absolute) if absolute else _rounded(baseline * (1 + Decimal(str(change))))
        local_targets[key] = frameworks.local_target_create(
            actor=actor, framework=framework, title_da=target_title, indicator=indicator,
            sdg_targets=list(Target.objects.filter(code__in=sdg)), baseline_year=BASELINE_YEAR,
            target_value=value, target_year=target_year, status="adopted",
        )  # fmt: skip
        goal = Goal.objects.get(number=int(sdg[0].split(".")[0]))
        if not framework.priorities.filter(goal=goal, target=None).exists():
            frameworks.priority_create(
                actor=actor, framework=framework, goal=goal,
                rationale=f"{target_title}: et af rammens hovedmål.",
            )  # fmt: skip
    found = {}
    for key, title_, description, owner, start, end, budget, keys, partners, factors in actions:
        action = frameworks.action_create(
            actor=actor, framework=framework, title_da=title_, description=description,
            owner=owner, start_date=start, end_date=end, budget=Decimal(budget),
            status="completed" if end and end < timezone.localdate() else "in_progress",
            local_targets=[local_targets[k] for k in keys if k in local_targets],
        )  # fmt: skip
        for name, kind, role in partners:
            frameworks.partner_create(actor=actor, action=action, name=name, kind=kind, role=role)
        for effect, kind, text in factors:
            frameworks.factor_create(
                actor=actor, action=action, effect=effect, kind=kind, text=text
            )
        found[key] = action
    return found


def _visit(key: str, season: Season, secretariat: User) -> Meeting:
    """A field visit of the season (made once). The Bornholm visit lies in the past: it is made
    a day ahead, the demo participants are registered, and then it is moved to its day and
    their attendance recorded, as the secretariat would have done."""
    item = VISITS[key]
    existing = Meeting.objects.filter(season=season, title_da=item["title_da"]).first()
    if existing is not None:
        return existing
    month, day = item["month_day"]
    year = season.starts_on.year + (1 if item["next_season"] else 0)
    day = date(year, month, day)
    past = not item["next_season"]
    today = timezone.localdate()
    if past and day >= today:
        day = today - timedelta(days=1)
    fields = {
        "title_da": item["title_da"], "title_en": item["title_en"], "format": "physical",
        "kind": Meeting.Kind.FIELD_VISIT,
        "host": Organisation.objects.get(area__code=item["host"]), "city": item["city"],
        "venue": item["venue"], "capacity": 30, "programme": item["programme"],
    }  # fmt: skip
    sites = [{"name": n, "address": a, "description": d} for n, a, d in item["sites"]]
    ahead = timezone.localdate() + timedelta(days=1) if past else day
    meeting = network.meeting_create(
        actor=secretariat, season=season, sites=sites,
        starts_at=datetime.combine(ahead, time(9, 0), tzinfo=COPENHAGEN),
        ends_at=datetime.combine(ahead, time(17, 0), tzinfo=COPENHAGEN), **fields,
    )  # fmt: skip
    if not past:
        return meeting
    participants = Participant.objects.filter(
        season_registrations__membership__season=season, is_demo=True
    ).order_by("pk")
    registrations = [
        network.meeting_register(actor=secretariat, meeting=meeting, participant=participant)
        for participant in participants
    ]
    meeting = network.meeting_update(
        actor=secretariat, meeting=meeting,
        starts_at=datetime.combine(day, time(9, 0), tzinfo=COPENHAGEN),
        ends_at=datetime.combine(day, time(17, 0), tzinfo=COPENHAGEN),
    )  # fmt: skip
    for registration in registrations[:-1]:  # one of them could not come
        if registration.status == MeetingRegistration.Status.REGISTERED:
            network.attendance_record(actor=secretariat, registration=registration)
    return meeting


def _cases(actions: dict[tuple[str, str], Action], visits: dict[str, Meeting]) -> int:
    made = 0
    for code, key, title_en, why, results, lessons, contact, sharing, visit in CASES:
        action = (
            actions.get((code, key))
            or Action.objects.filter(framework__organisation__area__code=code, title_da=key).first()
        )
        if action is None or Case.objects.filter(action=action).exists():
            continue
        indicators, targets = {}, {}
        for local_target in action.local_targets.select_related("indicator"):
            indicators[local_target.indicator_id] = local_target.indicator
            for target in local_target.sdg_targets.select_related("goal"):
                targets[target.pk] = target
        services.case_create(
            actor=_actor(code), organisation=action.framework.organisation, action=action,
            title_da=action.title_da, title_en=title_en, summary_da=action.description,
            rationale_da=why, results_da=results, lessons_da=lessons, cost=action.budget,
            started_on=action.start_date, ended_on=action.end_date, contact_name=contact[0],
            contact_email=contact[1], sharing=sharing, meeting=visits.get(visit),
            targets=list(targets.values()), indicators=list(indicators.values()),
            partners=[{"name": str(p), "role": p.role} for p in action.partners.all()],
            factors=[{"effect": f.effect, "text": f.text} for f in action.factors.all()],
            is_demo=True,
        )  # fmt: skip
        made += 1
    return made


def _observations(visits: dict[str, Meeting]) -> int:
    made = 0
    for key, site_name, username, text, language, goals, sharing in OBSERVATIONS:
        meeting = visits[key]
        if meeting.starts_at > timezone.now():
            continue
        if FieldObservation.objects.filter(meeting=meeting, text=text).exists():
            continue
        services.field_observation_create(
            actor=User.objects.get(username=username), meeting=meeting, text=text,
            language=language, site=meeting.sites.filter(name=site_name).first(),
            goals=list(Goal.objects.filter(number__in=goals)), sharing=sharing, is_demo=True,
        )  # fmt: skip
        made += 1
    return made


def _data_needs() -> int:
    made = 0
    for code, title, description, level, target, local, supporters in DATA_NEEDS:
        organisation = Organisation.objects.get(area__code=code)
        if DataNeed.objects.filter(organisation=organisation, title=title).exists():
            continue
        local_target = None
        if local:
            local_target = LocalTarget.objects.filter(
                framework__organisation__area__code=local[0], title_da=local[1]
            ).first()
        need = services.data_need_create(
            actor=_actor(code), organisation=organisation, title=title, description=description,
            level=level, sdg_target=Target.objects.get(code=target), local_target=local_target,
            is_demo=True,
        )  # fmt: skip
        for username in supporters:
            supporter = User.objects.filter(username=username).first()
            if supporter is not None and supporter.organisation_id != organisation.pk:
                services.data_need_support(actor=supporter, need=need)
        made += 1
    return made


def revision_demo_apply() -> int:
    """Revise Vejle's latest CO2e figures upwards, as a corrected energy account would, and
    record what that changed: the demo's revision notice. Nothing when the figures stand as
    revised already. Returns the notices made."""
    indicator = Indicator.objects.get(code=REVISION_INDICATOR)
    area = Area.objects.get(code=REVISION_AREA)
    latest = selection(
        indicators=[indicator], areas=[area], period_from=str(REVISION_YEARS[-1]),
        period_to=str(REVISION_YEARS[-1]),
    ).filter(breakdown="")  # fmt: skip
    if latest.filter(data_import__source_name=REVISION_SOURCE).exists():
        return 0
    rows = []
    for year in REVISION_YEARS:
        value = headline_value(indicator, area, year)
        if value is None:
            continue
        rows.append(
            ObservationRow(0, REVISION_INDICATOR, REVISION_AREA, str(year),
                           _rounded(value * REVISION_FACTOR), None, (), frozenset())
        )  # fmt: skip
    services.revision_notices_record()  # the state before, as the editors last saw it
    plan = import_plan(actor=None, rows=rows)
    if not (plan.ok and (plan.new or plan.changed)):
        return 0
    revision = import_apply(
        actor=None, plan=plan, source_name=REVISION_SOURCE, format="demo", is_demo=True
    )
    return len(services.revision_notices_record(data_import=revision))


def learning_demo_load() -> dict[str, int]:
    """Everything above, and the revision of Vejle's figures where they are not revised."""
    with transaction.atomic():
        secretariat = User.objects.get(username=SECRETARIAT)
        season = Season.objects.filter(is_demo=True).order_by("starts_on").last()
        actions = {}
        for code, title, targets, items in FRAMEWORKS:
            for key, action in _framework(code, title, targets, items).items():
                actions[(code, key)] = action
        visits = {key: _visit(key, season, secretariat) for key in VISITS}
        counts = {
            "cases": _cases(actions, visits),
            "observations": _observations(visits),
            "data_needs": _data_needs(),
        }
    counts["notices"] = revision_demo_apply()
    return counts
