"""What every article format shares: reading bytes safely and decoding them."""

from __future__ import annotations

from pathlib import Path

from claimdesk.core.errors import DecodeError, FormatError
from claimdesk.core.text import decode_bytes, normalise_newlines
from claimdesk.formats import ReadOptions


def read_text(path: Path, options: ReadOptions) -> tuple[str, str]:
    """Read and decode an article file: ``(text with LF newlines, encoding)``.

    :raises FormatError: empty, binary, undecodable, too large, or unreadable
    """
    try:
        size = path.stat().st_size
        if size > options.max_chars * 4:
            raise FormatError(_too_many_bytes(size, options))
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None
    return decode_text(data, options)


def decode_text(data: bytes, options: ReadOptions) -> tuple[str, str]:
    """Decode the bytes of an article file already read: ``(text with LF newlines, encoding)``.

    The importer reads each small file once (``formats.reading``) and hands its
    bytes to the format's ``read_data``, which decodes them here.

    :raises FormatError: empty, binary, undecodable or too large
    """
    if not data:
        raise FormatError("empty file")
    if len(data) > options.max_chars * 4:
        raise FormatError(_too_many_bytes(len(data), options))
    text, encoding = decode_bytes(
        data, fallback=options.fallback_encoding, encoding=options.encoding
    )
    if b"\x00" in data and "\x00" in text:  # a NUL character comes from NUL bytes only
        raise DecodeError("contains NUL characters, not text")
    text = normalise_newlines(text)
    if len(text) > options.max_chars:
        raise FormatError(
            f"too large ({len(text):,} characters; the limit is {options.max_chars:,})"
        )
    return text, encoding


def _too_many_bytes(size: int, options: ReadOptions) -> str:
    return f"too large ({size:,} bytes; the limit is {options.max_chars:,} characters)"
