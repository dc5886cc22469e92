"""How fast each way in reads and imports, and what language detection costs.

Prints figures and ratios, never pass/fail:

    .venv/bin/python bench/bench_import_formats.py [articles]

For each format it writes ``articles`` articles (one file each, or one batch or
table holding them all), then times reading them (``Format.read``) and
importing them into a new project (``import_paths``: read, duplicate check,
write). The plain-text seed format is the reference.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import docx

from claimdesk.core import Project
from claimdesk.core.language import detect_language
from claimdesk.core.text import guess_language
from claimdesk.formats import ReadOptions, guess_format
from claimdesk.formats.importing import import_paths
from importfiles import page_lines, write_pdf, write_rtf

WORDS = [
    "de",
    "regering",
    "het",
    "kabinet",
    "wil",
    "met",
    "gelijkgestemde",
    "landen",
    "samenwerken",
    "aan",
    "de",
    "beveiliging",
    "van",
    "mobiele",
    "netwerken",
    "en",
    "Huawei",
    "mag",
    "geen",
    "apparatuur",
    "leveren",
    "voor",
    "de",
    "kern",
    "van",
    "het",
    "5G",
    "netwerk",
]


def paragraphs(n: int) -> list[str]:
    """Four paragraphs of about 60 words, different for every ``n``."""
    out = []
    for p in range(4):
        words = [WORDS[(n * 7 + p * 13 + i * 3) % len(WORDS)] for i in range(60)]
        out.append(f"Artikel {n} alinea {p}: " + " ".join(words) + ".")
    return out


def write_txt(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"{n:05d}.txt"
        path.write_text(
            " date 2020-01 " + "\n\n".join([f"Kop {n}", *paragraphs(n)]), encoding="utf-8"
        )
        paths.append(path)
    return paths


def write_docx(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        document = docx.Document()
        document.add_heading(f"Kop {n}", level=1)
        for paragraph in paragraphs(n):
            document.add_paragraph(paragraph)
        path = folder / f"{n:05d}.docx"
        document.save(path)
        paths.append(path)
    return paths


def write_pdfs(folder: Path, count: int) -> list[Path]:
    return [write_pdf(folder / f"{n:05d}.pdf", [page_lines(paragraphs(n))]) for n in range(count)]


def write_rtfs(folder: Path, count: int) -> list[Path]:
    return [write_rtf(folder / f"{n:05d}.rtf", [f"Kop {n}", *paragraphs(n)]) for n in range(count)]


def write_html(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        body = "".join(f"<p>{p}</p>" for p in paragraphs(n))
        path = folder / f"{n:05d}.html"
        path.write_text(
            f"<html><head><title>Kop {n}</title><script>x()</script></head><body><nav>Home</nav>"
            f"<article><h1>Kop {n}</h1>{body}</article></body></html>",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def write_csv(folder: Path, count: int) -> list[Path]:
    path = folder / "table.csv"
    rows = ["title,text,date"] + [
        f'Kop {n},"{chr(10).join(paragraphs(n))}",2020-01-{n % 28 + 1:02d}' for n in range(count)
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    return [path]


def write_nexis(folder: Path, count: int) -> list[Path]:
    lines: list[str] = []
    for n in range(count):
        lines += [f"Kop {n}", "NRC Handelsblad", "January 5, 2020 Sunday", "Length: 240 words",
                  "Body", *paragraphs(n), "Language: DUTCH", "End of Document"]  # fmt: skip
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = folder / "nexis.docx"
    document.save(path)
    return [path]


WRITERS: dict[str, Callable[[Path, int], list[Path]]] = {
    "article-text (.txt)": write_txt,
    "word (.docx)": write_docx,
    "rtf (.rtf)": write_rtfs,
    "pdf (.pdf)": write_pdfs,
    "web-page (.html)": write_html,
    "table-csv (one file)": write_csv,
    "nexis (one .docx batch)": write_nexis,
}


def timed(job: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    work = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    detect_language("warm the model up before timing anything at all, please")
    print(f"{count} articles per format, median of 3 (reading) / 1 (import into a new project)\n")
    print(f"{'format':<26}{'read':>9}{'per article':>13}{'import':>9}{'vs txt':>8}")
    reference = None
    for label, writer in WRITERS.items():
        folder = work / label.split()[0]
        folder.mkdir()
        paths = writer(folder, count)
        options = ReadOptions()

        def read_all(
            paths: list[Path] = paths, options: ReadOptions = options, label: str = label
        ) -> int:
            n = 0
            for path in paths:
                fmt = guess_format(path)
                assert fmt is not None and fmt.read is not None
                n += sum(1 for item in fmt.read(path, path.name, options) if hasattr(item, "text"))
            assert n == count, (label, n)
            return n

        read = timed(read_all)
        project_path = folder / "p.claimdesk"
        with Project.create(project_path) as project:
            start = time.perf_counter()
            report = import_paths(project, [folder])
            imported = time.perf_counter() - start
        assert len(report.imported) == count, (label, report.summary(), report.failed[:3])
        reference = reference or imported
        print(
            f"{label:<26}{read:>8.2f}s{read / count * 1000:>11.2f}ms{imported:>8.2f}s"
            f"{imported / reference:>7.1f}×"
        )
    texts = ["\n\n".join(paragraphs(n)) for n in range(count)]
    detect = timed(lambda: [detect_language(t) for t in texts])
    guess = timed(lambda: [guess_language(t) for t in texts])
    print(
        f"\nlanguage: statistical detector {detect / count * 1000:.2f} ms per article, "
        f"guess_language (function words first) {guess / count * 1000:.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
