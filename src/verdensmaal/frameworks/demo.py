"""A complete demo framework for Vejle Kommune (area 630), clearly labelled as demo.

The priorities, targets, actions, partners and figures are invented to show how a framework is
built; the partner names are made up. Baselines come from the (generated) demo observations, so
load them first (``load_demo`` does). Entered through the services by the demo editor
``redaktoer``, so the audit log shows what a real editor's work looks like.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from verdensmaal.accounts.models import Organisation, User
from verdensmaal.catalogue.models import Goal, Indicator, Target
from verdensmaal.data.selectors import headline_value

from . import services
from .models import Factor, Framework, LocalTarget, Partner

AREA_CODE = "630"
EDITOR = "redaktoer"
START_YEAR, END_YEAR = 2021, 2030
SUMMARY = (
    "Et eksempel på en målramme, lavet til at prøve produktet. Mål, indsatser, partnere og tal er "
    "opdigtede; basisværdierne kommer fra de genererede demodata."
)
BASELINE_YEAR, TARGET_YEAR = 2020, 2030

PRIORITIES = [
    (7, None, "Vejle har store varmenet og en aktiv energiforsyning. Vi kan fortrænge fossil "
              "energi hurtigere end landsgennemsnittet, hvis vi planlægger sammen."),
    (11, None, "Kommunen vokser, og byudviklingen ved fjorden skal ske med plads til natur, "
               "sikre skoleveje og boliger til alle."),
    (13, None, "Byen ligger ved fjorden og i ådale: skybrud og stormflod rammer os direkte, og "
               "byrådet har forpligtet sig til at halvere udledningen inden 2030."),
    (8, "8.6", "For mange unge står uden for uddannelse og job, især i de mindre byer. Det koster "
               "dem og os på lang sigt."),
    (1, "1.2", "Andelen af borgere med lav indkomst er ikke faldet de sidste ti år; vi vil "
               "følge den tæt, når vi prioriterer."),
]  # fmt: skip

# (key, title, indicator, SDG targets, relative change or None, absolute target or None,
#  status, owner, rationale)
TARGETS = [
    ("co2", "Halvér CO2e-udledningen pr. indbygger", "DK-ENS-CO2E-PERCAP", ["13.2"], -0.5, None,
     "adopted", "Teknik & Miljø, Klimasekretariatet",
     "Byrådets klimamål: 50 % reduktion fra 2020 til 2030."),
    ("renewable", "Mere vedvarende energi i kommunens energiforbrug", "DK-ENS-RESHARE", ["7.2"],
     None, "100", "adopted", "Teknik & Miljø, Energi",
     "Vindmøller, solceller og overskudsvarme skal erstatte naturgas og olie."),
    ("energy", "Lavere energiforbrug pr. indbygger", "DK-ENS-ENERGYPERCAP", ["7.3"], -0.2, None,
     "adopted", "Ejendomme & Anlæg", "Den billigste energi er den, vi ikke bruger."),
    ("ev", "Flere elbiler i kommunen", "DK-BIL-EVSHARE", ["7.2", "11.6"], None, "35",
     "adopted", "Teknik & Miljø, Mobilitet",
     "Transporten er kommunens største kilde til udledning uden for landbruget."),
    ("transport", "Mindre udledning fra transport", "DK-ENS-CO2E-TRANSPORT", ["13.2", "11.6"],
     -0.4, None, "adopted", "Teknik & Miljø, Mobilitet",
     "Flere cyklister, kollektiv trafik og elbiler skal tilsammen give 40 % mindre udledning."),
    ("neet", "Færre unge uden uddannelse og job", "DK-NEET-1624", ["8.6", "4.3"], -0.3, None,
     "adopted", "Børn & Unge og Jobcenter Vejle",
     "Hver ung, der kommer i gang, er en gevinst for hele livet."),
    ("lowincome", "Færre borgere med lav indkomst", "DK-IFOR-LOWINC60", ["1.2", "10.2"], -0.15,
     None, "draft", "Social & Sundhed",
     "Målet er til politisk drøftelse i udvalget; tallet er et forslag."),
    ("recycling", "Mere genanvendelse af husholdningsaffald", "DK-LABY25-RECYCLING",
     ["12.5", "11.6"], None, "60", "adopted", "Vejle Affald (kommunal forsyning)",
     "EU's mål for 2030: 60 % af husholdningsaffaldet skal genanvendes."),
    ("nature", "Mere natur i kommunen", "DK-AREALDK2-NATURE", ["15.1", "11.7"], 0.15, None,
     "adopted", "Teknik & Miljø, Natur",
     "Ny skov og natur binder CO2, beskytter grundvandet og giver plads til biodiversitet."),
    ("traffic", "Færre dræbte og alvorligt tilskadekomne i trafikken", "DK-UHELD-KSI",
     ["3.6", "11.2"], -0.3, None, "adopted", "Teknik & Miljø, Trafik",
     "Nul-visionen for trafiksikkerhed, med sikre skoleveje først."),
]  # fmt: skip

# Milestones are (title, due, reached on); partners (name, kind, role), a registered
# organisation when the name is one; progress updates (date, per cent, note).
ACTIONS = [
    {
        "title_da": "Grøn omstilling af den kommunale bilflåde",
        "description": "Alle kommunens personbiler og varebiler skiftes til el eller brint, når "
        "leasingaftalerne udløber, og der sættes ladestandere op ved alle kommunale "
        "arbejdspladser.",
        "owner": "Indkøb og Teknik & Miljø",
        "start_date": date(2021, 3, 1),
        "end_date": date(2026, 12, 31),
        "budget": Decimal("18500000.00"),
        "status": "in_progress",
        "targets": ["ev", "transport", "co2"],
        "milestones": [
            ("Udbud på elbiler gennemført", date(2021, 11, 1), date(2021, 10, 20)),
            ("Halvdelen af flåden kører på el", date(2023, 12, 31), date(2024, 2, 15)),
            ("Hele flåden fossilfri", date(2026, 12, 31), None),
        ],
        "partners": [
            ("Fjordbyens Ladeservice ApS", "company", "leverer og driver ladestandere"),
            ("Foreningen af Kommunale Indkøbere (fiktiv)", "ngo", "deler udbudsmateriale"),
        ],
        "updates": [
            (date(2022, 6, 30), 20, "Udbuddet er afsluttet; de første 60 elbiler er leveret."),
            (
                date(2023, 12, 15),
                45,
                "Ladestandere ved 32 arbejdspladser. Levering af varebiler er forsinket.",
            ),
            (date(2025, 3, 31), 70, "410 af 590 køretøjer kører nu på el."),
        ],
    },
    {
        "title_da": "Energirenovering af kommunale bygninger",
        "description": "Skoler, daginstitutioner og plejecentre energirenoveres efter en plan, "
        "der tager de dårligste bygninger først. Besparelsen måles på fjernaflæste målere.",
        "owner": "Ejendomme & Anlæg",
        "start_date": date(2021, 1, 1),
        "end_date": date(2030, 12, 31),
        "budget": Decimal("42000000.00"),
        "status": "in_progress",
        "targets": ["energy", "co2"],
        "milestones": [
            ("Energiscreening af alle bygninger", date(2021, 12, 31), date(2022, 1, 31)),
            ("20 skoler renoveret", date(2025, 12, 31), None),
        ],
        "partners": [
            (
                "Demo Professionshøjskole",
                "education",
                "følger elevernes indeklima i et forskningsprojekt",
            ),
            ("Lokale håndværksvirksomheder", "company", "udfører renoveringerne"),
        ],
        "updates": [
            (
                date(2022, 9, 1),
                15,
                "Screeningen viste 38 bygninger med energimærke E eller dårligere.",
            ),
            (date(2024, 5, 1), 40, "11 skoler færdige; forbruget er faldet 18 % i dem."),
        ],
    },
    {
        "title_da": "Klimapartnerskab med virksomheder",
        "description": "Gratis klimaregnskab og rådgivning til små og mellemstore virksomheder, "
        "og et netværk, hvor de deler erfaringer med omstilling.",
        "owner": "Erhverv & Udvikling",
        "start_date": date(2022, 1, 1),
        "end_date": date(2027, 12, 31),
        "budget": Decimal("3200000.00"),
        "status": "in_progress",
        "targets": ["co2", "renewable"],
        "milestones": [
            ("50 virksomheder med klimaregnskab", date(2023, 6, 30), date(2023, 5, 10)),
            ("150 virksomheder med klimaregnskab", date(2026, 6, 30), None),
        ],
        "partners": [
            ("Vejle Erhvervsråd (fiktiv)", "ngo", "driver netværket"),
            ("Fjordbyens Energi A/S (fiktiv)", "utility", "rådgiver om overskudsvarme"),
        ],
        "updates": [
            (date(2023, 6, 1), 35, "56 virksomheder har et klimaregnskab."),
            (date(2025, 1, 15), 60, "Fire virksomheder leverer nu overskudsvarme til fjernvarmen."),
        ],
    },
    {
        "title_da": "Ungeindsats: vej til uddannelse og job",
        "description": "En fælles indgang for unge mellem 16 og 24 år uden uddannelse eller job, "
        "med én kontaktperson, mentorer fra lokale virksomheder og brobygning til uddannelse.",
        "owner": "Børn & Unge og Jobcenter Vejle",
        "start_date": date(2021, 8, 1),
        "end_date": date(2028, 7, 31),
        "budget": Decimal("12750000.00"),
        "status": "in_progress",
        "targets": ["neet", "lowincome"],
        "milestones": [
            ("Fælles ungeenhed åbnet", date(2022, 1, 1), date(2022, 1, 3)),
            ("100 mentorforløb gennemført", date(2024, 12, 31), date(2025, 2, 1)),
        ],
        "partners": [
            (
                "Byens Gymnasier og Erhvervsskoler (fiktiv)",
                "school",
                "brobygning og praktikpladser",
            ),
            ("Ung i Vejle – frivilligforening (fiktiv)", "ngo", "mentorer"),
            ("Lokale virksomheder", "company", "praktik og job"),
        ],
        "updates": [
            (date(2022, 6, 30), 25, "Ungeenheden har mødt 320 unge."),
            (date(2024, 1, 31), 55, "Mentorordningen er i gang med 64 forløb."),
            (
                date(2025, 6, 30),
                75,
                "112 mentorforløb; 71 % af de unge er i uddannelse eller job et halvt år efter.",
            ),
        ],
    },
    {
        "title_da": "Ti-fraktionssortering i alle husstande",
        "description": "Nye beholdere til ti affaldstyper hos alle husstande og i etageboliger, "
        "med kampagner i samarbejde med skoler.",
        "owner": "Vejle Affald (kommunal forsyning)",
        "start_date": date(2021, 6, 1),
        "end_date": date(2023, 12, 31),
        "budget": Decimal("27400000.00"),
        "status": "completed",
        "targets": ["recycling"],
        "milestones": [
            ("Beholdere leveret til parcelhuse", date(2022, 6, 30), date(2022, 6, 12)),
            ("Beholdere leveret til etageboliger", date(2023, 9, 30), date(2023, 11, 1)),
        ],
        "partners": [
            ("Boligforeningerne i Vejle (fiktiv)", "ngo", "indretter affaldsøer"),
            ("Folkeskolerne", "school", "undervisningsforløb om affald"),
        ],
        "updates": [
            (date(2022, 7, 1), 50, "Alle parcelhuse sorterer nu i ti fraktioner."),
            (date(2023, 12, 31), 100, "Afsluttet; etageboligerne kom med to måneder forsinket."),
        ],
    },
    {
        "title_da": "Sikre skoleveje",
        "description": "Trafiksanering ved alle skoler: lavere hastighed, bedre krydsninger og "
        "cykelstier, prioriteret efter forældres og elevers indberetninger.",
        "owner": "Teknik & Miljø, Trafik",
        "start_date": date(2022, 1, 1),
        "end_date": date(2029, 12, 31),
        "budget": Decimal("9600000.00"),
        "status": "planned",
        "targets": ["traffic"],
        "milestones": [("Skolevejsanalyse vedtaget", date(2025, 6, 30), None)],
        "partners": [("Skolebestyrelserne", "citizens", "indsamler indberetninger")],
        "updates": [],
    },
    {
        "title_da": "Ny skov og bynatur",
        "description": "300 hektar ny skov i grundvandsområder og lommeparker i byen, plantet "
        "sammen med borgere og lodsejere.",
        "owner": "Teknik & Miljø, Natur",
        "start_date": date(2021, 4, 1),
        "end_date": date(2030, 12, 31),
        "budget": Decimal("15000000.00"),
        "status": "in_progress",
        "targets": ["nature", "co2"],
        "milestones": [
            ("De første 50 hektar plantet", date(2023, 4, 30), date(2023, 4, 22)),
            ("150 hektar plantet", date(2026, 4, 30), None),
        ],
        "partners": [
            ("Lodsejere i grundvandsområderne", "citizens", "stiller jord til rådighed"),
            ("Naturforeningen Fjord og Skov (fiktiv)", "ngo", "planter med borgerne"),
        ],
        "updates": [
            (date(2023, 5, 1), 20, "58 hektar plantet på fire arealer."),
            (date(2025, 4, 30), 45, "132 hektar plantet; aftaler om yderligere 60 hektar."),
        ],
    },
]

# (target or action key, driver/barrier, kind, text)
FACTORS = [
    ("target:co2", "driver", "political", "Bredt politisk flertal bag klimaplanen."),
    ("target:co2", "barrier", "economic", "Landbrugets udledning ligger uden for kommunens "
     "direkte indflydelse."),
    ("target:ev", "barrier", "technological", "For få offentlige ladestandere i landdistrikterne."),
    ("target:neet", "barrier", "organisational", "Indsatsen går på tværs af tre forvaltninger."),
    ("target:recycling", "driver", "legal", "Den nationale affaldsplan kræver ti fraktioner."),
    ("action:0", "barrier", "economic", "Leveringstider og priser på varebiler steg i 2022–23."),
    ("action:1", "driver", "economic", "Renoveringerne tjener sig hjem på under 12 år."),
    ("action:3", "driver", "behavioural", "Unge vil hellere mødes af én fast kontaktperson."),
    ("action:4", "barrier", "behavioural", "Sorteringen i etageboliger er svagere end i "
     "parcelhuse."),
    ("action:6", "barrier", "legal", "Skovrejsning kræver ændret lokalplan for to arealer."),
]  # fmt: skip

STRATEGIES = [
    {
        "title_da": "Klimaplan for Vejle Kommune 2020–2050 (demo)",
        "title_en": "Vejle Municipality climate plan 2020–2050 (demo)",
        "url": "https://example.org/demo/vejle/klimaplan",
        "adopted_on": date(2020, 12, 16),
        "targets": ["co2", "renewable", "energy", "ev", "transport", "nature"],
        "actions": [0, 1, 2, 6],
    },
    {
        "title_da": "Vejle Kommunes verdensmålsstrategi (demo)",
        "title_en": "Vejle Municipality SDG strategy (demo)",
        "url": "https://example.org/demo/vejle/verdensmaal",
        "adopted_on": date(2021, 3, 24),
        "targets": ["neet", "lowincome", "recycling", "traffic"],
        "actions": [3, 4, 5],
    },
]

# The demo's texts in English, by their Danish text, so that the English pages show English.
ENGLISH = {
    # framework
    "Et eksempel på en målramme, lavet til at prøve produktet. Mål, indsatser, partnere og tal er "
    "opdigtede; basisværdierne kommer fra de genererede demodata.": "An example framework, made to "
    "try the product. Targets, actions, partners and figures are invented; the baselines come from "
    "the generated demo data.",
    # priorities
    "Vejle har store varmenet og en aktiv energiforsyning. Vi kan fortrænge fossil energi "
    "hurtigere end landsgennemsnittet, hvis vi planlægger sammen.": "Vejle has large district "
    "heating networks and an active energy utility. We can replace fossil energy faster than the "
    "national average if we plan together.",
    "Kommunen vokser, og byudviklingen ved fjorden skal ske med plads til natur, sikre skoleveje "
    "og boliger til alle.": "The municipality is growing, and the new town by the fjord must leave "
    "room for nature, safe routes to school and homes for everyone.",
    "Byen ligger ved fjorden og i ådale: skybrud og stormflod rammer os direkte, og byrådet har "
    "forpligtet sig til at halvere udledningen inden 2030.": "The town lies by the fjord and in "
    "river valleys: cloudbursts and storm surges hit us directly, and the council has committed "
    "to halving emissions by 2030.",
    "For mange unge står uden for uddannelse og job, især i de mindre byer. Det koster dem og os "
    "på lang sigt.": "Too many young people are not in education or work, especially in the "
    "smaller towns. In the long run that costs them and us.",
    "Andelen af borgere med lav indkomst er ikke faldet de sidste ti år; vi vil følge den tæt, når "
    "vi prioriterer.": "The share of residents with a low income has not fallen in ten years; we "
    "will follow it closely when we set priorities.",
    # local targets: titles and rationales
    "Halvér CO2e-udledningen pr. indbygger": "Halve CO2e emissions per inhabitant",
    "Byrådets klimamål: 50 % reduktion fra 2020 til 2030.": "The council's climate target: a 50 % "
    "reduction from 2020 to 2030.",
    "Mere vedvarende energi i kommunens energiforbrug": "More renewable energy in the "
    "municipality's energy use",
    "Vindmøller, solceller og overskudsvarme skal erstatte naturgas og olie.": "Wind turbines, "
    "solar panels and surplus heat are to replace natural gas and oil.",
    "Lavere energiforbrug pr. indbygger": "Lower energy use per inhabitant",
    "Den billigste energi er den, vi ikke bruger.": "The cheapest energy is the energy we do not "
    "use.",
    "Flere elbiler i kommunen": "More electric cars in the municipality",
    "Transporten er kommunens største kilde til udledning uden for landbruget.": "Transport is "
    "the municipality's largest source of emissions outside farming.",
    "Mindre udledning fra transport": "Lower emissions from transport",
    "Flere cyklister, kollektiv trafik og elbiler skal tilsammen give 40 % mindre "
    "udledning.": "More cyclists, public transport and electric cars are together to cut "
    "emissions by 40 %.",
    "Færre unge uden uddannelse og job": "Fewer young people not in education or work",
    "Hver ung, der kommer i gang, er en gevinst for hele livet.": "Every young person who gets "
    "started is a gain for a lifetime.",
    "Færre borgere med lav indkomst": "Fewer residents with a low income",
    "Målet er til politisk drøftelse i udvalget; tallet er et forslag.": "The target is under "
    "political discussion in the committee; the figure is a proposal.",
    "Mere genanvendelse af husholdningsaffald": "More recycling of household waste",
    "EU's mål for 2030: 60 % af husholdningsaffaldet skal genanvendes.": "The EU's target for "
    "2030: 60 % of household waste recycled.",
    "Mere natur i kommunen": "More nature in the municipality",
    "Ny skov og natur binder CO2, beskytter grundvandet og giver plads til biodiversitet.": "New "
    "forest and nature store CO2, protect the groundwater and make room for biodiversity.",
    "Færre dræbte og alvorligt tilskadekomne i trafikken": "Fewer people killed or seriously "
    "injured in traffic",
    "Nul-visionen for trafiksikkerhed, med sikre skoleveje først.": "Vision zero for road safety, "
    "with safe routes to school first.",
    # actions: titles and descriptions
    "Grøn omstilling af den kommunale bilflåde": "A green municipal vehicle fleet",
    "Alle kommunens personbiler og varebiler skiftes til el eller brint, når leasingaftalerne "
    "udløber, og der sættes ladestandere op ved alle kommunale arbejdspladser.": "All the "
    "municipality's cars and vans are replaced by electric or hydrogen vehicles when their leases "
    "end, and charging points are put up at every municipal workplace.",
    "Energirenovering af kommunale bygninger": "Energy renovation of municipal buildings",
    "Skoler, daginstitutioner og plejecentre energirenoveres efter en plan, der tager de dårligste "
    "bygninger først. Besparelsen måles på fjernaflæste målere.": "Schools, day-care centres and "
    "care homes are renovated for energy by a plan that takes the worst buildings first. The "
    "savings are measured on remotely read meters.",
    "Klimapartnerskab med virksomheder": "Climate partnership with businesses",
    "Gratis klimaregnskab og rådgivning til små og mellemstore virksomheder, og et netværk, hvor "
    "de deler erfaringer med omstilling.": "Free carbon accounts and advice for small and "
    "medium-sized businesses, and a network where they share their experience of the transition.",
    "Ungeindsats: vej til uddannelse og job": "Youth initiative: a way into education and work",
    "En fælles indgang for unge mellem 16 og 24 år uden uddannelse eller job, med én "
    "kontaktperson, mentorer fra lokale virksomheder og brobygning til uddannelse.": "One point of "
    "entry for young people aged 16 to 24 not in education or work, with one contact person, "
    "mentors from local businesses and bridges into education.",
    "Ti-fraktionssortering i alle husstande": "Waste sorted in ten fractions in every household",
    "Nye beholdere til ti affaldstyper hos alle husstande og i etageboliger, med kampagner i "
    "samarbejde med skoler.": "New bins for ten kinds of waste at every household and in blocks "
    "of flats, with campaigns run together with schools.",
    "Sikre skoleveje": "Safe routes to school",
    "Trafiksanering ved alle skoler: lavere hastighed, bedre krydsninger og cykelstier, "
    "prioriteret efter forældres og elevers indberetninger.": "Traffic calming at every school: "
    "lower speeds, better crossings and cycle paths, in the order parents' and pupils' reports "
    "suggest.",
    "Ny skov og bynatur": "New forest and urban nature",
    "300 hektar ny skov i grundvandsområder og lommeparker i byen, plantet sammen med borgere og "
    "lodsejere.": "300 hectares of new forest in groundwater areas and pocket parks in town, "
    "planted together with residents and landowners.",
    # milestones
    "Udbud på elbiler gennemført": "Tender for electric cars completed",
    "Halvdelen af flåden kører på el": "Half the fleet runs on electricity",
    "Hele flåden fossilfri": "The whole fleet fossil-free",
    "Energiscreening af alle bygninger": "Energy screening of every building",
    "20 skoler renoveret": "20 schools renovated",
    "50 virksomheder med klimaregnskab": "50 businesses with carbon accounts",
    "150 virksomheder med klimaregnskab": "150 businesses with carbon accounts",
    "Fælles ungeenhed åbnet": "Joint youth unit opened",
    "100 mentorforløb gennemført": "100 mentoring programmes completed",
    "Beholdere leveret til parcelhuse": "Bins delivered to houses",
    "Beholdere leveret til etageboliger": "Bins delivered to blocks of flats",
    "Skolevejsanalyse vedtaget": "Analysis of routes to school adopted",
    "De første 50 hektar plantet": "The first 50 hectares planted",
    "150 hektar plantet": "150 hectares planted",
    # partners' roles
    "leverer og driver ladestandere": "supplies and runs the charging points",
    "deler udbudsmateriale": "shares tender documents",
    "følger elevernes indeklima i et forskningsprojekt": "follows the pupils' indoor climate in a "
    "research project",
    "udfører renoveringerne": "carries out the renovations",
    "driver netværket": "runs the network",
    "rådgiver om overskudsvarme": "advises on surplus heat",
    "brobygning og praktikpladser": "bridging courses and work placements",
    "mentorer": "mentors",
    "praktik og job": "work placements and jobs",
    "indretter affaldsøer": "sets up recycling points",
    "undervisningsforløb om affald": "teaching units on waste",
    "indsamler indberetninger": "collects reports",
    "stiller jord til rådighed": "provide land",
    "planter med borgerne": "plants with residents",
    # progress updates
    "Udbuddet er afsluttet; de første 60 elbiler er leveret.": "The tender is complete; the first "
    "60 electric cars have been delivered.",
    "Ladestandere ved 32 arbejdspladser. Levering af varebiler er forsinket.": "Charging points at "
    "32 workplaces. Delivery of vans is delayed.",
    "410 af 590 køretøjer kører nu på el.": "410 of 590 vehicles now run on electricity.",
    "Screeningen viste 38 bygninger med energimærke E eller dårligere.": "The screening found 38 "
    "buildings with energy label E or worse.",
    "11 skoler færdige; forbruget er faldet 18 % i dem.": "11 schools finished; their energy use "
    "has fallen by 18 %.",
    "56 virksomheder har et klimaregnskab.": "56 businesses have carbon accounts.",
    "Fire virksomheder leverer nu overskudsvarme til fjernvarmen.": "Four businesses now supply "
    "surplus heat to the district heating.",
    "Ungeenheden har mødt 320 unge.": "The youth unit has met 320 young people.",
    "Mentorordningen er i gang med 64 forløb.": "The mentoring scheme is running with 64 "
    "programmes.",
    "112 mentorforløb; 71 % af de unge er i uddannelse eller job et halvt år efter.": "112 "
    "mentoring programmes; 71 % of the young people are in education or work six months later.",
    "Alle parcelhuse sorterer nu i ti fraktioner.": "Every house now sorts its waste in ten "
    "fractions.",
    "Afsluttet; etageboligerne kom med to måneder forsinket.": "Completed; the blocks of flats "
    "joined two months late.",
    "58 hektar plantet på fire arealer.": "58 hectares planted on four sites.",
    "132 hektar plantet; aftaler om yderligere 60 hektar.": "132 hectares planted; agreements on "
    "60 more hectares.",
    # drivers and barriers
    "Bredt politisk flertal bag klimaplanen.": "A broad political majority behind the climate "
    "plan.",
    "Landbrugets udledning ligger uden for kommunens direkte indflydelse.": "Emissions from "
    "farming lie outside the municipality's direct influence.",
    "For få offentlige ladestandere i landdistrikterne.": "Too few public charging points in "
    "rural areas.",
    "Indsatsen går på tværs af tre forvaltninger.": "The initiative cuts across three departments.",
    "Den nationale affaldsplan kræver ti fraktioner.": "The national waste plan requires ten "
    "fractions.",
    "Leveringstider og priser på varebiler steg i 2022–23.": "Delivery times and prices of vans "
    "rose in 2022–23.",
    "Renoveringerne tjener sig hjem på under 12 år.": "The renovations pay for themselves in "
    "under 12 years.",
    "Unge vil hellere mødes af én fast kontaktperson.": "Young people would rather meet one "
    "regular contact person.",
    "Sorteringen i etageboliger er svagere end i parcelhuse.": "Sorting in blocks of flats is "
    "weaker than in houses.",
    "Skovrejsning kræver ændret lokalplan for to arealer.": "Planting forest needs a changed "
    "local plan for two sites.",
}


def english(danish: str) -> str:
    """The demo text's English version."""
    return ENGLISH[danish]


