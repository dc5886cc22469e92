"""Synthetic corpora for tests and benchmarks: realistic articles in the seed format.

Everything here is deterministic: the same ``seed`` gives the same files,
byte for byte, and the same annotations. Articles look like the ones in
``seeds/``: a leading `` date YYYY-MM `` token, paragraphs separated by blank
lines, short subheadings, typographic quotes, and Dutch- or English-like
sentences in which actors appear under their names and aliases.

>>> paths = write_articles(folder, 20, seed=1, crlf_share=0.1)
>>> len(paths), paths[0].name
(20, '000_cd613e30d8f16adf.txt')

No Qt here, and nothing outside the standard library and ``claimdesk.core``.
"""

from __future__ import annotations

import codecs
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimdesk.core.model import Changes, Claim, Mention
from claimdesk.core.store import Project
from claimdesk.core.text import sentence_bounds

LANGUAGES = ("nl", "en")


@dataclass(frozen=True, slots=True)
class SyntheticActor:
    """An actor of the synthetic world, with the forms articles use per language."""

    name: str
    type: str
    nl: tuple[str, ...]
    en: tuple[str, ...]

    @property
    def aliases(self) -> list[str]:
        """Every form but the name itself, each once."""
        seen = {self.name}
        result = []
        for form in (*self.nl, *self.en):
            if form not in seen:
                seen.add(form)
                result.append(form)
        return result

    def forms(self, language: str) -> tuple[str, ...]:
        return self.nl if language == "nl" else self.en


ACTORS: tuple[SyntheticActor, ...] = (
    SyntheticActor(
        "Verenigde Staten",
        "government",
        ("de Verenigde Staten", "de VS", "Washington"),
        ("the United States", "the US", "Washington"),
    ),
    SyntheticActor(
        "Donald Trump", "person", ("president Donald Trump", "Trump"), ("President Trump", "Trump")
    ),
    SyntheticActor(
        "Mike Pompeo", "person", ("minister Pompeo", "Pompeo"), ("Secretary of State Mike Pompeo",)
    ),
    SyntheticActor(
        "Huawei", "company", ("Huawei", "de Chinese fabrikant"), ("Huawei", "the Chinese company")
    ),
    SyntheticActor("ZTE", "company", ("ZTE",), ("ZTE",)),
    SyntheticActor("Ericsson", "company", ("het Zweedse Ericsson", "Ericsson"), ("Ericsson",)),
    SyntheticActor("Nokia", "company", ("Nokia",), ("Nokia", "the Finnish supplier")),
    SyntheticActor("KPN", "company", ("KPN", "de telecomprovider"), ("KPN",)),
    SyntheticActor(
        "Europese Commissie",
        "government",
        ("de Europese Commissie", "Brussel"),
        ("the European Commission", "Brussels"),
    ),
    SyntheticActor(
        "Nederlands kabinet",
        "government",
        ("het kabinet", "Den Haag"),
        ("the Dutch government", "The Hague"),
    ),
    SyntheticActor(
        "Mona Keijzer",
        "person",
        ("staatssecretaris Mona Keijzer", "Keijzer"),
        ("State Secretary Mona Keijzer",),
    ),
    SyntheticActor(
        "Angela Merkel",
        "person",
        ("bondskanselier Merkel", "Merkel"),
        ("Chancellor Angela Merkel",),
    ),
    SyntheticActor(
        "Boris Johnson", "person", ("premier Johnson",), ("Prime Minister Boris Johnson", "Johnson")
    ),
    SyntheticActor(
        "AIVD",
        "organisation",
        ("de AIVD", "de inlichtingendienst"),
        ("the AIVD", "Dutch intelligence"),
    ),
    SyntheticActor(
        "Chinees ministerie van Buitenlandse Zaken",
        "government",
        ("het Chinese ministerie van Buitenlandse Zaken", "Beijing"),
        ("China’s foreign ministry", "Beijing"),
    ),
)

ISSUES = (
    "Huawei in 5G networks",
    "Ban on Chinese 5G equipment",
    "Telecom security rules",
    "International cooperation on 5G security",
)

