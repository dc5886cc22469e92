"""The annotated-article report: chosen documents as one self-contained HTML file.

Each article is shown as the reader shows it: its text is escaped and the
highlight elements are inserted at the stored offsets (the text never goes
through Markdown, which would rewrite it). Claims are painted in their
stance's colour and numbered; mentions are underlined. Below each article,
the claims are listed with claimant, stance, target, addressee, tags,
variables, coder and note. Notes and memos are Markdown, rendered with the
``markdown`` package and cleaned with ``nh3``. The file has no script and
loads nothing: styles are inline, links are plain links.

>>> export_report(project, "report.html", scope=Scope(documents=(1, 2))).claims
6
"""

from __future__ import annotations

import html
import itertools
import os
import re
from collections.abc import Callable
from typing import Any

from claimdesk import __version__
from claimdesk.core.model import utc_now
from claimdesk.formats import Format, register
from claimdesk.formats._output import Progress, Ticker, Written, atomic_path
from claimdesk.formats.scope import Lookup, Scope, scoped_corpus

UNCODED = "#9E9E9E"
MENTION = "#555555"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

#: What a note or memo may contain after cleaning: text markup and plain links, nothing loaded.
_TAGS = {
    "p", "br", "em", "strong", "b", "i", "u", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
    "del", "sub", "sup",
}  # fmt: skip

