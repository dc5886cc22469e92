"""claimdesk.formats.reading: each file read once, and many files read in several processes.

Reading processes must change nothing but the time an import takes: the same
project, the same report (documents, duplicates, problems, notes, encodings, in
file order), the same progress and Cancel.
"""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from claimdesk.core import Project, language
from claimdesk.core.model import Document
from claimdesk.formats import ReadOptions, _processes, guess_format, reading
from claimdesk.formats.corpus_json import export_corpus
from claimdesk.formats.importing import ImportReport, collect_files, import_paths
from claimdesk.paths import seeds_path

SPANISH = (
    "El gobierno de los Estados Unidos quiere que los países aliados no usen los equipos de la "
    "empresa china en sus redes. La decisión fue anunciada por el ministro el martes y según los "
    "expertos es una cuestión política que tendrá consecuencias para los operadores."
)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder of 27 article files of every outcome: good, duplicate, broken."""
    root = tmp_path / "articles"
    shutil.copytree(seeds_path(), root / "seeds", ignore=shutil.ignore_patterns("*.md"))
    for seed in sorted(seeds_path().glob("*.txt"))[:5]:  # the same texts again, as duplicates
        shutil.copy(seed, root / f"copy-{seed.name}")
    extra: dict[str, str | bytes] = {
        "cp1252.txt": " date 2020-02 Coördinatie, naïef en één keer € betaald.".encode("cp1252"),
        "utf16.txt": codecs.BOM_UTF16_LE + " date 2020-03 Astral: 📶 en 😀.".encode("utf-16-le"),
        "crlf.txt": b" date 2020-04 Kop\r\n\r\nTekst met CRLF.\r\n",
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02binary",
        "bad-date.txt": " date 2019-13 Tekst.",
        "spanish.txt": " date 2021-05 " + SPANISH,
        "note.md": "---\ntitle: Een Markdown-artikel\n---\n\n# Kop\n\nOver Huawei en 5G.",
    }
    for name, content in extra.items():
        path = root / "more" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def sources(articles: Path, tmp_path: Path, demo_project: Project) -> list[Path]:
    """The folder, a codebook given as articles, and a Claimdesk export to merge."""
    codebook = tmp_path / "codebook.json"
    codebook.write_text(json.dumps({"format": "claimdesk-codebook", "version": 1}))
    export_corpus(demo_project, tmp_path / "demo-export.json")
    return [articles, codebook, tmp_path / "demo-export.json"]


def imported(
    path: Path, sources: list[Path], **options: Any
) -> tuple[ImportReport, dict[str, Any], list[tuple[str, ...]]]:
    """Import ``sources`` into a new project: the report, the export without ids and times,
    and the report's lists as text."""
    with Project.create(path, coder="tester") as project:
        report = import_paths(project, sources, **options)
        export_corpus(project, path.with_suffix(".json"))
    export = _without_ids(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
    lists = [
        tuple(str(p) for p in report.failed),
        tuple(str(n) for n in report.notes),
        tuple(f"{a} = {b}" for a, b in report.duplicates),
        tuple(d.file for d in report.imported),
        tuple(sorted(f"{k}: {v}" for k, v in report.encodings.items())),
    ]
    return report, export, lists


def _without_ids(value: Any) -> Any:
    """The export with what differs from run to run left out: ids, times, the project's name."""
    if isinstance(value, dict):
        return {
            k: _without_ids(v)
            for k, v in value.items()
            if k not in ("id", "uuid", "created", "modified", "exported", "name", "coder")
        }
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


@pytest.mark.parametrize("processes", [1, 2])
def test_read_files_in_processes_gives_the_same_project(
    sources: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    monkeypatch.setattr(reading, "CHUNK_FILES", 4)  # several chunks for each process
    pools: list[int] = []

    class CountedPool(_processes.Pool):
        def __init__(self, processes: int, *args: Any) -> None:
            pools.append(processes)
            super().__init__(processes, *args)

    monkeypatch.setattr(_processes, "Pool", CountedPool)
    here, here_export, here_lists = imported(tmp_path / "here.claimdesk", sources, processes=0)
    there, there_export, there_lists = imported(
        tmp_path / "there.claimdesk", sources, processes=processes
    )
    assert pools == [processes]
    assert (
        there.summary()
        == here.summary()
        == (
            "19 imported, 5 duplicates, 4 failed; corpus: 0 documents added, 14 matched, "
            "16 claims and 11 mentions added"
        )
    )
    assert there_lists == here_lists
    assert there_lists[0] == (
        "more/bad-date.txt: '2019-13' is not a valid date (month must be in 1..12)",
        "more/binary.txt: binary file (contains NUL bytes), not text",
        "more/empty.txt: empty file",
        "codebook.json: a Claimdesk codebook, not a corpus export; import it with Tools → "
        "Codebook… or `claimdesk codebook import`",
    )
    assert there_export == here_export
    assert (there.exit_code, here.exit_code) == (3, 3)
    spanish = next(d for d in there.imported if d.file == "more/spanish.txt")
    assert spanish.language == "es"  # the language model decided it (in this process)


@pytest.mark.parametrize("processes", [0, 1])
def test_read_files_reports_progress_per_chunk(
    articles: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    monkeypatch.setattr(reading, "CHUNK_FILES", 4)
    files = collect_files([articles])
    calls: list[tuple[int, int]] = []
    result = reading.read_files(
        files,
        options=ReadOptions(),
        processes=processes,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert (result.cancelled, result.processes) == (False, processes)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(done) == len(set(done)) == -(-len(files) // 4)
    assert calls[-1] == (len(files), len(files)) == (27, 27)


@pytest.mark.parametrize("processes", [0, 1])
def test_import_cancelled_while_reading_in_processes_writes_nothing(
    articles: Path, empty_project: Project, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    monkeypatch.setattr(reading, "CHUNK_FILES", 4)
    polls = 0

    def cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls >= 6

    report = import_paths(empty_project, [articles], cancel=cancel, processes=processes)
    assert report.cancelled
    assert report.summary().endswith("(cancelled)")
    assert report.imported == [] and report.merges == []
    assert empty_project.document_count() == 0
    assert empty_project.undo_status() == (None, None)


def test_read_files_starts_processes_only_when_reading_would_take_long(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = collect_files([articles])
    monkeypatch.setattr(reading, "_cpus", lambda: 2)
    assert reading.read_files(files, options=ReadOptions()).processes == 0  # a second's work? no
    monkeypatch.setattr(reading, "CHUNK_FILES", 4)
    monkeypatch.setattr(reading, "PARALLEL_AFTER_S", 0.0)
    assert reading.read_files(files, options=ReadOptions()).processes == 1
    monkeypatch.setattr(reading, "_cpus", lambda: 1)
    assert reading.read_files(files, options=ReadOptions()).processes == 0


def test_read_files_of_a_format_registered_here_stay_in_this_process(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimdesk import formats

    registry = dict(formats._REGISTRY)
    monkeypatch.setattr(formats, "_REGISTRY", registry)
    plain = formats.get_format("article-text")
    formats.register(
        formats.Format("local", "made here", "documents", (".local",), lambda h, s: 0.0, plain.read)
    )
    result = reading.read_files(collect_files([articles]), options=ReadOptions(), processes=1)
    assert result.processes == 0


def test_read_files_when_a_process_dies_reads_its_chunks_here(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reading process killed (out of memory, by the user): its chunks are read here."""

    class DyingPool(_processes.Pool):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            for worker in self.workers:
                worker.process.kill()
                worker.process.join()

    monkeypatch.setattr(reading, "CHUNK_FILES", 4)
    files = collect_files([articles])
    expected = reading.read_files(files, options=ReadOptions(), processes=0)
    monkeypatch.setattr(_processes, "Pool", DyingPool)
    result = reading.read_files(files, options=ReadOptions(), processes=2)
    assert (result.processes, result.cancelled) == (2, False)
    assert [_key(i) for i in result.items] == [_key(i) for i in expected.items]


def _key(item: reading.Item) -> tuple[str, ...]:
    if isinstance(item, Document):
        return (item.file, item.sha256, item.title, str(item.language), str(item.structure))
    return (type(item).__name__, str(item))


def test_a_reading_process_hands_back_files_that_need_the_language_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a reading process does: the first files whose language only the model can tell
    go back to the main process, then it loads the model itself."""
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "nl.txt").write_bytes(seeds_path("000_976797ab8663bd03.txt").read_bytes())
    chunk = collect_files([tmp_path])
    monkeypatch.setattr(language, "_identifier", None)  # as in a new process
    monkeypatch.setattr(language, "before_loading", _processes._hand_back)
    monkeypatch.setattr(_processes, "HAND_BACK_FILES", 1)
    monkeypatch.setattr(_processes, "_handed_back", 0)
    first = _processes.read_chunk(chunk, ReadOptions())
    assert first[0] is None  # es.txt: handed back
    assert first[1] is not None and first[1][0].language == "nl"  # function words decide
    [[again]] = _processes.read_chunk(chunk[:1], ReadOptions())
    assert isinstance(again, Document) and again.language == "es"  # loaded here this time


@pytest.mark.parametrize(
    "content",
    [
        seeds_path("000_976797ab8663bd03.txt").read_bytes(),
        "Kop\r\n\r\nCoördinatie, naïef.".encode("cp1252"),
        codecs.BOM_UTF16_BE + "# Kop\n\nAstral 📶.".encode("utf-16-be"),
        b"",
        b"\x00\x01binary",
        b" date 2019-13 Tekst.",
    ],
    ids=["seed", "cp1252-crlf", "utf16-markdown", "empty", "binary", "bad-date"],
)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_read_data_reads_as_read_does(tmp_path: Path, content: bytes, suffix: str) -> None:
    """Each file is read once: the format is guessed from its bytes and read from them."""
    path = tmp_path / f"article{suffix}"
    path.write_bytes(content)
    head, whole = reading.file_start(path)
    assert (head, whole) == (content, True)
    fmt = guess_format(path, head, whole=True)
    assert fmt is not None and fmt == guess_format(path) and fmt.read_data is not None
    from_path = list(fmt.read(path, path.name, ReadOptions()))
    from_data = list(fmt.read_data(head, path.name, ReadOptions()))
    assert [_key(i) for i in from_data] == [_key(i) for i in from_path]


def test_file_start_of_a_large_file_is_its_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "WHOLE_FILE_BYTES", 10_000)
    path = tmp_path / "large.txt"
    path.write_bytes(b" date 2020 " + b"x" * 20_000)
    head, whole = reading.file_start(path)
    assert (len(head), whole) == (4096, False)
    [doc] = reading.read_file(path, "large.txt", ReadOptions())
    assert isinstance(doc, Document) and len(doc.text) == 20_000
    assert reading.file_start(tmp_path / "gone.txt") == (b"", False)


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    """Reading processes do not run the caller's script again (``spawn`` would)."""
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from claimdesk.core import Project\n"
        "from claimdesk.formats.importing import import_paths\n"
        "with open(sys.argv[1], 'a', encoding='utf-8') as log:\n"
        "    log.write('ran\\n')\n"
        "with Project.create(sys.argv[2], coder='script') as project:\n"
        "    print(import_paths(project, [sys.argv[3]], processes=1).summary())\n",
        encoding="utf-8",
    )
    log = tmp_path / "ran.log"
    done = subprocess.run(
        [sys.executable, str(script), str(log), str(tmp_path / "s.claimdesk"), str(seeds_path())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "14 imported, 0 duplicates, 0 failed"
    assert log.read_text(encoding="utf-8") == "ran\n"


def test_each_article_file_is_opened_once(
    articles: Path, empty_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The format is guessed from the bytes read, and the article parsed from them."""
    import builtins

    opened: list[str] = []
    real_open = builtins.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).startswith(str(articles)):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    report = import_paths(empty_project, [articles], processes=0)
    assert report.summary() == "19 imported, 5 duplicates, 3 failed"
    assert sorted(opened) == sorted(str(p) for p, _ in collect_files([articles]))


def test_import_commits_long_texts_in_smaller_batches(
    empty_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch ends after ``IMPORT_BATCH`` documents or ``IMPORT_BATCH_CHARS`` characters."""
    from claimdesk.core.store import _documents

    monkeypatch.setattr(_documents, "IMPORT_BATCH_CHARS", 100)
    docs = [Document(text=f"Artikel {i}: " + "tekst " * (5 + 10 * (i % 2))) for i in range(7)]
    assert [len(d.text) for d in docs[:2]] == [41, 101]
    seen: list[int] = []
    result = empty_project.import_documents(docs, batch_size=3, progress=seen.append)
    assert seen == [2, 4, 6, 7]  # every second text reaches 100 characters with the one before
    assert len(result.imported) == 7
    assert empty_project.undo_status() == ("Import Documents", None)