_WORDS = {
    "nl": {
        "topic": (
            "de uitrol van 5G",
            "het nieuwe mobiele netwerk",
            "de beveiliging van telecomnetwerken",
            "apparatuur van Chinese leveranciers",
            "een verbod op Huawei-apparatuur",
            "de kern van het netwerk",
            "de nationale veiligheid",
            "de coördinatie tussen Europese landen",
            "de financiële gevolgen voor providers",
        ),
        "judgement": (
            "onvermijdelijk",
            "te riskant",
            "goed geregeld",
            "niet efficiënt genoeg",
            "een zaak van lange adem",
            "verstandig",
            "overdreven",
        ),
        "action": (
            "Chinese apparatuur uit het netwerk weert",
            "strengere eisen stelt aan leveranciers",
            "meer geld uittrekt voor beveiliging",
            "samenwerkt met gelijkgestemde landen",
            "de regels nog eens bekijkt",
            "geen overhaaste beslissingen neemt",
        ),
        "time": ("dinsdag", "vorige week", "eerder dit jaar", "donderdagavond", "in oktober"),
        "manner": ("fel", "voorzichtig", "verrast", "kalm", "teleurgesteld"),
        "quote": (
            "We nemen de risico’s voor het netwerk zeer serieus",
            "Er is geen enkel bewijs voor spionage",
            "Dit besluit kost de sector miljarden",
            "Veiligheid gaat altijd voor",
            "We willen niet afhankelijk worden van één leverancier",
            "De ideeën van de Commissie zijn een goed begin",
        ),
        "filler": (
            "De providers hebben de afgelopen jaren veel apparatuur geïnstalleerd.",
            "Critici vinden dat de discussie te lang heeft geduurd.",
            "Over de precieze kosten is nog weinig bekend.",
            "Het debat wordt in de Tweede Kamer met belangstelling gevolgd.",
            "Volgens deskundigen is de keuze vooral politiek.",
            "De coördinatie met andere lidstaten verloopt volgens betrokkenen moeizaam.",
            "Consumenten merken voorlopig weinig van de maatregelen.",
        ),
        "headings": (
            "Geen Huawei-apparatuur",
            "Druk op bevriende landen",
            "Reacties uit de sector",
            "Kritiek op het kabinet",
            "Kosten voor providers",
            "Zorgen over spionage",
            "Europese aanpak",
            "Kamer wil duidelijkheid",
        ),
    },
    "en": {
        "topic": (
            "the rollout of 5G",
            "the new mobile network",
            "the security of telecom networks",
            "equipment from Chinese suppliers",
            "a ban on Huawei equipment",
            "the core of the network",
            "national security",
            "coordination between European countries",
            "the cost for operators",
        ),
        "judgement": (
            "inevitable",
            "too risky",
            "well managed",
            "not efficient enough",
            "a long-term matter",
            "sensible",
            "exaggerated",
        ),
        "action": (
            "keep Chinese equipment out of the network",
            "set stricter rules for suppliers",
            "spend more on security",
            "work with like-minded countries",
            "review the rules once more",
            "avoid hasty decisions",
        ),
        "time": (
            "on Tuesday",
            "last week",
            "earlier this year",
            "on Thursday evening",
            "in October",
        ),
        "manner": ("sharply", "cautiously", "with surprise", "calmly", "with disappointment"),
        "quote": (
            "We take the risks to the network very seriously",
            "There is no evidence whatsoever of spying",
            "This decision will cost the industry billions",
            "Security always comes first",
            "We do not want to depend on a single supplier",
            "The Commission’s ideas are a good start",
        ),
        "filler": (
            "Operators have installed a great deal of equipment in recent years.",
            "Critics say the debate has dragged on for too long.",
            "Little is known yet about the exact cost.",
            "The debate is being followed closely in parliament.",
            "According to experts, the choice is mainly a political one.",
            "Coordination with other member states is said to be difficult.",
            "Consumers will notice little of the measures for now.",
        ),
        "headings": (
            "Pressure from Washington",
            "Operators count the cost",
            "A question of trust",
            "Security concerns",
            "Mixed reactions",
            "The European approach",
            "Parliament wants clarity",
        ),
    },
}

_TEMPLATES = {
    "nl": (
        "{A} zegt dat {topic} {judgement} is.",
        "Volgens {A} is {topic} {judgement}.",
        "“{quote}”, zegt {A}.",
        "{A} wil dat {B} {action}.",
        "Dat heeft {A} {time} laten weten.",
        "{A} reageert {manner} op de kritiek van {B}.",
        "{A} noemt {topic} ‘{judgement}’.",
        "{A} en {B} praten {time} opnieuw over {topic}.",
    ),
    "en": (
        "{A} said {topic} was {judgement}.",
        "According to {A}, {topic} is {judgement}.",
        "“{quote}”, {A} said.",
        "{A} wants {B} to {action}.",
        "{A} announced this {time}.",
        "{A} responded {manner} to criticism from {B}.",
        "{A} called {topic} ‘{judgement}’.",
        "{A} and {B} will discuss {topic} again {time}.",
    ),
}