def _rounded(value: Decimal) -> Decimal:
    exponent = Decimal("1") if abs(value) >= 1000 else Decimal("0.01")
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


@transaction.atomic
def framework_demo_load() -> Framework:
    """Create Vejle's demo framework; when it is already there, leave it as it is."""
    organisation = Organisation.objects.select_related("area").get(area__code=AREA_CODE)
    existing = Framework.objects.filter(organisation=organisation, start_year=START_YEAR).first()
    if existing is not None:
        return existing
    actor = User.objects.get(username=EDITOR)
    framework = services.framework_create(
        actor=actor,
        organisation=organisation,
        title_da="Vejle Kommunes handlings- og målramme for verdensmålene (demo)",
        title_en="Vejle Municipality's action and target framework for the SDGs (demo)",
        start_year=START_YEAR,
        end_year=END_YEAR,
        summary=SUMMARY,
        summary_en=english(SUMMARY),
        sharing="public",
        is_demo=True,
    )
    for number, target_code, rationale in PRIORITIES:
        services.priority_create(
            actor=actor,
            framework=framework,
            goal=Goal.objects.get(number=number),
            target=Target.objects.get(code=target_code) if target_code else None,
            rationale=rationale,
            rationale_en=english(rationale),
        )
    local_targets = {}
    for key, title, code, sdg, change, absolute, status, owner, rationale in TARGETS:
        indicator = Indicator.objects.get(code=code)
        baseline = headline_value(indicator, organisation.area, BASELINE_YEAR)
        target = Decimal(absolute) if absolute else _rounded(baseline * (1 + Decimal(str(change))))
        direction = indicator.direction
        if direction not in LocalTarget.Direction.values:
            direction = "lower" if target < baseline else "higher"
        if direction == "higher":
            target = max(target, _rounded(baseline * Decimal("1.1")))
        local_targets[key] = services.local_target_create(
            actor=actor,
            framework=framework,
            title_da=title,
            title_en=english(title),
            indicator=indicator,
            sdg_targets=list(Target.objects.filter(code__in=sdg)),
            baseline_year=BASELINE_YEAR,
            baseline_value=None,  # from the data
            target_value=target,
            target_year=TARGET_YEAR,
            owner=owner,
            status=status,
            rationale=rationale,
            rationale_en=english(rationale),
        )
    actions = []
    registered = {o.name: o for o in Organisation.objects.all()}
    for item in ACTIONS:
        action = services.action_create(
            actor=actor,
            framework=framework,
            title_da=item["title_da"],
            title_en=english(item["title_da"]),
            description=item["description"],
            description_en=english(item["description"]),
            owner=item["owner"],
            start_date=item["start_date"],
            end_date=item["end_date"],
            budget=item["budget"],
            status=item["status"],
            local_targets=[local_targets[key] for key in item["targets"]],
        )
        for title, due_date, completed_on in item["milestones"]:
            services.milestone_create(
                actor=actor,
                action=action,
                title=title,
                title_en=english(title),
                due_date=due_date,
                completed_on=completed_on,
            )
        for name, kind, role in item["partners"]:
            organisation_partner = registered.get(name)
            services.partner_create(
                actor=actor,
                action=action,
                organisation=organisation_partner,
                name="" if organisation_partner else name,
                kind=Partner.Kind(kind),
                role=role,
                role_en=english(role),
            )
        for day, percent, note in item["updates"]:
            services.progress_update_create(
                actor=actor,
                action=action,
                date=day,
                percent_complete=percent,
                note=note,
                note_en=english(note),
            )
        actions.append(action)
    for owner_key, effect, kind, text in FACTORS:
        owner_kind, key = owner_key.split(":")
        services.factor_create(
            actor=actor,
            local_target=local_targets[key] if owner_kind == "target" else None,
            action=actions[int(key)] if owner_kind == "action" else None,
            effect=Factor.Effect(effect),
            kind=Factor.Kind(kind),
            text=text,
            text_en=english(text),
        )
    for item in STRATEGIES:
        services.strategy_create(
            actor=actor,
            framework=framework,
            title_da=item["title_da"],
            title_en=item["title_en"],
            url=item["url"],
            adopted_on=item["adopted_on"],
            local_targets=[local_targets[key] for key in item["targets"]],
            actions=[actions[index] for index in item["actions"]],
        )
    framework.refresh_from_db()
    return services.framework_publish(actor=actor, framework=framework, version=framework.version)