_CSS = """
body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 52rem; margin: 2rem auto;
  padding: 0 1rem; color: #222; line-height: 1.55; }
header, .meta, .claims, .legend, footer { font-family: system-ui, 'DejaVu Sans', sans-serif; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .2rem; border-top: 1px solid #ccc; padding-top: 1.2rem; }
.meta { color: #666; font-size: .9rem; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .85rem; margin: 1rem 0; }
.chip { display: inline-block; width: .9em; height: .9em; border-radius: 2px;
  vertical-align: -.1em; margin-right: .3em; }
.text { white-space: pre-wrap; overflow-wrap: break-word; font-size: 1.05rem; }
mark { color: inherit; border-radius: 2px; padding: 0; }
mark.overlap { box-shadow: inset 0 -.15em 0 rgba(0,0,0,.35); }
.mention { border-bottom: 2px solid; }
sup.n { font-family: system-ui, sans-serif; font-size: .7em; font-weight: bold; color: #333; }
sup.n a { color: inherit; text-decoration: none; }
.claims { font-size: .92rem; }
.claims li { margin: .6rem 0; }
.claims dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0; }
.claims dt { color: #666; }
.claims dd { margin: 0; }
.claims dd > :first-child { margin-top: 0; }
.claims dd > :last-child { margin-bottom: 0; }
blockquote.quote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid #ccc; font-style: italic; }
.memo { background: #f6f6f2; padding: .5rem .8rem; border-radius: 4px; font-size: .95rem; }
footer { margin-top: 3rem; color: #888; font-size: .8rem; }
@media print { h2 { break-before: page; } mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def render_markdown(text: str) -> str:
    """Markdown written by a user (a note, a memo) as clean HTML: no script, no images, nothing loaded."""
    import markdown
    import nh3

    rendered = markdown.markdown(text, extensions=["tables", "sane_lists"])
    return nh3.clean(
        rendered,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _rgba(color: str, alpha: float) -> str:
    color = color if _HEX.match(color or "") else UNCODED
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def highlight_text(
    text: str,
    claims: list[tuple[int, dict[str, Any], str]],
    mentions: list[tuple[dict[str, Any], str]],
    anchor: str,
) -> str:
    """The escaped article text with ``<mark>`` and underline elements at the stored offsets.

    :param claims: ``(number, claim, colour)`` for each claim
    :param mentions: ``(mention, colour)`` for each mention
    :param anchor: prefix of the ids linking a claim's number to its details

    Overlapping spans are cut at every boundary, so the elements always nest;
    each piece carries the numbers of the claims it belongs to in ``data-claims``.
    """
    bounds = {0, len(text)}
    for _n, c, _col in claims:
        bounds |= {c["start"], c["end"]}
    for m, _col in mentions:
        bounds |= {m["start"], m["end"]}
    points = sorted(b for b in bounds if 0 <= b <= len(text))
    starts: dict[int, list[int]] = {}
    for n, c, _col in claims:
        starts.setdefault(c["start"], []).append(n)
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        for n in starts.get(a, []):
            out.append(f'<sup class="n" id="{anchor}-{n}"><a href="#{anchor}-d{n}">{n}</a></sup>')
        piece = html.escape(text[a:b], quote=False)
        active = [(n, col) for n, c, col in claims if c["start"] <= a and b <= c["end"]]
        marked = [col for m, col in mentions if m["start"] <= a and b <= m["end"]]
        if marked:
            piece = f'<span class="mention" style="border-color: {_e(marked[-1])}">{piece}</span>'
        if active:
            numbers = " ".join(str(n) for n, _ in active)
            alpha = 0.35 if len(active) == 1 else 0.5
            css = "overlap" if len(active) > 1 else ""
            piece = (
                f'<mark class="{css}" data-claims="{numbers}" '
                f'style="background-color: {_rgba(active[-1][1], alpha)}">{piece}</mark>'
            )
        out.append(piece)
    return "".join(out)


class _Report:
    def __init__(self, header: dict[str, Any]) -> None:
        self.look = Lookup(header)
        self.header = header

    def stance_color(self, stance: str | None) -> str:
        s = self.look.stances.get(stance) or {}
        return s.get("color") if _HEX.match(s.get("color") or "") else UNCODED

    def actor_color(self, actor: str | None) -> str:
        a = self.look.actors.get(actor) or {}
        return a.get("color") if _HEX.match(a.get("color") or "") else MENTION

    def legend(self) -> str:
        items = [
            f'<span><span class="chip" style="background: {_rgba(s["color"], 0.6)}"></span>'
            f"{_e(s['label'])}</span>"
            for s in self.header["codebook"]["stances"]
        ]
        items.append(
            f'<span><span class="chip" style="background: {_rgba(UNCODED, 0.6)}"></span>no stance</span>'
        )
        items.append(
            '<span><span class="mention" style="border-color: #555">mention</span> of an actor</span>'
        )
        return '<div class="legend">' + "".join(items) + "</div>"

    def document(self, number: int, d: dict[str, Any]) -> str:
        anchor = f"d{number}"
        claims = [
            (n, c, self.stance_color(c["stance"])) for n, c in enumerate(d["claims"], start=1)
        ]
        mentions = [(m, self.actor_color(m["actor"])) for m in d["mentions"]]
        meta = [d["published"] or "no date", d["source"], f"{len(d['claims'])} claims"]
        if d["mentions"]:
            meta.append(f"{len(d['mentions'])} mentions")
        parts = [
            f'<article id="{anchor}">',
            f"<h2>{_e(d['title'] or d['file'] or 'Untitled')}</h2>",
            '<p class="meta">' + " · ".join(_e(m) for m in meta if m) + "</p>",
        ]
        if d["url"]:
            parts.append(f'<p class="meta">{_e(d["url"])}</p>')
        if d["memo"]:
            parts.append(f'<div class="memo">{render_markdown(d["memo"])}</div>')
        parts.append(
            f'<div class="text">{highlight_text(d["text"], claims, mentions, anchor)}</div>'
        )
        if claims:
            parts.append('<ol class="claims">')
            for n, c, color in claims:
                parts.append(self.claim(anchor, n, c, color))
            parts.append("</ol>")
        parts.append("</article>")
        return "\n".join(parts)

    def claim(self, anchor: str, n: int, c: dict[str, Any], color: str) -> str:
        look = self.look
        rows: list[tuple[str, str]] = []
        claimant = look.actors.get(c["claimant"]) or {}
        if claimant:
            who = _e(claimant["name"])
            parent = look.actor_name(claimant.get("parent"))
            rows.append(("Claimant", who + (f" ({_e(parent)})" if parent else "")))
        stance = look.stances.get(c["stance"]) or {}
        if stance:
            rows.append(
                (
                    "Stance",
                    f'<span class="chip" style="background: {_rgba(color, 0.6)}"></span>'
                    + _e(stance["label"]),
                )
            )
        kind, _target, label = look.target(c)
        if kind:
            rows.append(("Target", f"{_e(label)} ({kind})"))
        if c["addressee"]:
            rows.append(("Addressee", _e(look.actor_name(c["addressee"]))))
        if c["tags"]:
            rows.append(("Tags", _e(", ".join(look.tag_labels(c["tags"])))))
        for key, value in c["variables"].items():
            variable = look.variables.get(key) or {}
            shown = look.actor_name(value) if variable.get("kind") == "actor" else value
            rows.append((_e(variable.get("name", key)), _e(shown or value)))
        coder = look.coders.get(c["coder"])
        if coder:
            rows.append(("Coder", _e(coder)))
        if c["note"]:
            rows.append(("Note", render_markdown(c["note"])))
        details = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
        return (
            f'<li id="{anchor}-d{n}" value="{n}"><a href="#{anchor}-{n}">↑</a> '
            f'<blockquote class="quote">{_e(c["quote"])}</blockquote>'
            f"<dl>{details}</dl></li>"
        )


def export_report(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    scope: Scope | None = None,
    title: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Written:
    """Write the documents in scope, with their claims and mentions, as one HTML file."""
    header, records, total = scoped_corpus(project, scope)
    report = _Report(header)
    ticker = Ticker(total, progress, cancel)
    name = title or header["project"]["name"] or "Claimdesk report"
    n_docs = n_claims = n_mentions = 0
    with atomic_path(destination) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="Claimdesk {_e(__version__)}">\n'
            f"<title>{_e(name)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<header><h1>{_e(name)}</h1>"
            f'<p class="meta">{_e((scope or Scope()).describe())} · made {_e(utc_now()[:10])}</p>'
        )
        if header["project"].get("memo"):
            out.write(f'<div class="memo">{render_markdown(header["project"]["memo"])}</div>')
        out.write(report.legend() + "</header>\n<main>\n")
        for d in records:
            n_docs += 1
            n_claims += len(d["claims"])
            n_mentions += len(d["mentions"])
            out.write(report.document(n_docs, d) + "\n")
            ticker.tick()
        out.write(
            f"</main>\n<footer>{n_docs} documents, {n_claims} claims, {n_mentions} mentions. "
            f"Made with Claimdesk {_e(__version__)}.</footer>\n</body>\n</html>\n"
        )
    return Written(n_docs, n_claims, n_mentions, str(destination))


def _no_sniff(head: bytes, suffix: str) -> float:
    return 0.0


FORMAT = register(
    Format(
        name="html-report",
        description="Annotated articles as one self-contained HTML report (highlights and claims)",
        kind="project",
        extensions=(".html",),
        sniff=_no_sniff,
        write=export_report,
    )
)