#: Characters outside the Basic Multilingual Plane that UTF-8 articles sometimes carry.
_ASTRAL = ("📶", "📱", "🇳🇱", "🇪🇺")


def _capitalise(sentence: str) -> str:
    for i, ch in enumerate(sentence):
        if ch.isalpha():
            return sentence[:i] + ch.upper() + sentence[i + 1 :]
    return sentence


def _sentence(rng: random.Random, language: str, *, astral: bool) -> str:
    words = _WORDS[language]
    if rng.random() < 0.25:
        return rng.choice(words["filler"])
    first, second = rng.sample(ACTORS, 2)
    sentence = rng.choice(_TEMPLATES[language]).format(
        A=rng.choice(first.forms(language)),
        B=rng.choice(second.forms(language)),
        topic=rng.choice(words["topic"]),
        judgement=rng.choice(words["judgement"]),
        action=rng.choice(words["action"]),
        time=rng.choice(words["time"]),
        manner=rng.choice(words["manner"]),
        quote=rng.choice(words["quote"]) + (" " + rng.choice(_ASTRAL) if astral else ""),
    )
    return _capitalise(sentence)


def _paragraph(rng: random.Random, language: str, *, astral: bool) -> str:
    return " ".join(
        _sentence(rng, language, astral=astral and rng.random() < 0.1)
        for _ in range(rng.randint(2, 5))
    )


def _date_token(rng: random.Random) -> str:
    year = rng.randint(2018, 2021)
    month = rng.randint(1, 12)
    kind = rng.random()
    if kind < 0.1:
        return f"{year}"
    if kind < 0.3:
        return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    return f"{year}-{month:02d}"


def make_article(
    rng: random.Random,
    *,
    language: str | None = None,
    size: int = 4000,
    astral: bool = True,
) -> str:
    """The decoded content of one article file: a date token, then about ``size`` bytes of text.

    :param rng: the random source (the article depends on nothing else)
    :param language: ``"nl"`` or ``"en"`` (default: either, at random)
    :param size: the aimed size in UTF-8 bytes; the text stops at the paragraph that reaches it
    :param astral: allow characters outside the BMP (an emoji now and then); False keeps
        the text encodable in cp1252

    >>> make_article(random.Random(0), language="nl", size=300)[:17]
    ' date 2020-12-11 '
    """
    language = language or rng.choice(LANGUAGES)
    headings = list(_WORDS[language]["headings"])
    rng.shuffle(headings)
    parts = [_paragraph(rng, language, astral=astral)]
    used = len(parts[0].encode("utf-8"))
    since_heading = 1
    while used < size:
        if since_heading >= 2 and headings and rng.random() < 0.35:
            part = headings.pop()
            since_heading = 0
        else:
            part = _paragraph(rng, language, astral=astral)
            since_heading += 1
        parts.append(part)
        used += len(part.encode("utf-8")) + 2
    if not parts[-1].endswith("."):  # never end on a subheading
        parts.append(_paragraph(rng, language, astral=astral))
    return f" date {_date_token(rng)} " + "\n\n".join(parts)


def _hex_name(rng: random.Random, number: int, width: int) -> str:
    return f"{number:0{width}d}_{rng.getrandbits(64):016x}.txt"


