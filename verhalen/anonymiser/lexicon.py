"""Word lists: Dutch general knowledge, Venster's municipalities, deduce's data."""

from __future__ import annotations

import functools
from importlib import resources

from ..municipalities import municipality_names


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of text, as a set."""
    return frozenset(text.split())


MONTHS = words(
    """
    januari februari maart april mei juni juli augustus september oktober
    november december
    """
)

# Abbreviated months count only inside dates: "Jan" alone is a first name.
MONTH_ABBREVIATIONS = words(
    """
    jan feb mrt apr jun jul aug sep sept okt nov dec
    """
)

WEEKDAYS = words(
    """
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag maandagochtend
    maandagmiddag vrijdagmiddag weekend
    """
)

# Capitalised words in residents' texts that name laws, schemes, public bodies,
# holidays, languages or countries: none of them identifies a person.
NON_PERSONAL_TERMS = words(
    """
    wmo jeugdwet participatiewet wlz zvw awb avg wet wetten ziektewet wajong aow
    anw wia wga ivs ww bbz tozo toeslag toeslagen zorgtoeslag huurtoeslag
    kinderopvangtoeslag kindgebonden budget pgb zin bijstand bijzondere
    schuldhulpverlening schuldsanering wsnp gemeente gemeenten gemeentehuis
    gemeenteraad raad college wethouder burgemeester provincie rijk
    rijksoverheid overheid kamer tweede eerste minister ministerie
    staatssecretaris belastingdienst uwv svb cak cjib duo ind ggd cjg ggz rivm
    vng sociaal sociale wijkteam wijkteams domein dienst loket zorgloket
    jeugdzorg jeugdbescherming jeugdhulp veilig thuis ombudsman kinderombudsman
    nationale rechtbank rechter centrale beroep kinderbescherming zorgkantoor
    zorgverzekeraar zorgverzekering digid mijnoverheid whatsapp facebook
    instagram tiktok twitter linkedin google teams zoom youtube corona covid
    covid-19 nederland nederlands nederlandse europa europese eu engels engelse
    turks turkse marokkaans marokkaanse arabisch arabische pools poolse duits
    duitse frans franse surinaams surinaamse antilliaans antilliaanse syrisch
    syrische oekraïens oekraïense fries friese limburg limburgse brabant
    brabantse randstad kerst kerstmis kerstmis pasen pinksteren sinterklaas
    koningsdag oudejaarsavond nieuwjaar ramadan suikerfeest offerfeest god allah
    jezus bijbel koran islam christelijk christelijke katholiek katholieke
    protestants mbo hbo wo vmbo havo vwo ptss adhd add autisme covid cbs obs
    pabo nibud jgz wlz-indicatie indicatie keukentafelgesprek beschikking
    bezwaar beroep ik mij mijn wij we onze ons u uw hij zij ze hun het de een
    dit dat die deze en of maar ja nee nou oké ok hoi hallo beste geachte groet
    groeten dank bedankt sorry excuses tot ziens hulp zorg huisarts ziekenhuis
    school werk ps nb pgb-houder zzp zzp'er mantelzorg mantelzorger
    mantelzorgers wmo-consulent wmo-taxi wmo-begeleiding wmo-aanvraag
    wmo-indicatie jeugdwet-indicatie voedselbank leger heils
    """
)

PROVINCES_AND_COUNTRIES = words(
    """
    groningen friesland fryslân drenthe overijssel flevoland gelderland utrecht
    noord-holland zuid-holland zeeland noord-brabant limburg nederland belgië
    duitsland frankrijk engeland turkije marokko suriname curaçao aruba syrië
    oekraïne polen roemenië bulgarije spanje italië portugal griekenland eritrea
    somalië afghanistan irak iran china india indonesië amerika europa afrika
    azië
    """
)

# Interfixes between first names and surnames (tussenvoegsels), lower case.
INTERFIXES = words(
    """
    van de der den ter ten te 't la le el al da di du dos des von zur zu del
    della bin ibn abu
    """
)

# Words that, before a name, say a person follows (titles and forms of address).
TITLES = words(
    """
    meneer mevrouw mevr mevr. mw mw. dhr dhr. heer mr mr. dr dr. drs drs. ir ir.
    ing ing. prof prof. juf juffrouw meester dokter zuster broeder mej mej.
    mijnheer ds ds. pastor imam pastoor professor minister premier president
    wethouder burgemeester staatssecretaris senator generaal kapitein coach
    trainer bondscoach voorzitter directeur paus kardinaal bisschop rabbijn
    koning koningin prins prinses graaf gravin dominee
    """
)

# Forms of address after which a lower-case interfix starts a name: "meneer de Vries".
FORMS_OF_ADDRESS = words(
    """
    meneer mevrouw mevr mevr. mw mw. dhr dhr. heer mej mej. mijnheer juf
    juffrouw meester dokter dr dr. dominee pastoor
    """
)

# Relations and roles that, after "mijn/onze/zijn/haar/de", are followed by a name.
RELATION_CUES = words(
    """
    zoon zoontje dochter dochtertje kind kinderen man vrouw echtgenoot
    echtgenote partner vriend vriendin vriendje moeder vader mama papa mam pap
    ma pa broer broertje zus zusje oma opa tante oom neef nicht schoonmoeder
    schoonvader schoonzus zwager stiefvader stiefmoeder pleegzoon pleegdochter
    pleegmoeder pleegvader buurman buurvrouw buren buurjongen buurmeisje collega
    consulent wmo-consulent jeugdconsulent klantmanager casemanager coördinator
    begeleider begeleidster bewindvoerder mentor mentrix juf meester huisarts
    wijkverpleegkundige verpleegkundige wijkagent leidinggevende manager
    locatiemanager teamleider baas werkgever hulpverlener maatschappelijk werker
    jongerenwerker schuldhulpverlener cliëntondersteuner ambtenaar medewerker
    behandelaar therapeut psycholoog psychiater advocaat mantelzorger
    contactpersoon trajectbegeleider jobcoach regisseur zorgregisseur
    """
)

POSSESSIVES = words(
    """
    mijn onze ons zijn haar hun je jouw uw de het een
    """
)

# Cues after which a name follows directly: "ik ben Noor", "heet Ivo".
# One or two words each: the name scanner looks at two words before a name.
INTRODUCTION_CUES = frozenset(
    (
        ("ik", "ben"),
        ("naam", "is"),
        ("heet",),
        ("heette",),
        ("genaamd",),
        ("groet",),
        ("groeten",),
        ("groetjes",),
        ("namens",),
        ("liefs",),
        ("naam",),
        # Greetings open chats and messages with the name of the one addressed.
        ("hoi",),
        ("hee",),
        ("hey",),
        ("hi",),
        ("hallo",),
        ("beste",),
        ("lieve",),
        ("yo",),
        ("goedemorgen",),
        ("goedemiddag",),
        ("goedenavond",),
        ("doei",),
        ("dankjewel",),
        ("bedankt",),
    )
)

# Words after which a lower-case first name in informal writing is a person:
# "ik slaap bij sami", "met bayu mee", "dat nova later".
INFORMAL_NAME_CUES = words(
    """
    met bij van voor aan en of dat tegen naar zegt zei vraagt vroeg heet
    """
)

# Prepositions before a place: "in Zwolle", "uit leeuwarden".
PLACE_CUES = words(
    """
    in uit naar te bij nabij richting rond vanuit
    """
)

STREET_SUFFIXES = (
    "straatweg",
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "pad",
    "hof",
    "dreef",
    "steeg",
    "markt",
    "baan",
    "ring",
    "allee",
    "boulevard",
    "plantsoen",
    "erf",
    "wal",
    "haven",
    "burgwal",
    "vaart",
    "oord",
    "hoeve",
    "park",
    "veld",
    "akker",
    "weide",
    "dam",
    "dal",
    "horst",
    "stede",
    "hout",
    "berg",
    "zoom",
    "brink",
    "kamp",
    "hoek",
    "rondeel",
    "galerij",
    "passage",
    "promenade",
)

# First words of organisation names: "Thuiszorg De Linde", "Stichting Geldwijs".
ORGANISATION_HEADS = words(
    """
    stichting vereniging thuiszorg jeugdpraktijk jeugdhulp jeugdzorg
    kinderopvang peuterspeelzaal buitenschoolse woonstichting wooncorporatie
    woningcorporatie woningbouwvereniging bewindvoering bewindvoerder
    incassobureau deurwaarderskantoor advocatenkantoor dagbesteding logeerhuis
    zorggroep zorgcentrum zorgboerderij verpleeghuis verzorgingshuis
    revalidatiecentrum huisartsenpraktijk tandartspraktijk fysiotherapie
    praktijk basisschool school scholengemeenschap college lyceum gymnasium
    atheneum kliniek ziekenhuis aannemersbedrijf bouwbedrijf installatiebedrijf
    schoonmaakbedrijf uitzendbureau taxibedrijf transportbedrijf metaalbewerking
    bakkerij supermarkt restaurant hotel garage autobedrijf kapsalon
    zorgaanbieder beschermd thuisbegeleiding begeleiding wijkcentrum buurthuis
    kerk moskee sportschool voetbalvereniging cbs obs rkbs pcbs ikc kindcentrum
    team roc ggz sportclub sportvereniging zorgaanbieder zorginstelling
    woningbouwcorporatie woonzorgcentrum jeugdzorgaanbieder hogeschool
    universiteit kinderdagverblijf gastouderbureau behandelcentrum kringloop
    woonvorm gezinshuis pleegzorg scholengroep deurwaarder deurwaarders
    gerechtsdeurwaarders apotheek drogisterij werkplaats sv vv hockeyclub
    tennisclub zwemvereniging montessori dalton jenaplan vrijeschool camping
    vakantiepark
    """
)

# Last words that make a preceding capitalised name an organisation.
ORGANISATION_TAILS = words(
    """
    college lyceum gymnasium school academie bv b.v. nv n.v. vof v.o.f. zn zn.
    groep holding bouw zorg wonen energie mobiel telecom partners advies techniek
    logistiek transport installaties installatietechniek verzekeringen vastgoed
    media reizen services service consultancy schoonmaak beveiliging bezorging
    makelaars accountants advocaten notarissen
    """
)

# Words before "bij" that say an employer or a provider follows: "ik werk bij hago",
# "in behandeling bij lentis", "stage gelopen bij vitens".
EMPLOYMENT_CUES = words(
    """
    werk werkt werkte werkten werken gewerkt werkzaam dienst stage gelopen
    solliciteer solliciteerde gesolliciteerd behandeling ingeschreven aangemeld
    cliënt client klant opgenomen
    """
)

# Who speaks in a transcript or chat when no name is given: "Interviewer: ...".
TRANSCRIPT_ROLES = words(
    """
    interviewer interviewster respondent deelnemer moderator gespreksleider
    spreker vraag antwoord medewerker consulent inwoner bewoner ouder cliënt
    client klant voorzitter notulist beller
    """
)

# Kinds of institution whose own names follow them: "kinderopvang het vlindertje".
NAMED_INSTITUTIONS = words(
    """
    basisschool stichting vereniging kinderopvang peuterspeelzaal kinderdagverblijf
    kindcentrum ikc cbs obs rkbs pcbs woonzorgcentrum verpleeghuis verzorgingshuis
    zorgboerderij zorgcentrum buurthuis wijkcentrum scholengemeenschap
    """
)

# Institutions named for their place: "roc van twente", "universiteit van tilburg".
PLACE_NAMED_INSTITUTIONS = words("roc hogeschool universiteit ziekenhuis ggz")

# Dutch regions that name institutions but are no municipality: "roc van twente".
REGIONS = words(
    """
    twente achterhoek veluwe betuwe salland liemers peel kempen drechtsteden
    zaanstreek kennemerland gooi westfriesland noordoostpolder zeeland
    flevoland friesland fryslân groningen drenthe overijssel gelderland limburg
    brabant holland utrecht rijnmond haaglanden
    """
)


# Written Dutch numbers, for ages such as "zestigjarige" and "vijfentachtig jaar".
NUMBER_WORDS = (
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "zestig",
    "zeventig",
    "tachtig",
    "negentig",
    "honderd",
)

_DEDUCE_LOOKUP = ("data", "lookup", "src")


def _deduce_list(*parts: str) -> frozenset[str]:
    """Items of one of deduce's shipped lookup lists, less its exceptions."""
    folder = resources.files("deduce").joinpath(*_DEDUCE_LOOKUP, *parts)
    items = set(folder.joinpath("items.txt").read_text("utf-8").splitlines())
    exceptions = folder.joinpath("exceptions.txt")
    if exceptions.is_file():
        items -= set(exceptions.read_text("utf-8").splitlines())
    return frozenset(item.strip() for item in items if item.strip())


