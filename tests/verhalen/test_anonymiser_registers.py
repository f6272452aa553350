"""The anonymiser on invented texts in the registers residents and staff write in.

Each text names what must be gone from the result, each kind of personal data in
the way that register writes it, and words that must stay. Texts without personal
data, full of the social domain's own words, come through unchanged.
"""

from __future__ import annotations

import pytest

from verhalen.anonymiser import anonymise, deduce_model

REGISTERS = {
    "chat export without capitals": (
        "femke: heb je al iets gehoord van de wmo?\n"
        "sanne: nee niks. ik heb gebeld met thuiszorgorganisatie zorgmaatje maar "
        "die zeiden dat ik moest wachten\n"
        "femke: mijn dochter (14) zit op basisschool de klimop en ook daar weten "
        "ze het niet\n"
        "sanne: bel me op 06 12 34 56 78",
        ["femke", "sanne", "zorgmaatje", "(14)", "de klimop", "06 12 34 56 78"],
        ["wmo", "wachten", "dochter"],
    ),
    "sms style": (
        "hoi ik ben 37 en woon op kerkstraat 14-bis in zwolle, bel me ff op "
        "+32 470 12 34 56 want mn nl nummer doet t niet",
        ["37", "kerkstraat 14-bis", "zwolle", "+32 470 12 34 56"],
        ["bel", "nummer"],
    ),
    "formal objection letter": (
        "Aan het college van burgemeester en wethouders\n"
        "Postbus 16200\n"
        "3500 CE Utrecht\n\n"
        "Betreft: bezwaar tegen besluit met kenmerk ZK-2025/001234\n\n"
        "Geachte heer, mevrouw,\n\n"
        "Op maandag 3 maart 2025 ontving ik uw besluit. Mijn auto met kenteken "
        "gz-482-k is niet van mij maar van mijn werkgever, Bouwbedrijf Van Rijn.\n\n"
        "Hoogachtend,\nP.J. de Boer",
        [
            "3500 CE",
            "ZK-2025/001234",
            "3 maart 2025",
            "gz-482-k",
            "Van Rijn",
            "P.J. de Boer",
        ],
        ["bezwaar", "besluit", "college", "burgemeester"],
    ),
    "e-mail with a signature": (
        "Beste Yusuf,\n\nDank voor je bericht. Kun je het formulier voor 5/1 "
        "terugsturen naar jeugd@gemeente-voorbeeld.nl?\n\n"
        "Met vriendelijke groet,\n\nMarieke van den Broek-Jansen\n"
        "Consulent Jeugd\nT 030 286 00 00",
        [
            "Yusuf",
            "5/1",
            "jeugd@gemeente-voorbeeld.nl",
            "Marieke",
            "van den Broek-Jansen",
            "030 286 00 00",
        ],
        ["formulier", "Consulent Jeugd"],
    ),
    "staff case notes": (
        "Gesprek mw. Öztürk, 2e gesprek. Mw. vertelt dat haar zoon Mehmet (16) "
        "sinds de zomer niet naar school gaat. Afspraak: consulent belt "
        "Stichting Leergeld. Volgende keer met dhr. erbij. /AK",
        ["Öztürk", "Mehmet", "(16)", "Leergeld", "AK"],
        ["Gesprek", "consulent", "school"],
    ),
    "newcomer's Dutch": (
        "ik ben ahmad en ik ben 29 jaar. ik wonen in gemeente met mijn vrouw "
        "fatima. wij hebben brief gekrijgt van belastingdienst over toeslag maar "
        "ik snap niet. mijn telefoon is 0612345678",
        ["ahmad", "29", "fatima", "0612345678"],
        ["brief", "toeslag", "telefoon"],
    ),
    "transcript": (
        "Interviewer: Hoe oud was u toen?\n"
        "R: Zeventien. Ik woonde toen bij mijn oma in Kerkrade.\n"
        "Interviewer: En daarna?\n"
        "R: Daarna ging ik naar het roc van twente.",
        ["Zeventien", "Kerkrade", "roc van twente"],
        ["Interviewer", "oma", "daarna"],
    ),
    "organisation statement": (
        "Namens Stichting Samen Sterk en Helder Schoonmaak laten wij weten dat "
        "de samenwerking met de gemeente stopt. Voor vragen: info@samensterk.nl.",
        ["Samen Sterk", "Helder Schoonmaak", "info@samensterk.nl"],
        ["samenwerking", "gemeente", "vragen"],
    ),
}

WITHOUT_PERSONAL_DATA = [
    "De gemeente heeft de Wmo-aanvraag na zes weken nog niet behandeld. Het "
    "wijkteam verwees naar het Zorgloket, dat terugverwees naar de gemeente.",
    "Bij de bijstand en de Participatiewet gelden andere regels dan bij de "
    "toeslagen van de Belastingdienst. Het UWV en de SVB praten niet met elkaar.",
    "Wachtlijsten in de jeugdzorg zijn lang. Ouders weten niet waar ze heen "
    "moeten en de huisarts kan niet doorverwijzen zonder beschikking.",
    "In maart kwam de brief, in mei het besluit. Drie maanden zonder "
    "huishoudelijke hulp, terwijl de indicatie al klaar lag.",
]


@pytest.fixture(scope="module", autouse=True)
def _deduce_loaded() -> None:
    deduce_model()


@pytest.mark.parametrize("register", REGISTERS)
def test_personal_data_is_gone_in_each_register(register: str) -> None:
    text, personal, kept = REGISTERS[register]
    result = anonymise(text).text
    left = [item for item in personal if item in result]
    assert not left, f"left in the {register}: {left}\n{result}"
    lost = [word for word in kept if word not in result]
    assert not lost, f"ordinary words lost in the {register}: {lost}\n{result}"


@pytest.mark.parametrize("text", WITHOUT_PERSONAL_DATA)
def test_a_text_without_personal_data_comes_through_unchanged(text: str) -> None:
    assert anonymise(text).text == text