def write_articles(
    folder: str | Path,
    count: int,
    *,
    seed: int = 0,
    cp1252_share: float = 0.0,
    utf16_share: float = 0.0,
    crlf_share: float = 0.0,
    duplicate_share: float = 0.0,
    min_bytes: int = 2000,
    max_bytes: int = 10000,
) -> list[Path]:
    """Write ``count`` article files into ``folder`` (created if needed) and return their paths.

    Files are named like the seeds, ``NNN_<16 hex digits>.txt``, in the order
    returned. Shares are fractions of ``count`` (rounded):

    :param cp1252_share: files encoded as cp1252 (their text stays within cp1252)
    :param utf16_share: files encoded as UTF-16 LE with a byte-order mark
    :param crlf_share: files with CRLF line breaks (any encoding)
    :param duplicate_share: files that repeat an earlier file's bytes under another name,
        so ``count - round(count * duplicate_share)`` distinct texts are written
    :param min_bytes: the smallest aimed article size (UTF-8 bytes)
    :param max_bytes: the largest aimed article size (UTF-8 bytes)

    Everything else is UTF-8 without a BOM, LF line breaks, no final newline.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_dup = min(round(count * duplicate_share), max(count - 1, 0))
    duplicates = set(rng.sample(range(1, count), n_dup)) if n_dup else set()
    originals = [i for i in range(count) if i not in duplicates]
    n_utf16 = min(round(count * utf16_share), len(originals))
    utf16 = set(rng.sample(originals, n_utf16))
    rest = [i for i in originals if i not in utf16]
    cp1252 = set(rng.sample(rest, min(round(count * cp1252_share), len(rest))))
    crlf = set(rng.sample(originals, min(round(count * crlf_share), len(originals))))
    width = max(3, len(str(count - 1)))
    written: list[bytes] = []
    texts: set[str] = set()
    paths = []
    for number in range(count):
        path = folder / _hex_name(rng, number, width)
        if number in duplicates:
            data = rng.choice(written)
        else:
            while True:
                content = make_article(
                    rng, size=rng.randint(min_bytes, max_bytes), astral=number not in cp1252
                )
                if content not in texts:
                    texts.add(content)
                    break
            if number in crlf:
                content = content.replace("\n", "\r\n")
            if number in utf16:
                data = codecs.BOM_UTF16_LE + content.encode("utf-16-le")
            elif number in cp1252:
                data = content.encode("cp1252")
            else:
                data = content.encode("utf-8")
            written.append(data)
        path.write_bytes(data)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------- annotations


def _forms_pattern(actors: Sequence[tuple[int, str]]) -> re.Pattern[str]:
    forms = sorted({form for _, form in actors}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def annotate_project(
    project: Project,
    *,
    seed: int = 0,
    claims_per_document: int = 3,
    mentions_per_document: int = 3,
    documents: Iterable[int] | None = None,
) -> Changes:
    """Add the synthetic actors and issues, then random claims and mentions, as one undo step.

    Mentions are spans where an actor's name or alias occurs; claims are the
    sentences around such occurrences (or random sentences of texts without
    any), with the actor as claimant and a random stance and target. Every
    span lies inside its text, so ``project.check()`` stays empty.

    :param seed: the random source; the same seed on the same project gives the same coding
    :param claims_per_document: at most this many claims per document
    :param mentions_per_document: at most this many mentions per document
    :param documents: the documents to annotate (default: all)
    """
    rng = random.Random(seed)
    with project.write("Add Synthetic Annotations") as step:
        known: list[tuple[int, str]] = []
        for spec in ACTORS:
            actor = project.find_actor(spec.name)
            actor_id = (
                actor.id
                if actor
                else project.add_actor(spec.name, type=spec.type, aliases=spec.aliases).id
            )
            assert actor_id is not None
            known.extend((actor_id, form) for form in (spec.name, *spec.aliases))
        book = project.codebook()
        labels = {i.label for i in book.issues}
        for label in ISSUES:
            if label not in labels:
                project.add_issue(label)
        book = project.codebook()
        issue_ids = [i.id for i in book.issues if i.id is not None]
        stance_ids = [s.id for s in book.stances if s.id is not None]
        actor_ids = sorted({actor_id for actor_id, _ in known})
        by_form = {form: actor_id for actor_id, form in known}
        pattern = _forms_pattern(known)
        ids = list(documents) if documents is not None else project.document_ids()
        claims: list[Claim] = []
        mentions: list[Mention] = []
        for document_id in ids:
            text = project.document(document_id).text
            found = [(m.start(), m.end(), by_form[m.group()]) for m in pattern.finditer(text)]
            for start, end, actor_id in rng.sample(found, min(mentions_per_document, len(found))):
                mentions.append(Mention(document=document_id, start=start, end=end, actor=actor_id))
            spans: set[tuple[int, int]] = set()
            for _ in range(claims_per_document):
                if found:
                    start, end, claimant = rng.choice(found)
                else:
                    start = rng.randrange(len(text))
                    end, claimant = start + 1, None
                start, end = sentence_bounds(text, start, end)
                if start >= end or (start, end) in spans:
                    continue
                spans.add((start, end))
                target = rng.random()
                claims.append(
                    Claim(
                        document=document_id,
                        start=start,
                        end=end,
                        claimant=claimant,
                        stance=rng.choice(stance_ids) if stance_ids else None,
                        target_issue=rng.choice(issue_ids) if target < 0.7 and issue_ids else None,
                        target_actor=rng.choice(actor_ids) if target >= 0.7 else None,
                        note="synthetic" if rng.random() < 0.2 else "",
                    )
                )
            if len(claims) + len(mentions) >= 20_000:  # stored in batches: memory stays flat
                project.add_mentions(mentions)
                project.add_claims(claims)
                mentions, claims = [], []
        project.add_mentions(mentions)
        project.add_claims(claims)
    return step.changes
