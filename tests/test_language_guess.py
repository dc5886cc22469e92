"""The language of an imported article: function words first, the statistical detector when unsure."""

from __future__ import annotations

import pytest

from claimdesk.core.language import detect_language
from claimdesk.core.text import function_word_language, guess_language
from claimdesk.paths import seeds_path

SAMPLES = {
    "nl": "De Verenigde Staten willen dat het kabinet geen apparatuur van Huawei gebruikt in de kern "
    "van het netwerk. Dat heeft de minister dinsdag laten weten. Volgens de providers is een verbod "
    "niet nodig, maar de inlichtingendienst wil dat er strengere eisen worden gesteld aan de "
    "leveranciers van het nieuwe mobiele netwerk.",
    "en": "The United States wants the government to keep Huawei equipment out of the core of the "
    "network. The minister said this on Tuesday. According to the operators a ban is not needed, "
    "but the intelligence service wants stricter rules for the suppliers of the new network, which "
    "would be a first for the country.",
    "de": "Die Regierung der Vereinigten Staaten will, dass die verbündeten Länder die Ausrüstung des "
    "chinesischen Unternehmens nicht in ihren Netzen verwenden. Die Entscheidung wurde am Dienstag "
    "vom Minister angekündigt und nach Ansicht von Experten ist es eine politische Frage, die auch "
    "Folgen für die Betreiber haben wird.",
    "fr": "Le gouvernement des États-Unis veut que les pays alliés ne pas utiliser les équipements de "
    "la société chinoise dans leurs réseaux. La décision a été annoncée par le ministre mardi et "
    "selon les experts il est une question politique qui aura des conséquences pour les opérateurs "
    "et pour les consommateurs de toute la région.",
}
#: Languages without a function-word list: left to the detector, never guessed wrongly.
OTHERS = {
    "es": "El gobierno de los Estados Unidos quiere que los países aliados no usen los equipos de la "
    "empresa china en sus redes. La decisión fue anunciada por el ministro el martes y según los "
    "expertos es una cuestión política que tendrá consecuencias para los operadores y los "
    "consumidores de toda la región durante los próximos años.",
    "af": "Die regering van die Verenigde State wil hê dat die bondgenote nie die toerusting van die "
    "Chinese maatskappy in hulle netwerke gebruik nie. Die besluit is Dinsdag deur die minister "
    "aangekondig en volgens kenners is dit 'n politieke saak wat gevolge vir die operateurs en vir "
    "die verbruikers in die hele streek sal hê.",
    "it": "Il governo degli Stati Uniti vuole che i paesi alleati non usino le apparecchiature della "
    "società cinese nelle loro reti. La decisione è stata annunciata dal ministro martedì e secondo "
    "gli esperti è una questione politica che avrà conseguenze per gli operatori e per i "
    "consumatori di tutta la regione nei prossimi anni.",
}


@pytest.mark.parametrize(("language", "text"), SAMPLES.items(), ids=SAMPLES.keys())
def test_function_word_language_decides_running_text(language: str, text: str) -> None:
    assert function_word_language(text) == language
    assert guess_language(text) == language == detect_language(text)


@pytest.mark.parametrize(("language", "text"), OTHERS.items(), ids=OTHERS.keys())
def test_function_word_language_leaves_other_languages_to_the_detector(
    language: str, text: str
) -> None:
    assert function_word_language(text) is None
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "text",
    ["Huawei ZTE Ericsson Nokia", "De VS en het kabinet.", " ".join(["de"] * 20 + ["the"] * 20)],
    ids=["names", "short", "mixed"],
)
def test_function_word_language_unsure(text: str) -> None:
    assert function_word_language(text) is None


def test_guess_language_agrees_with_the_detector_on_the_seeds() -> None:
    for path in sorted(seeds_path().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert guess_language(text, sample=1500) == detect_language(text, sample=1500), path.name