@functools.cache
def first_names() -> frozenset[str]:
    """First names from deduce's lookup data, lower case."""
    return frozenset(n.lower() for n in _deduce_list("names", "lst_first_name"))


@functools.cache
def surnames() -> frozenset[str]:
    """Surnames from deduce's lookup data, lower case."""
    return frozenset(n.lower() for n in _deduce_list("names", "lst_surname"))


@functools.cache
def interfix_surnames() -> frozenset[str]:
    """Surnames deduce lists as following a particle ("wit" of "de wit"), lower case."""
    return frozenset(n.lower() for n in _deduce_list("names", "lst_interfix_surname"))


@functools.cache
def common_words() -> frozenset[str]:
    """Ordinary Dutch words (deduce's common, stop and medical words), lower case."""
    words: set[str] = set()
    for name in ("lst_common_word", "lst_stop_word", "lst_medical_term"):
        words |= {w.lower() for w in _deduce_list("whitelist", name)}
    words |= MONTHS | WEEKDAYS | NON_PERSONAL_TERMS | set(NUMBER_WORDS)
    words |= FREQUENT_WORDS
    return frozenset(words)


# Words this frequent in Dutch text (zipf scale: 2.5 is about three in a billion
# words), and ten times as frequent as in English, are ordinary Dutch words unless
# deduce lists them as names. Names of people in the news ("Arafat") are about as
# frequent in either language, so the second condition keeps them out.
FREQUENT_ZIPF = 2.5
DUTCH_OVER_ENGLISH = 10.0


