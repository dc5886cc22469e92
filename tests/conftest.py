"""Shared fixtures: isolated settings, project files, and Qt without a display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt needs a platform before the first QApplication; the tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from claimdesk.core import Project
from claimdesk.paths import seeds_path

SEEDS = seeds_path()


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own settings and data folders, and the coder 'tester'."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CLAIMDESK_CONFIG_DIR", str(config))
    monkeypatch.setenv("CLAIMDESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    (config / "settings.json").write_text(
        '{"coder": "tester", "coder_confirmed": true}', encoding="utf-8"
    )
    return config


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A path where a project file can be created."""
    return tmp_path / "study.claimdesk"


@pytest.fixture
def empty_project(project_path: Path) -> Iterator[Project]:
    """A new project with the default codebook and nothing else."""
    project = Project.create(project_path)
    yield project
    project.close()


@pytest.fixture
def seeded_project(project_path: Path) -> Iterator[Project]:
    """A project with the articles of seeds/ imported (no claims)."""
    from claimdesk.formats.importing import import_paths

    project = Project.create(project_path)
    report = import_paths(project, [SEEDS])
    assert report.exit_code == 0, report.failed
    yield project
    project.close()


@pytest.fixture
def demo_project(tmp_path: Path) -> Iterator[Project]:
    """The demo project: seeds/ with actors, issues, claims and mentions."""
    from claimdesk.demo import build_demo_project

    project = build_demo_project(tmp_path / "demo.claimdesk")
    yield project
    project.close()
