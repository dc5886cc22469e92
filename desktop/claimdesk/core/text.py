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
from collections import Counter
from collections.abc import Iterator
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
        mixed = _mixed_utf8(data, fallback)
        if mixed is not None:
            return mixed
        try:
            return data.decode(fallback), codecs.lookup(fallback).name
        except (UnicodeDecodeError, LookupError):
            pass
    return _detect(data)


#: A well-formed UTF-8 sequence of two to four bytes (RFC 3629).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _mixed_utf8(data: bytes, fallback: str) -> tuple[str, str] | None:
    """Text that is partly UTF-8 and partly the 8-bit ``fallback`` (files pasted together).

    Only when the bytes hold well-formed UTF-8 sequences as well as bytes
    that are not UTF-8: each UTF-8 sequence is read as UTF-8, every other
    byte with the fallback. The encoding reported is ``utf-8+<fallback>``.
    """
    if _UTF8_MULTIBYTE.search(data) is None:
        return None
    try:
        codec = codecs.lookup(fallback).name
    except LookupError:
        return None
    parts: list[str] = []
    pos = 0
    while pos < len(data):
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode("utf-8"))
            bad = data[pos + exc.start : pos + exc.end]
            try:
                parts.append(bad.decode(codec))
            except UnicodeDecodeError:
                return None
            pos += exc.end
    return "".join(parts), f"utf-8+{codec}"


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for UTF-16 without a byte-order mark, else None (binary).

    ASCII-range text has a NUL in every other byte; other scripts are
    recognised by decoding to assigned, non-control characters only (binary
    data decodes to private-use, unassigned and control characters within a
    few dozen characters), preferring the byte order whose characters
    cluster in the fewest blocks of the character table.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(text) < 16 or not _all_text_characters(text):
            continue
        pages = Counter(ord(ch) >> 8 for ch in text)
        clustered = sum(n for _, n in pages.most_common(3)) / len(text)
        if best is None or clustered > best[0]:
            best = (clustered, codec)
    return best[1] if best else None


def _all_text_characters(text: str) -> bool:
    for ch in set(text):
        if ch in "\t\n\r\f":
            continue
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"):
            return False
    return True


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


#: A character outside the Basic Multilingual Plane (two UTF-16 code units).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


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
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
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


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def place_foreign_span(
    raw: str, start: int, end: int, expected: str | None = None, *, utf16_first: bool = False
) -> tuple[int, int, str] | None:
    """Where a span that another program counted lands in the stored (LF) text.

    Programs count differently: in code points (the REFI-QDA standard), in
    UTF-16 code units (NVivo, Java programs such as DNA), and over Windows
    line ends (CRLF as two characters). ``raw`` is the source text as the
    program saw it (before newline normalisation). The first counting that
    puts the span inside the text, and on ``expected`` when that is given
    (compared with runs of white space made equal), wins.

    Returns ``(start, end, counting)`` in code points of
    ``normalise_newlines(raw)``, where ``counting`` is ``"code points"``,
    ``"code points over CRLF"``, ``"UTF-16"`` or ``"UTF-16 over CRLF"``; None
    when no counting fits. ``utf16_first`` tries the UTF-16 countings first,
    for files from programs known to count that way (Java strings).

    >>> place_foreign_span("a😀b\\r\\nc", 5, 6)
    (4, 5, 'code points over CRLF')
    >>> place_foreign_span("a😀b\\r\\nc", 3, 4, expected="b")
    (2, 3, 'UTF-16')
    """
    text = normalise_newlines(raw)
    mapping = newline_offset_map(raw) if raw != text else None
    candidates: list[tuple[str, int, int]] = [("code points", start, end)]
    if mapping is not None and end < len(mapping):
        candidates.append(("code points over CRLF", mapping[start], mapping[end]))
    if not text.isascii():
        plain, crlf = Utf16Offsets(text), Utf16Offsets(raw)
        if end <= plain.utf16_length:
            candidates.append(("UTF-16", plain.from_utf16(start), plain.from_utf16(end)))
        if mapping is not None and end <= crlf.utf16_length:
            candidates.append(
                (
                    "UTF-16 over CRLF",
                    mapping[crlf.from_utf16(start)],
                    mapping[crlf.from_utf16(end)],
                )
            )
    if utf16_first:
        candidates.sort(key=lambda c: not c[0].startswith("UTF-16"))
    for counting, s, e in candidates:
        if not 0 <= s < e <= len(text):
            continue
        if expected is None or _same_text(text[s:e], expected):
            return s, e, counting
    return None


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
    # The sentence end before ``start``: look in the 2,000 characters before it first, and
    # only when there is none there, from the start of the text (long texts stay fast).
    for begin in (max(0, start - 2000), 0):
        for m in _SENTENCE_END.finditer(text, begin, start):
            left = m.end()
        if left or begin == 0:
            break
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


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