@functools.cache
def frequent_words() -> frozenset[str]:
    """Frequent, typically Dutch words (wordfreq) that deduce lists as no name."""
    from wordfreq import get_frequency_dict

    threshold = 10 ** (FREQUENT_ZIPF - 9)
    names = first_names() | surnames() | place_names()
    english = get_frequency_dict("en", wordlist="large")
    return frozenset(
        word
        for word, frequency in get_frequency_dict("nl", wordlist="large").items()
        if frequency >= threshold
        and frequency >= DUTCH_OVER_ENGLISH * english.get(word, 0.0)
        and word not in names
    )


@functools.cache
def place_names() -> frozenset[str]:
    """Dutch places: Venster's municipalities and deduce's residences, lower case."""
    places = {p.lower() for p in municipality_names()}
    for name in ("lst_residence", "lst_municipality"):
        places |= {p.lower() for p in _deduce_list("locations", "lst_placename", name)}
    return frozenset(places)


# Frequent Dutch words that start sentences or show up capitalised in headings, and
# that deduce's short common-word list lacks; many are also surnames ("Pas", "Zwart").
FREQUENT_WORDS = words(
    """
    aan aangezien achter achteraf actie af afgelopen afgesproken al alle alleen
    allemaal alles als alsjeblieft alstublieft altijd ander andere anders
    antwoord bang beetje begin behalve beide bekend beneden bent best beter bij
    bijna binnen blij blijkbaar boven brief buiten daar daarna daarom daarbij
    daarnaast daardoor dag dagen dan dank dankzij dat de deze die dit doe doen
    door dus echt echter eerst eigenlijk eind einde elk elke en enige enkele er
    ergens even eerder fijn geen gelukkig genoeg gewoon goed goede graag groot
    grote half heel helaas help hier hoe hoewel hun iedereen iemand iets ik in
    inmiddels intussen ja jammer je jij jullie kort kortom kijk klein kleine kom
    kon kwam laat laatst lang lange later leuk liever maar maandenlang meer mede
    men met mij mijn misschien mooi morgen na naar natuurlijk nee net niet
    niemand niets nieuw nieuwe nog nooit nou nu of ofwel om omdat ondanks onder
    ondertussen ons onze ook op opeens over pas plots precies rond samen sinds
    slecht snel soms steeds stel stop straks tegen tenslotte ten ter terwijl
    thuis tijdens toch toen tot totdat trouwens twee uit uiteindelijk vaak van
    vanaf vandaag vanmorgen vanochtend vanwege veel verder vervolgens via vier
    vijf volgende volgens voor vooral voordat vorig vorige vrij waar waarom
    wanneer want wat we weer wel welke wie wij zelf zelfs ze zeker zij zijn zo
    zoals zodat zonder zou zwart wit rood groen blauw geel grijs bruin oud jong
    nieuw vroeg laat hard zacht warm koud ziek gezond arm rijk blind doof man
    vrouw kind moeder vader zoon dochter broer zus oma opa baas buur vriend huis
    werk geld tijd jaar week maand uur keer mens mensen school kerk winkel berg
    bos veld water zee land stad dorp straat weg brug hof kamp molen bakker
    visser smit smid boer koster schipper koning keizer prins graaf hertog de
    jong de vries de wit de boer de groot de bruin de haan de graaf team groep
    afdeling loket balie dienst hulp zorg steun advies vraag klacht melding
    bezwaar overleg gesprek verslag besluit brief mail post beste lieve geachte
    hallo hoi hey dag groeten groet ps gisteren eergisteren overmorgen vanavond
    vannacht destijds toentertijd sindsdien nadien daarvoor hiervoor hierna
    hierdoor hierbij daarentegen bovendien tevens eveneens bijvoorbeeld namelijk
    overigens tenminste althans zeker zeer erg hoog laag ver dichtbij klaar vol
    leeg open dicht kortom uiteraard inderdaad vandaar zodoende integendeel
    desondanks nochtans alleszins eerlijk gezegd blijkbaar kennelijk
    waarschijnlijk mogelijk tegelijk tegelijkertijd hierop daarop waarop
    vervolgens dinsdag enfin niettemin wellicht allicht daarenboven voorlopig
    intussen ondertussen ook eens nogmaals opnieuw wederom alweer telkens
    meestal zelden nergens overal heb hebt heeft hebben had hadden ben is zijn
    was waren word wordt worden werd werden kan kunnen kun kon konden wil willen
    wilde wou moet moeten moest moesten mag mogen mocht zal zullen zou zouden ga
    gaat gaan ging gingen kom komt komen kwam kwamen zeg zegt zeggen zei zeiden
    weet weten wist vind vindt vinden vond denk denkt denken dacht zie ziet zien
    zag krijg krijgt krijgen kreeg kregen geef geeft geven gaf sta staat staan
    stond lig ligt liggen lag zit zitten zat hoop hoopt hopen bel belt bellen
    belde mail mailt schrijf schrijft lees leest maak maakt maken maakte neem
    neemt nemen nam breng brengt brengen bracht laat laten liet houd houdt
    houden hield blijf blijft blijven bleef bleek lijkt lijken leek heet heten
    heette noem noemt noemen noemde vraag vraagt vragen vroeg help helpt helpen
    hielp wacht wacht wachten wachtte gelukt mislukt geregeld gebeld gezegd
    gedaan gehad geweest gekregen gevraagd begonnen gestopt veranderd afgewezen
    toegekend ingediend aangevraagd
    """
)

