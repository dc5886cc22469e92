"""claimdesk.core.text: decoding, newlines, UTF-16 offsets, selections, titles, languages."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.core.errors import DecodeError
from claimdesk.core.text import (
    Utf16Offsets,
    decode_bytes,
    derive_title,
    from_utf16,
    guess_language,
    newline_offset_map,
    normalise_newlines,
    sentence_bounds,
    snap_to_words,
    to_utf16,
    trim_span,
)

#: Dutch with diacritics and typographic quotes: cp1252 has them all; cp1250 reads ï as ď, è as č.
DUTCH = "Coördinatie van ideeën is naïef, zegt ‘de minister’ in een café; één twijfel blijft: hè?"

# --------------------------------------------------------------------------- decode_bytes


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (codecs.BOM_UTF8 + "Café 📶".encode(), "Café 📶", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Café 📶".encode("utf-16-le"), "Café 📶", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Café 📶".encode("utf-16-be"), "Café 📶", "utf-16-be"),
        ("Hallo VS".encode("utf-16-le"), "Hallo VS", "utf-16-le"),
        ("Hallo VS".encode("utf-16-be"), "Hallo VS", "utf-16-be"),
        ("Coördinatie 📶".encode(), "Coördinatie 📶", "utf-8"),
        (b"plain ascii", "plain ascii", "utf-8"),
        (DUTCH.encode("cp1252"), DUTCH, "cp1252"),
    ],
    ids=[
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le-nul",
        "utf16be-nul",
        "utf8",
        "ascii",
        "cp1252",
    ],
)
def test_decode_bytes_detects(data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data) == (text, encoding)


def test_decode_bytes_dutch_cp1252_is_not_read_as_cp1250() -> None:
    data = DUTCH.encode("cp1252")
    # The trap a detector falls into: cp1250 decodes these bytes too, wrongly.
    assert data.decode("cp1250") != DUTCH
    assert decode_bytes(data) == (DUTCH, "cp1252")


def test_decode_bytes_prefers_utf8_to_the_fallback() -> None:
    # "é" in UTF-8 is also valid cp1252 ("Ã©"); strict UTF-8 comes first.
    assert decode_bytes("é".encode()) == ("é", "utf-8")


def test_decode_bytes_uses_the_fallback_given() -> None:
    data = "Zürich".encode("latin-1")
    assert decode_bytes(data, fallback="latin-1") == ("Zürich", "iso8859-1")


def test_decode_bytes_bom_comes_before_the_nul_sniff() -> None:
    # UTF-16 with a BOM full of non-ASCII has no regular NUL pattern, yet decodes.
    text = "שלום مرحبا 📶"
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "utf-16-le")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"text with a \x00 in the middle",
        b"\x00\x00\x00\x00",
        "odd".encode("utf-16-le") + b"x",
    ],
    ids=["png", "one-nul", "only-nuls", "odd-length-utf16"],
)
def test_decode_bytes_binary_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


def test_decode_bytes_bom_with_invalid_bytes_is_refused() -> None:
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff")


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        ("Ærø".encode("latin-1"), "latin-1", ("Ærø", "iso8859-1")),
        (codecs.BOM_UTF8 + b"x", "utf-8", ("x", "utf-8")),
        # Forced, so no guessing: UTF-8 bytes read as cp1252 give mojibake on purpose.
        ("é".encode(), "cp1252", ("Ã©", "cp1252")),
        ("tekst".encode("utf-16"), "utf-16", ("tekst", "utf-16")),
    ],
)
def test_decode_bytes_forced_encoding(
    data: bytes, encoding: str, expected: tuple[str, str]
) -> None:
    assert decode_bytes(data, encoding=encoding) == expected


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        (DUTCH.encode("cp1252"), "utf-8", "not valid utf-8"),
        (b"x", "no-such-codec", "unknown encoding"),
    ],
)
def test_decode_bytes_forced_encoding_errors(data: bytes, encoding: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data, encoding=encoding)


# --------------------------------------------------------------------------- newlines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\r\nb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
        ("\r\n\r\n", "\n\n"),
        ("no breaks", "no breaks"),
        ("", ""),
    ],
)
def test_normalise_newlines(text: str, expected: str) -> None:
    assert normalise_newlines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ab", [0, 1, 2]),
        ("a\r\nb", [0, 1, 1, 2, 3]),
        ("a\rb", [0, 1, 2, 3]),
        ("\r\r\n", [0, 1, 1, 2]),
        ("", [0]),
    ],
)
def test_newline_offset_map(text: str, expected: list[int]) -> None:
    assert newline_offset_map(text) == expected


_NEWLINE_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from("\r\n ab"), st.characters(codec="utf-8")), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(_NEWLINE_TEXT)
def test_newline_offset_map_matches_normalise_newlines(text: str) -> None:
    mapping = newline_offset_map(text)
    normalised = normalise_newlines(text)
    assert len(mapping) == len(text) + 1
    assert mapping[-1] == len(normalised)
    assert mapping == sorted(mapping)

    def between_cr_and_lf(i: int) -> bool:
        return 0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n"

    for i in range(len(text) + 1):
        if between_cr_and_lf(i):
            assert mapping[i] == mapping[i - 1]
        else:
            assert mapping[i] == len(normalise_newlines(text[:i]))
    boundaries = [i for i in range(len(text) + 1) if not between_cr_and_lf(i)]
    for start in boundaries:
        for end in boundaries:
            if start <= end:
                assert normalised[mapping[start] : mapping[end]] == normalise_newlines(
                    text[start:end]
                )


# --------------------------------------------------------------------------- UTF-16 offsets


@pytest.mark.parametrize(
    ("text", "utf16"),
    [
        ("a😀b", [0, 1, 3, 4]),
        ("🇳🇱", [0, 2, 4]),  # a flag is two astral characters: two code points, four code units
        ("e\u0301t", [0, 1, 2, 3]),  # a combining mark is a character of its own, inside the BMP
        ("שלום", [0, 1, 2, 3, 4]),  # right-to-left text: logical order, BMP
        ("مرحبا 📶!", [0, 1, 2, 3, 4, 5, 6, 8, 9]),
        ("", [0]),
    ],
    ids=["emoji", "flag", "combining", "hebrew", "arabic-with-emoji", "empty"],
)
def test_utf16offsets_to_and_from(text: str, utf16: list[int]) -> None:
    offsets = Utf16Offsets(text)
    assert [offsets.to_utf16(i) for i in range(len(text) + 1)] == utf16
    assert [offsets.from_utf16(u) for u in utf16] == list(range(len(text) + 1))
    assert offsets.utf16_length == utf16[-1] == len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("text", "inside", "forward", "backward"),
    [
        ("a😀b", 2, 2, 1),
        ("🇳🇱", 1, 1, 0),
        ("🇳🇱", 3, 2, 1),
        ("x📶", 2, 2, 1),
    ],
)
def test_utf16offsets_from_utf16_snaps_inside_a_surrogate_pair(
    text: str, inside: int, forward: int, backward: int
) -> None:
    offsets = Utf16Offsets(text)
    assert offsets.from_utf16(inside) == forward
    assert offsets.from_utf16(inside, snap="backward") == backward


def test_to_utf16_and_from_utf16_one_off() -> None:
    assert to_utf16("Back to the drawing board 📶”.", 28) == 29
    assert from_utf16("Back to the drawing board 📶”.", 29) == 28


#: Any text Python can encode (no lone surrogates), with astral, combining and RTL characters often.
_UNICODE = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["😀", "🇳", "🇱", "\u0301", "ש", "م", "\U0010ffff", "\U00010000", "\n"]),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_UNICODE)
def test_utf16offsets_round_trip_on_any_text(text: str) -> None:
    offsets = Utf16Offsets(text)
    for i in range(len(text) + 1):
        assert offsets.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
        assert offsets.from_utf16(offsets.to_utf16(i)) == i
    assert offsets.utf16_length == len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- selections


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("  Hallo  ", 0, 9, (2, 7)),
        ("Hallo", 0, 5, (0, 5)),
        ("a\n\tb", 1, 3, (3, 3)),
        ("   ", 0, 3, (3, 3)),
    ],
)
def test_trim_span(text: str, start: int, end: int, expected: tuple[int, int]) -> None:
    assert trim_span(text, start, end) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Hallo wereld daar", 2, 8, "Hallo wereld"),
        ("Hallo wereld daar", 6, 12, "wereld"),
        ("Hallo wereld daar", 5, 7, "wereld"),
        ("Huawei's plan", 1, 3, "Huawei"),
        ("Huawei-apparatuur", 8, 10, "apparatuur"),
        ("cafe\u0301 au lait", 2, 3, "cafe\u0301"),
        ("een café\u0301 hier", 5, 6, "café\u0301"),
        ("שלום עולם", 1, 2, "שלום"),
        ("5G-netwerken 📶 nu", 0, 1, "5G"),
    ],
)
def test_snap_to_words(text: str, start: int, end: int, expected: str) -> None:
    start, end = snap_to_words(text, start, end)
    assert text[start:end] == expected


def test_snap_to_words_on_white_space_only_is_empty() -> None:
    start, end = snap_to_words("a   b", 1, 4)
    assert start == end


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Een zin. Twee zin hier! Drie.", 12, 14, "Twee zin hier!"),
        ("Een zin. Twee zin hier! Drie.", 0, 3, "Een zin."),
        ("Een zin. Twee zin hier! Drie.", 25, 27, "Drie."),
        ("Een zin. Twee zin hier! Drie.", 5, 12, "Een zin. Twee zin hier!"),
        ("Kop\n\nTekst hier. Meer.", 7, 9, "Tekst hier."),
        ("Kop\n\nTekst hier. Meer.", 1, 2, "Kop"),
        ("Hij zei: “Nee.” Daarna ging hij.", 3, 5, "Hij zei: “Nee.”"),
        ("Geen punt aan het eind", 5, 9, "Geen punt aan het eind"),
    ],
)
def test_sentence_bounds(text: str, start: int, end: int, expected: str) -> None:
    start, end = sentence_bounds(text, start, end)
    assert text[start:end] == expected


# --------------------------------------------------------------------------- titles and languages

LONG_SENTENCE = (
    "De Verenigde Staten is van plan om met ‘gelijkgestemde’ landen samen te gaan werken om meer "
    "security door te voeren in 5G-netwerken. Dat heeft president Donald Trump laten weten."
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Geen Huawei\n\nDe VS wil dat. Meer tekst.", "Geen Huawei"),
        ("De VS wil dat. Meer tekst.", "De VS wil dat."),
        ("Het kabinet beslist.\n\nMeer tekst.", "Het kabinet beslist."),
        ("Regel een\nregel twee. Verder.", "Regel een regel twee."),
        ("‘Huawei blijft’\n\nTekst.", "‘Huawei blijft’"),
        (
            LONG_SENTENCE,
            "De Verenigde Staten is van plan om met ‘gelijkgestemde’ landen samen te gaan werken om "
            "meer security door te voeren in…",
        ),
        ("x" * 300, "x" * 119 + "…"),
        ("", ""),
        ("\n\n  \n", ""),
    ],
    ids=[
        "subheading",
        "first-sentence",
        "punctuated-paragraph",
        "two-lines",
        "quoted-heading",
        "long-cut-at-word",
        "long-single-word",
        "empty",
        "blank",
    ],
)
def test_derive_title(text: str, title: str) -> None:
    assert derive_title(text) == title


def test_derive_title_respects_the_limit() -> None:
    title = derive_title(LONG_SENTENCE, limit=40)
    assert title == "De Verenigde Staten is van plan om met…"
    assert len(title) <= 40


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "De Verenigde Staten is van plan om met de landen samen te werken en dat is niet nieuw.",
            "nl",
        ),
        (
            "The United States is planning to work with the countries and that is not new at all.",
            "en",
        ),
        (
            "Die Regierung ist nicht bereit, mit den Firmen von Huawei zu arbeiten und das ist neu.",
            "de",
        ),
        ("Hallo", None),
        ("2019 2020 2021 5G 4G 3G 2G", None),
        ("Huawei ZTE Ericsson Nokia Samsung KPN Vodafone", None),
    ],
)
def test_guess_language(text: str, language: str | None) -> None:
    assert guess_language(text) == language
