"""The core, the formats and the command line never load Qt (STYLE.md: layout and boundaries)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from claimdesk.paths import seeds_path

SCRIPT = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    from pathlib import Path

    import claimdesk.core
    import claimdesk.formats
    import claimdesk.formats.article_markdown
    import claimdesk.formats.article_text
    import claimdesk.formats.corpus_json
    import claimdesk.formats.importing
    import claimdesk.cli
    import claimdesk.demo
    import claimdesk.synthetic

    modules = [m.name for m in pkgutil.walk_packages(claimdesk.core.__path__, "claimdesk.core.")]
    modules += [m.name for m in pkgutil.iter_modules(claimdesk.formats.__path__, "claimdesk.formats.")]
    for name in modules:
        importlib.import_module(name)

    from claimdesk.core import Project
    from claimdesk.formats import all_formats
    from claimdesk.formats.corpus_json import export_corpus, import_corpus
    from claimdesk.formats.importing import import_paths

    folder = Path(sys.argv[1])
    with Project.create(folder / "a.claimdesk") as project:
        report = import_paths(project, [sys.argv[2]])
        export_corpus(project, folder / "a.json")
        export_corpus(project, folder / "a.jsonl")
    with Project.create(folder / "b.claimdesk") as project:
        import_corpus(project, folder / "a.jsonl")
        documents = project.document_count()
    claimdesk.cli.cli.main(["list", str(folder / "b.claimdesk"), "--json"], standalone_mode=False)
    all_formats()

    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(json.dumps({"summary": report.summary(), "documents": documents, "modules": len(modules), "qt": qt}))
    """
)


def test_core_formats_and_cli_do_not_import_qt(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(seeds_path())],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["summary"] == "14 imported, 0 duplicates, 0 failed"
    assert outcome["documents"] == 14
    assert outcome["modules"] > 10
    assert outcome["qt"] == []


def test_the_check_itself_sees_qt_when_it_is_loaded() -> None:
    code = "import sys, PySide6.QtCore; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.strip() == "True", result.stderr


def test_what_the_window_loads_before_qt_loads_no_qt() -> None:
    """The window loads these first, before PySide6's import hook reads every module's source."""
    script = textwrap.dedent(
        """
        import importlib, json, sys
        from claimdesk.launch import LOADED_BEFORE_QT
        for name in LOADED_BEFORE_QT:
            importlib.import_module(name)
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "PySide6")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