# Singular verbs that follow a sentence-initial name ("Katzav is", "Schily zei");
# plural subjects such as "Ouders" take plural verbs, so they do not match.
SINGULAR_VERBS_AFTER_NAME = words(
    """
    is was zei zegt heeft had wil wilde gaat ging kan kon moet moest zal zou
    werd wordt begon begint eiste eist vindt vond verklaarde verklaart meldde
    meldt sprak spreekt stelde stelt kreeg krijgt speelde speelt won wint
    verloor scoorde liet laat maakte maakt noemde noemt schreef schrijft kwam
    komt staat stond blijft bleef ziet zag weet wist verhaalt studeerde woont
    woonde werkt werkte reageerde reageert belde belt antwoordde antwoordt
    vertelde vertelt zelf
    """
)

# Endings of Dutch nouns and compounds that start sentences ("Respijtzorg is …").
ORDINARY_ENDINGS = (
    "ing",
    "heid",
    "teit",
    "schap",
    "isme",
    "tie",
    "sie",
    "zorg",
    "hulp",
    "werk",
    "geld",
    "huis",
    "stroom",
    "dienst",
    "wet",
    "plan",
    "raad",
    "zaak",
    "tijd",
    "weg",
    "kosten",
    "lijk",
    "baar",
    "ief",
    "iek",
    "uur",
    "aar",
    "eur",
    "tje",
    "pje",
    "je",
    # Agent nouns label speakers in transcripts: "Gespreksleider:", "Verslaggever:".
    "leider",
    "houder",
    "voerder",
    "werker",
    "gever",
    "nemer",
    "ster",
)
