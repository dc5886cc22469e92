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
            raise FormatError(
                f"too large ({size:,} bytes; the limit is {options.max_chars:,} characters)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise FormatError("empty file")
    text, encoding = decode_bytes(
        data, fallback=options.fallback_encoding, encoding=options.encoding
    )
    if "\x00" in text:
        raise DecodeError("contains NUL characters, not text")
    text = normalise_newlines(text)
    if len(text) > options.max_chars:
        raise FormatError(
            f"too large ({len(text):,} characters; the limit is {options.max_chars:,})"
        )
    return text, encoding
