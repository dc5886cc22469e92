"""A small project for the export tests: astral characters, overlapping claims, two coders.

Every value an exporter must carry appears once: a claimant with a parent,
each kind of target, an addressee, a tag, a claim variable, a note in
Markdown, a mention, a second coder, dates in two months, and quotes that
start like spreadsheet formulas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claimdesk.core import Project
from claimdesk.core.model import Document, Variable

TEXT_A = (
    "Kabinet 😀 besluit\n\n"
    "Minister Jansen zegt: =SUM(A1) is geen beleid, wij steunen strenge 5G-regels.\n"
    "-1 stem voor Huawei 🇳🇱 in het kernnetwerk, aldus het kabinet.\n\n"
    "@Huawei reageert: de regels zijn onterecht & <oneerlijk>."
)
TEXT_B = (
    "Duitsland twijfelt\n\n"
    "Merkel wil Huawei niet uitsluiten. Het kabinet wil dat wel, zegt Jansen 🙂 opnieuw."
)


@dataclass
class Sample:
    project: Project
    docs: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)
    claims: dict[str, int] = field(default_factory=dict)
    issue: int = 0
    tag: str = ""
    variable: str = ""


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_sample(path: Path) -> Sample:
    project = Project.create(path, name="Sample study", coder="anna")
    s = Sample(project)
    a = project.add_document(
        Document(text=TEXT_A, title="Kabinet besluit", published="2019-10-03", source="NOS",
                 url="https://nos.nl/artikel/1", file="a.txt", language="nl",
                 metadata={"author": "Piet"}, memo="A *memo* with <script>alert(1)</script>")
    )  # fmt: skip
    b = project.add_document(
        Document(text=TEXT_B, title="Duitsland twijfelt", published="2020-03", source="Spiegel",
                 file="b.txt", language="nl")
    )  # fmt: skip
    s.docs = {"a": a.id, "b": b.id}
    kabinet = project.add_actor("Nederlands kabinet", type="government", aliases=["het kabinet"]).id
    jansen = project.add_actor("Jansen", type="person", parent=kabinet, color="#123456").id
    huawei = project.add_actor("Huawei", type="company").id
    merkel = project.add_actor("Merkel", type="person").id
    s.actors = {"kabinet": kabinet, "jansen": jansen, "huawei": huawei, "merkel": merkel}
    s.issue = project.add_issue("Huawei in 5G").id
    tag_id = project.add_tag("security", category="frame").id
    s.tag = project.record_uuid("tags", tag_id)
    variable = Variable(name="form", kind="categorical", values=["statement", "interview"])
    project.add_variable(variable)
    s.variable = variable.uuid
    stances = {st.label: st.id for st in project.codebook().stances}

    def claim(key: str, doc: str, quote: str, **kw: object) -> None:
        text = TEXT_A if doc == "a" else TEXT_B
        start, end = span(text, quote)
        s.claims[key] = project.add_claim(
            document=s.docs[doc], start=start, end=end, quote=quote, **kw
        ).id

    claim("support", "a", "wij steunen strenge 5G-regels", claimant=jansen,
          stance=stances["support"], target_issue=s.issue, tags=[s.tag],
          variables={s.variable: "statement"},
          note="Says **support**; see [the site](https://example.org) ![x](https://example.org/x.png)")  # fmt: skip
    claim("formula", "a", "=SUM(A1) is geen beleid", claimant=jansen, stance=stances["oppose"],
          target_actor=huawei, addressee=kabinet)  # fmt: skip
    claim("minus", "a", "-1 stem voor Huawei 🇳🇱 in het kernnetwerk", claimant=kabinet,
          stance=stances["oppose"], target_issue=s.issue)  # fmt: skip
    # overlaps "minus" (nested inside it)
    claim("nested", "a", "Huawei 🇳🇱", claimant=kabinet, stance=stances["neutral"])
    claim("at", "a", "@Huawei reageert: de regels zijn onterecht & <oneerlijk>",
          claimant=huawei, stance=stances["oppose"], target_issue=s.issue)  # fmt: skip
    claim("merkel", "b", "Merkel wil Huawei niet uitsluiten", claimant=merkel,
          stance=stances["support"], target_issue=s.issue, coder="bob")  # fmt: skip
    claim("kabinet_b", "b", "Het kabinet wil dat wel", claimant=kabinet,
          stance=stances["oppose"], target_issue=s.issue)  # fmt: skip
    start, end = span(TEXT_A, "Huawei 🇳🇱")
    project.add_mention(document=s.docs["a"], start=start, end=end, actor=huawei)
    start, end = span(TEXT_B, "Jansen 🙂")
    project.add_mention(document=s.docs["b"], start=start, end=end, actor=jansen, coder="bob")
    return s