def iter_paragraphs(text: str) -> Iterator[Paragraph]:
    """The paragraphs of ``text`` one at a time (stop early when the first ones suffice)."""
    for m in _PARAGRAPH.finditer(text):
        found = m.group()
        body = found.strip()  # what trim_span keeps, without a loop per character
        if body:
            start = m.start() + len(found) - len(found.lstrip())
            yield Paragraph(start, start + len(body), body)


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text``: runs of lines separated by blank lines."""
    return list(iter_paragraphs(text))


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
    paragraph = next(iter_paragraphs(text), None)  # only the first one is needed
    if paragraph is None:
        return ""
    first = paragraph.text
    candidate = first if is_subheading(first) else first_sentence(first.replace("\n", " "))
    candidate = " ".join(candidate.split())
    if len(candidate) <= limit:
        return candidate
    cut = candidate.rfind(" ", 0, limit - 1)
    if cut < limit // 2:
        cut = limit - 1
    return candidate[:cut].rstrip(" ,;:-–") + "…"


# --------------------------------------------------------------------------- language


#: Function words frequent in one of our users' main languages and rare in the others
#: (each word belongs to one language only).
_FUNCTION_WORDS = {
    word: lang
    for lang, words in {
        "nl": "de het een van met te op niet zijn voor ook wordt naar deze bij worden heeft maar "
        "werd hebben nog geen dat",
        "en": "the and of to that it for with was are have has this which said would not be",
        "de": "der die das und ist nicht mit von zu den auf ein eine sich dem auch wird werden",
        "fr": "le la les et est des une que pas dans pour sur du qui au il ne sont",
    }.items()
    for word in words.split()
}


def function_word_language(text: str) -> str | None:
    """The language of ``text`` when its function words leave no doubt, else None (cheap).

    Needs at least 40 words, one in seven of them function words of one language
    (Dutch, English, German or French), and four times as many as of any
    other: running news text passes easily; short, mixed or other texts are
    left to the statistical detector.

    >>> function_word_language("The minister said that the network is not safe and that it "
    ...     "was a risk for the country, which has to decide this year. " * 2)
    'en'
    """
    # White space splits words three times faster than a regular expression; a function
    # word with punctuation attached ("dat,") is rare and merely not counted.
    words = text.lower().split()
    if len(words) < 40:
        return None
    ranked = Counter(filter(None, map(_FUNCTION_WORDS.get, words))).most_common(2)
    if not ranked:
        return None
    lang, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if best >= 0.15 * len(words) and best >= 4 * second:
        return lang
    return None


def guess_language(text: str, *, sample: int = 1000) -> str | None:
    """A two-letter language code for ``text``, or None when unsure.

    Function words decide first (:func:`function_word_language`, on the
    first 1,000 characters: about 30 µs); only when they leave doubt does the
    statistical detector run (:func:`claimdesk.core.language.detect_language`,
    about 2 ms and a one-off second to load its model).
    """
    quick = function_word_language(text[: min(sample, 1000)])
    if quick is not None:
        return quick
    from claimdesk.core.language import detect_language

    return detect_language(text, sample=sample)
