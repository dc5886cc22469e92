"""Text helpers: decoding input bytes, normalising newlines, converting offsets.

Every offset conversion in Claimdesk lives here. The store and every export
count in Unicode code points (Python string indices); Qt counts UTF-16 code
units; some foreign formats count CRLF as two characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from claimdesk.core.errors import DecodeError

#: Characters of context stored before and after every span.
CONTEXT_CHARS = 32

#: Default 8-bit fallback for files that are not UTF-8 (a project setting).
DEFAULT_FALLBACK_ENCODING = "cp1252"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# --------------------------------------------------------------------------- decoding


def decode_bytes(
    data: bytes, *, fallback: str = DEFAULT_FALLBACK_ENCODING, encoding: str | None = None
) -> tuple[str, str]:
    """Decode the bytes of an article file and return ``(text, encoding used)``.

    The order is measured, not guessed: a byte-order mark first (UTF-8,
    UTF-16 LE/BE); then a binary sniff (NUL bytes: UTF-16 without a BOM if
    every other byte is NUL, otherwise binary and refused); then strict
    UTF-8; then the strict 8-bit ``fallback``; a detector only when all of
    that fails. ``encoding`` forces one codec and skips the guessing.

    >>> decode_bytes("Café".encode("cp1252"))
    ('Café', 'cp1252')

    :raises DecodeError: for binary data or bytes no codec decodes.
    """
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as exc:
            raise DecodeError(f"unknown encoding {encoding!r}") from exc
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {codec} at byte {exc.start}") from exc
        return _strip_bom(text), codec
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.replace("-sig", "")), codec
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {codec} byte-order mark but is not valid {codec} "
                    f"at byte {exc.start + len(bom)}"
                ) from exc
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise DecodeError("binary file (contains NUL bytes), not text")
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise DecodeError(f"looks like {codec} but is not valid at byte {exc.start}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if fallback:
        try:
            return data.decode(fallback), codecs.lookup(fallback).name
        except (UnicodeDecodeError, LookupError):
            pass
    return _detect(data)


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL (ASCII-range UTF-16), else None."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("cannot tell the encoding (not UTF-8 nor the 8-bit fallback)")
    return str(best), best.encoding


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF (the stored text only ever has LF)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def newline_offset_map(text: str) -> list[int]:
    """For ``text`` with CR/CRLF, map each offset to its place after :func:`normalise_newlines`.

    Returns a list ``m`` of ``len(text) + 1`` entries: ``m[i]`` is the
    normalised offset of original offset ``i`` (an offset between CR and LF
    maps to the position of the single LF).
    """
    mapping = []
    out = 0
    i = 0
    n = len(text)
    while i < n:
        mapping.append(out)
        if text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
            mapping.append(out)
            i += 2
        else:
            i += 1
        out += 1
    mapping.append(out)
    return mapping


# --------------------------------------------------------------------------- offsets


class Utf16Offsets:
    """Convert between code-point offsets (the store) and UTF-16 offsets (Qt).

    Keeps the sorted positions of characters outside the Basic Multilingual
    Plane; a conversion is one binary search, and free for texts without them.

    >>> m = Utf16Offsets("a😀b")
    >>> m.to_utf16(2), m.from_utf16(3)
    (3, 2)
    """

    __slots__ = ("_astral", "_astral_utf16", "length")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._astral = (
            [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        )
        # UTF-16 position just after each astral character's surrogate pair.
        self._astral_utf16 = [pos + k + 2 for k, pos in enumerate(self._astral)]

    @property
    def utf16_length(self) -> int:
        return self.length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """UTF-16 code-unit offset of code-point ``offset``."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, offset: int, *, snap: str = "forward") -> int:
        """Code-point offset of UTF-16 ``offset``.

        An offset inside a surrogate pair (which Qt allows) snaps ``forward``
        past the character or ``backward`` before it.
        """
        if not self._astral:
            return offset
        done = bisect_right(self._astral_utf16, offset)
        index = offset - done
        if done < len(self._astral) and self._astral_utf16[done] - 1 == offset:
            # Inside the pair of astral character number ``done``.
            return self._astral[done] + (1 if snap == "forward" else 0)
        return index


