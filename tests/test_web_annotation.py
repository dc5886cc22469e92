"""W3C Web Annotation export, checked against every MUST assertion of the W3C test suite.

The suite (draft-04 JSON Schemas) lives in ../shared/standards/w3c-web-annotation/
beside the checkout. Without it the conformance tests skip with a reason,
except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from claimdesk.formats.scope import Scope
from claimdesk.formats.web_annotation import ANNO_CONTEXT, export_web_annotation
from export_sample import TEXT_A, Sample, build_sample

SUITE = Path(__file__).resolve().parents[2] / "shared" / "standards" / "w3c-web-annotation"


def _suite() -> Path:
    if not SUITE.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the W3C Web Annotation test suite is missing at {SUITE}")
        pytest.skip(f"the W3C Web Annotation test suite is not beside the checkout ({SUITE})")
    return SUITE


def _validators(test_file: str) -> list[tuple[str, Any]]:
    """One draft-04 validator (with URI and date-time format checks) per MUST assertion."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    suite = _suite()
    resources = []
    for path in suite.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        resources.append((path.name, resource))
        if schema.get("id") and schema["id"] != path.name:
            resources.append((schema["id"], resource))
    registry = Registry().with_resources(resources)
    listing = json.loads((suite / test_file).read_text(encoding="utf-8"))
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers, "install jsonschema[format-nongpl] for URI checks"
    result = []
    for assertion in listing["assertions"]:
        schema = json.loads((suite / assertion).read_text(encoding="utf-8"))
        assert schema["assertionType"] == "must"
        validator = jsonschema.Draft4Validator(schema, registry=registry, format_checker=checker)
        result.append((assertion, validator))
    return result


def _failures(validators: list[tuple[str, Any]], instance: dict[str, Any]) -> list[str]:
    return [
        f"{name}: {next(v.iter_errors(instance)).message}"
        for name, v in validators
        if not v.is_valid(instance)
    ]


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    s: Sample = build_sample(tmp_path / "sample.claimdesk")
    out = tmp_path / "annotations.jsonld"
    export_web_annotation(s.project, out)
    s.project.close()
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_annotation_passes_every_must_assertion(exported: dict[str, Any]) -> None:
    validators = _validators("annotations/annotationMusts.test")
    assert len(validators) > 50
    items = exported["first"]["items"]
    assert len(items) == 9  # 7 claims, 2 mentions
    for annotation in items:
        assert _failures(validators, annotation) == [], annotation["id"]


def test_collection_and_page_pass_every_must_assertion(exported: dict[str, Any]) -> None:
    for test_file in ("collections/collectionMusts.test", "collections/pages/pageMusts.test"):
        assert _failures(_validators(test_file), exported) == []
    assert exported["type"] == "AnnotationCollection"
    assert exported["total"] == 9
    assert exported["first"]["type"] == "AnnotationPage"


def test_the_suite_rejects_a_broken_annotation(exported: dict[str, Any]) -> None:
    """The validators can fail: an annotation without its context or with bad ids is caught."""
    validators = _validators("annotations/annotationMusts.test")
    broken = dict(exported["first"]["items"][0])
    broken["@context"] = "http://example.org/other.jsonld"
    broken["id"] = "not a uri"
    broken["bodyValue"] = "x"
    names = {f.split(":")[0] for f in _failures(validators, broken)}
    assert {
        "annotations/3.1-annotationContextValidated.json",
        "annotations/3.1-annotationIdValidated.json",
        "annotations/3.2.5-notBodyBodyValue.json",
    } <= names


def _selectors(annotation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["type"]: s for s in annotation["target"]["selector"]}


def test_selectors_count_code_points_and_quote_the_text(exported: dict[str, Any]) -> None:
    for annotation in exported["first"]["items"]:
        sel = _selectors(annotation)
        quote, position = sel["TextQuoteSelector"], sel["TextPositionSelector"]
        if annotation["target"]["source"] == "https://nos.nl/artikel/1":
            assert TEXT_A[position["start"] : position["end"]] == quote["exact"]
            assert TEXT_A[: position["start"]].endswith(quote["prefix"])
            assert TEXT_A[position["end"] :].startswith(quote["suffix"])
        assert annotation["target"]["document"].startswith("urn:uuid:")
        assert annotation["@context"][0] == ANNO_CONTEXT


def test_bodies_carry_the_coding_with_w3c_purposes(exported: dict[str, Any]) -> None:
    claim = next(
        a
        for a in exported["first"]["items"]
        if _selectors(a)["TextQuoteSelector"]["exact"] == "wij steunen strenge 5G-regels"
    )
    bodies = {(b["purpose"], b.get("role", "")): b for b in claim["body"]}
    assert bodies[("tagging", "claimant")]["value"] == "Jansen"
    assert bodies[("classifying", "")]["value"] == "support"
    assert bodies[("classifying", "")]["stanceValue"] == 1
    assert bodies[("tagging", "target")]["value"] == "Huawei in 5G"
    assert bodies[("commenting", "")]["format"] == "text/markdown"
    assert any(b["purpose"] == "tagging" and b["value"] == "security" for b in claim["body"])
    assert any(b["purpose"] == "describing" and b["value"] == "statement" for b in claim["body"])
    assert claim["creator"]["name"] == "anna"
    assert claim["created"].endswith("Z")
    assert claim["kind"] == "claim"
    mention = next(a for a in exported["first"]["items"] if a["kind"] == "mention")
    assert mention["motivation"] == "tagging"
    assert mention["body"][0]["role"] == "mentioned"


def test_documents_without_url_are_targeted_by_urn(exported: dict[str, Any]) -> None:
    sources = {a["target"]["source"] for a in exported["first"]["items"]}
    assert "https://nos.nl/artikel/1" in sources
    assert any(s.startswith("urn:uuid:") for s in sources)


def test_context_term_definitions_are_shipped(exported: dict[str, Any]) -> None:
    context = exported["first"]["items"][0]["@context"][1]
    for term in ("role", "stance", "stanceValue", "actor", "document", "kind", "variable"):
        assert term in context


def test_scope_limits_the_collection(tmp_path: Path) -> None:
    s = build_sample(tmp_path / "sample.claimdesk")
    out = tmp_path / "bob.jsonld"
    result = export_web_annotation(s.project, out, scope=Scope(coder="bob"))
    s.project.close()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (result.claims, result.mentions, data["total"]) == (1, 1, 2)
    assert "coder bob" in data["label"]