def to_utf16(text: str, offset: int) -> int:
    """One-off conversion of a code-point offset into UTF-16 code units."""
    return Utf16Offsets(text).to_utf16(offset)


def from_utf16(text: str, offset: int) -> int:
    """One-off conversion of a UTF-16 offset into code points."""
    return Utf16Offsets(text).from_utf16(offset)


def span_context(text: str, start: int, end: int, size: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The ``size`` characters before ``start`` and after ``end``: ``(prefix, suffix)``."""
    return text[max(0, start - size) : start], text[end : end + size]


# --------------------------------------------------------------------------- selections

_WORD = re.compile(r"\w", re.UNICODE)


def is_word_char(ch: str) -> bool:
    return bool(_WORD.match(ch)) or unicodedata.category(ch).startswith("M")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words, then trim surrounding white space."""
    start, end = trim_span(text, start, end)
    if start == end:
        return start, end
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]):
        end += 1
    return start, end


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend ``[start, end)`` to the whole sentence(s) it touches."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    right = len(text)
    m = _SENTENCE_END.search(text, max(end - 1, start))
    if m:
        right = m.end() if text[m.start()] != "\n" else m.start()
    return trim_span(text, left, right)


# --------------------------------------------------------------------------- paragraphs, titles


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text``: runs of lines separated by blank lines."""
    result = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = trim_span(text, m.start(), m.end())
        if start < end:
            result.append(Paragraph(start, end, text[start:end]))
    return result


_CLOSING = ".!?:;,…\"'”’)]"


def is_subheading(paragraph: str, *, max_chars: int = 100, max_words: int = 12) -> bool:
    """A short single line without final punctuation, as news sites set subheadings."""
    if "\n" in paragraph or len(paragraph) > max_chars or not paragraph:
        return False
    if paragraph[-1] in _CLOSING:
        return False
    if len(paragraph.split()) > max_words:
        return False
    return paragraph[0].isupper() or paragraph[0].isdigit() or paragraph[0] in "‘“\"'"


_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'‘“(]?[A-Z0-9À-ÖØ-Þ])")


def first_sentence(text: str) -> str:
    parts = _SENTENCE.split(text, maxsplit=1)
    return parts[0].strip()


def derive_title(text: str, *, limit: int = 120) -> str:
    """A title for an article: its first paragraph when that reads as a heading,
    otherwise its first sentence, cut at a word boundary near ``limit``.

    >>> derive_title("Geen Huawei\\n\\nDe VS wil dat. Meer tekst.")
    'Geen Huawei'
    >>> derive_title("De VS wil dat. Meer tekst.")
    'De VS wil dat.'
    """
    paras = paragraphs(text)
    if not paras:
        return ""
    first = paras[0].text
    candidate = first if is_subheading(first) else first_sentence(first.replace("\n", " "))
    candidate = " ".join(candidate.split())
    if len(candidate) <= limit:
        return candidate
    cut = candidate.rfind(" ", 0, limit - 1)
    if cut < limit // 2:
        cut = limit - 1
    return candidate[:cut].rstrip(" ,;:-–") + "…"


# --------------------------------------------------------------------------- language

_STOPWORDS = {
    "nl": {
        "de",
        "het",
        "een",
        "en",
        "van",
        "is",
        "dat",
        "op",
        "niet",
        "met",
        "voor",
        "zijn",
        "ook",
    },
    "en": {"the", "and", "of", "to", "is", "that", "in", "it", "for", "with", "on", "not", "are"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "auf", "ein"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "que", "pas", "dans", "pour", "sur"},
}


def guess_language(text: str, *, sample: int = 4000) -> str | None:
    """A two-letter language code from common function words, or None when unsure."""
    words = re.findall(r"[^\W\d_]+", text[:sample].lower())
    if len(words) < 5:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda item: item[1])
    ranked = sorted(scores.values(), reverse=True)
    if best < 3 or best < 1.5 * ranked[1]:
        return None
    return lang
