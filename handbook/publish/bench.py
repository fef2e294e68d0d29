"""``make bench``: how build time grows with the size of the handbook.

Generates synthetic handbooks of N chapters in the real chapter shape (every
block, cross-references to other chapters, glossary terms, citations), in parts
of 20 chapters, and times in the same run:

* (a) the handbook's configuration, and
* (b) the baseline: the same configuration with the speed-ups switched off
  (``handbook_fast_navigation = False``: stock furo navigation, the whole
  tree on every page; ``handbook_fast_citations = False``: pybtex scans the
  installed packages at every citation),

for a clean HTML build, a rebuild with nothing changed, a rebuild after one
chapter's body changed, a rebuild after one chapter's title changed, and a
clean build with ``-j auto``. Each figure is the median of ``--runs`` runs.

Each side builds as its users build it: (a) as ``make html`` does, with
``-j auto`` (the Makefile's default ``SPHINXOPTS``), (b) as ``sphinx-build``
does by default, in one process. The clean build of (a) in one process is
timed too (``clean build, one process``), so the ratio at equal settings is
printed beside the headline one, and so is the ratio of CPU seconds.
It prints the ratio (b)/(a), seconds per page, peak memory, the size of one
built page and how many pages each rebuild wrote; then it times the real
handbook's HTML and PDF builds.

Standard library only, plus the project's own build command; every build runs
in a child process (``python -m handbook build``), timed from outside.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handbook.fsutil import atomic_write
from handbook.shape import skeleton

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS_PER_PART = 20
TERMS = 20
SOURCES = 50
WORDS = ("client expectations pace response service team discovery proposal renewal referral meeting "
         "agreement follow-up relationship manager rep trainer exercise checklist template").split()


def _sentence(seed: int, length: int = 14) -> str:
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def _paragraph(seed: int, sentences: int = 5) -> str:
    return " ".join(_sentence(seed + i) for i in range(sentences))


def _chapter(n: int, total: int) -> str:
    previous, following = (n - 2) % total + 1, n % total + 1
    term = f"Term {(n - 1) % min(TERMS, total) + 1}"
    source = f"src-{(n - 1) % min(SOURCES, total) + 1:03d}"
    head = f"""---
summary: Synthetic chapter {n}, in the real chapter shape.
sources: [{source}]
audience: [rep, manager, trainer]
owner: Bench
review-by: 2099-12-31
---

(ch-{n:04d})=
# Chapter title {n}

```{{index}} bench idea {n}
```

"""
    talk_tracks = "\n\n".join(
        f":::{{talk-track}} Moment {t} of chapter {n}\n:name: tt-{n:04d}-{t}\n\nSay\n: \"{_sentence(n + 17 + t)}\"\n\n"
        f"If they push back\n: \"{_sentence(n + 19 + t)}\"\n:::" for t in (1, 2))
    return head + skeleton({
        "In a hurry": f":::{{in-a-hurry}}\n1. {_sentence(n + 20)}\n2. {_sentence(n + 21)}\n3. {_sentence(n + 22)}\n\n"
                      f"Say\n: \"{_sentence(n + 23)}\"\n:::",
        "You will be able to": f":::{{objectives}}\n1. {_sentence(n + 24, 8)}\n2. {_sentence(n + 25, 8)}\n:::",
        "Talk tracks": talk_tracks,
        "For managers": f":::{{for-managers}}\nSpot it\n: - {_sentence(n + 26)}\n\nAsk\n: 1. {_sentence(n + 27, 8)}\n"
                        f"  2. {_sentence(n + 28, 8)}\n:::",
        "The story": f"{_paragraph(n)} It uses {{term}}`{term}` and cites a post {{footcite:p}}`{source}`.\n\n"
                     f"{_paragraph(n + 1)}",
        "The principle and why it works": _paragraph(n + 2),
        "Warning signs": f":::{{warning-signs}}\n- {_sentence(n + 3)}\n- {_sentence(n + 4)}\n:::",
        "What to do": f"1. {_sentence(n + 5)}\n2. {_sentence(n + 6)}",
        "Templates": f":::{{template}} Template {n}\n:name: tpl-{n:04d}\nSubject: Template {n}\n\n{_sentence(n + 7)}\n:::"
                     f"\n\n:::{{checklist}} Checklist {n}\n:name: chk-{n:04d}\n- {_sentence(n + 8)}\n:::",
        "Exercise": f"::::{{role-play}} Role-play {n}\n:name: rp-{n:04d}\n:minutes: 20\n:roles: Seller, Buyer\n"
                    f":objectives: 1, 2\n\n"
                    f"{_sentence(n + 9)} {_sentence(n + 13)}\n\n"
                    f":::{{role-brief}} Seller\n{_sentence(n + 10, 6)}\n:::\n\n"
                    f":::{{role-brief}} Buyer\n{_sentence(n + 11, 6)} {_sentence(n + 12, 6)}\n:::\n::::\n\n"
                    f":::{{trainer-note}} Debrief\n{_sentence(n + 14)}\n:::",
        "Discussion questions": f":::{{discussion-questions}}\n1. {_sentence(n + 15)}\n:::",
        "Key takeaways": f":::{{key-takeaways}}\n- {_sentence(n + 16)}\n:::",
        "Related chapters": f"- {{chapter}}`ch-{previous:04d}`.\n- {{chapter}}`ch-{following:04d}`.",
        "Sources": "```{footbibliography}\n```",
    })


def generate(folder: Path, chapters: int) -> Path:
    """A synthetic handbook of ``chapters`` chapters; returns its docs folder."""
    docs = folder / "docs"
    if folder.exists():
        shutil.rmtree(folder)
    docs.mkdir(parents=True)
    parts = (chapters + CHAPTERS_PER_PART - 1) // CHAPTERS_PER_PART
    entries = []
    for part in range(1, parts + 1):
        name = f"part-{part:02d}"
        entries.append(f"{name}/index")
        (docs / name).mkdir()
        numbers = range((part - 1) * CHAPTERS_PER_PART + 1, min(part * CHAPTERS_PER_PART, chapters) + 1)
        toctree = "\n".join(f"chapter-{n:04d}" for n in numbers)
        (docs / name / "index.md").write_text(
            f"# Part {part}\n\nSynthetic part.\n\n:::{{chapter-list}}\n:::\n\n```{{toctree}}\n:hidden:\n\n{toctree}\n```\n",
            encoding="utf-8")
        for n in numbers:
            (docs / name / f"chapter-{n:04d}.md").write_text(_chapter(n, chapters), encoding="utf-8")
    parts_toctree = "\n".join(entries)
    (docs / "index.md").write_text(
        f"# Synthetic handbook\n\n```{{toctree}}\n:caption: Contents\n:numbered:\n\n{parts_toctree}\n```\n\n"
        f"```{{toctree}}\n:caption: Reference\n\nglossary\nsources\n```\n", encoding="utf-8")
    glossary = "\n\n".join(f"Term {t}\n  {_sentence(t)}" for t in range(1, min(TERMS, chapters) + 1))
    (docs / "glossary.md").write_text(f"# Glossary\n\n```{{glossary}}\n{glossary}\n```\n", encoding="utf-8")
    (docs / "sources.md").write_text("# Sources\n\n```{bibliography}\n:all:\n```\n", encoding="utf-8")
    used_sources = min(SOURCES, chapters)
    (docs / "references.bib").write_text("\n".join(
        f"@misc{{src-{s:03d},\n  title = {{{{Synthetic post {s}}}}},\n  note = {{Not given in the post: author}},\n}}\n"
        for s in range(1, used_sources + 1)), encoding="utf-8")
    (folder / "conf.py").write_text(
        "# The handbook's own configuration, with this folder's bibliography.\n"
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'conf.py')!r}).items() "
        "if not k.startswith('__')})\n"
        "bibtex_bibfiles = ['docs/references.bib']\n", encoding="utf-8")
    return docs


def _run(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MiB) and CPU seconds (user and system) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    errors = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"error: a benchmark build failed:\n{errors[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _build(folder: Path, builddir: Path, fast: bool, jobs: str | None = None) -> tuple[float, float, float]:
    options = f"-D handbook_fast_navigation={int(fast)} -D handbook_fast_citations={int(fast)}" + \
        (f" -j {jobs}" if jobs else "")
    command = [sys.executable, "-m", "handbook", "build", "html", "--srcdir", str(folder / "docs"),
               "--confdir", str(folder), "--builddir", str(builddir), f"--sphinxopts={options}"]
    return _run(command, {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})


def _mtimes(html: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in html.rglob("*.html")}


def _written(before: dict[str, int], html: Path) -> int:
    after = _mtimes(html)
    return sum(1 for name, mtime in after.items() if before.get(name) != mtime)


def page_weight(html: Path) -> tuple[int, float]:
    """How many HTML pages a built site has, and their average size in bytes."""
    sizes = [p.stat().st_size for p in html.rglob("*.html")]
    return len(sizes), (sum(sizes) / len(sizes) if sizes else 0.0)


def weight_table(rows: list[tuple[int, float, float]]) -> str:
    """A Markdown table of the average page at each size: (chapters, handbook bytes, stock furo bytes)."""
    lines = ["| chapters | handbook: average page KiB | stock furo: average page KiB | stock / handbook |",
             "| ---: | ---: | ---: | ---: |"]
    for chapters, ours, stock in rows:
        lines.append(f"| {chapters} | {ours / 1024:.1f} | {stock / 1024:.1f} | {stock / ours if ours else 0:.2f} |")
    if len(rows) > 1:
        (low, low_ours, _), (high, high_ours, _) = rows[-2], rows[-1]
        lines.append(f"\nGrowth of the handbook's average page from {low} to {high} chapters: "
                     f"{high_ours / low_ours:.2f}x.")
    return "\n".join(lines) + "\n"


def weight_chart(rows: list[tuple[int, float, float]]) -> str:
    """The same numbers as an SVG line chart: KiB per page against chapters, one line each.

    Own code: two lines and their axes are a few dozen lines of SVG, where a
    plotting library would add tens of megabytes to the environment."""
    width, height, left, bottom, top, right = 640, 360, 64, 48, 40, 150
    chapters = [r[0] for r in rows]
    top_kib = max([max(r[1], r[2]) / 1024 for r in rows] + [1.0])
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10 ** 9) if top_kib / s <= 8)
    y_max = step * (int(top_kib // step) + 1)
    x_max = max(chapters + [1])

    def x(value: float) -> float:
        return left + (width - left - right) * value / x_max

    def y(kib: float) -> float:
        return height - bottom - (height - bottom - top) * kib / y_max

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           '<title>Average page weight by number of chapters</title>',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="14">Average page (KiB) by number of chapters</text>',
           f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - right}" y2="{y(0):.1f}" stroke="black"/>',
           f'<line x1="{left}" y1="{y(0):.1f}" x2="{left}" y2="{top}" stroke="black"/>']
    for tick in range(0, int(y_max) + 1, step):
        out.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for value in chapters:
        out.append(f'<text x="{x(value):.1f}" y="{height - bottom + 18}" text-anchor="middle">{value}</text>')
    out.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 8}" text-anchor="middle">chapters</text>')
    last = rows[-1] if rows else (0, 0, 0)
    # The two end labels, kept at least one line apart.
    label_y = {column: y(last[column] / 1024) + 4 for column in (1, 2)}
    if abs(label_y[1] - label_y[2]) < 14:
        middle = (label_y[1] + label_y[2]) / 2
        label_y = {1: middle + 7, 2: middle - 7} if last[1] <= last[2] else {1: middle - 7, 2: middle + 7}
    for column, label, colour, dash in ((1, "handbook", "#1f77b4", ""), (2, "stock furo", "#d62728", "6 4")):
        points = " ".join(f"{x(r[0]):.1f},{y(r[column] / 1024):.1f}" for r in rows)
        style = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline class="{label.replace(" ", "-")}" points="{points}" fill="none" '
                   f'stroke="{colour}" stroke-width="2"{style}/>')
        for r in rows:
            out.append(f'<circle cx="{x(r[0]):.1f}" cy="{y(r[column] / 1024):.1f}" r="3" fill="{colour}"/>')
        out.append(f'<text x="{x(last[0]) + 8:.1f}" y="{label_y[column]:.1f}" fill="{colour}">'
                   f'{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_weight_report(rows: list[tuple[int, float, float]], folder: Path) -> tuple[Path, Path]:
    """page-weight.md (the table) and page-weight.svg (the chart) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    table, chart = folder / "page-weight.md", folder / "page-weight.svg"
    atomic_write(table, "# Average page weight\n\n" + weight_table(rows) + "\n![chart](page-weight.svg)\n")
    atomic_write(chart, weight_chart(rows))
    return table, chart


#: How each side's users build: the handbook as ``make html`` does (the Makefile's ``SPHINXOPTS``), the
#: baseline as ``sphinx-build`` does by default (one process).
MAKE_JOBS = "auto"


def measure(folder: Path, chapters: int, fast: bool, runs: int, clean_only: bool = False) -> dict[str, float]:
    builddir = folder / ("build-fast" if fast else "build-base")
    html = builddir / "html"
    clean, memory, cpu, serial = [], [], [], []
    for _ in range(runs):
        shutil.rmtree(builddir, ignore_errors=True)
        seconds, peak, cpu_seconds = _build(folder, builddir, fast, jobs=MAKE_JOBS if fast else None)
        clean.append(seconds)
        memory.append(peak)
        cpu.append(cpu_seconds)
        if fast:
            shutil.rmtree(builddir, ignore_errors=True)
            serial.append(_build(folder, builddir, fast)[0])
    pages, weight = page_weight(html)
    size = (html / "part-01" / "chapter-0001.html").stat().st_size
    result = {"clean": statistics.median(clean), "clean_cpu": statistics.median(cpu), "memory": max(memory),
              "pages": pages, "size": size,
              "weight": weight}
    # the baseline's clean build already runs in one process
    result["serial"] = statistics.median(serial) if fast else result["clean"]
    if clean_only:
        shutil.rmtree(builddir, ignore_errors=True)
        return result

    nothing = []
    for _ in range(runs):
        before = _mtimes(html)
        nothing.append(_build(folder, builddir, fast)[0])
    result["nothing"] = statistics.median(nothing)
    result["nothing_written"] = _written(before, html)

    chapter = folder / "docs" / "part-01" / "chapter-0002.md"
    original = chapter.read_text(encoding="utf-8")
    for kind, edit in (("body", lambda text, i: text.replace("## The principle", f"Edit {i}.\n\n## The principle")),
                       ("title", lambda text, i: text.replace("# Chapter title 2\n", f"# Chapter title 2 ({i})\n"))):
        timings, written = [], 0
        for i in range(runs):
            chapter.write_text(edit(original, i), encoding="utf-8")
            time.sleep(0.01)
            before = _mtimes(html)
            timings.append(_build(folder, builddir, fast)[0])
            written = _written(before, html)
        chapter.write_text(original, encoding="utf-8")
        _build(folder, builddir, fast)
        result[kind] = statistics.median(timings)
        result[f"{kind}_written"] = written

    parallel = []
    for _ in range(runs if not fast else 0):
        shutil.rmtree(builddir, ignore_errors=True)
        parallel.append(_build(folder, builddir, fast, jobs="auto")[0])
    # the handbook's clean build already runs with -j auto
    result["parallel"] = statistics.median(parallel) if parallel else result["clean"]
    shutil.rmtree(builddir, ignore_errors=True)
    return result


def _real_handbook(runs: int, workdir: Path) -> dict[str, float]:
    env = {**os.environ}
    results = {}
    for target in ("html", "pdf"):
        if target == "pdf" and shutil.which("xelatex") is None:
            continue
        timings = []
        for _ in range(runs):
            builddir = workdir / f"real-{target}"
            shutil.rmtree(builddir, ignore_errors=True)
            timings.append(_run([sys.executable, "-m", "handbook", "build", target, "--builddir", str(builddir)],
                                env)[0])
        results[target] = statistics.median(timings)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.publish.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100,200,400,800"),
                        help="chapter counts, comma-separated (default 100,200,400,800; env BENCH_SIZES)")
    parser.add_argument("--report", type=Path, default=Path(os.environ.get("BENCH_REPORT", ROOT / "_build" / "bench")),
                        help="where the page-weight table and chart go (default _build/bench; env BENCH_REPORT)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")),
                        help="runs per figure; the median is shown (default 3; env BENCH_RUNS)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the synthetic books go (default: a temp dir)")
    parser.add_argument("--clean-only", action="store_true", default=bool(os.environ.get("BENCH_CLEAN_ONLY")),
                        help="time only the clean builds (the speed ratio and page weight), not the rebuilds, "
                             "-j auto or the real handbook: minutes instead of an hour at 800 chapters "
                             "(env BENCH_CLEAN_ONLY=1)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    print(f"make bench: {platform.node() or 'this machine'}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; median of {args.runs} run(s)",
          flush=True)
    rows = []
    for size in sizes:
        folder = workdir / f"book-{size}"
        generate(folder, size)
        print(f"  {size} chapters: measuring the handbook's configuration ...", flush=True)
        fast = measure(folder, size, True, args.runs, args.clean_only)
        print(f"  {size} chapters: measuring the baseline (stock furo navigation) ...", flush=True)
        base = measure(folder, size, False, args.runs, args.clean_only)
        rows.append((size, fast, base))

    measures = [("clean", "clean build"), ("clean_cpu", "clean build, CPU seconds"),
                ("serial", "clean build, one process"), ("nothing", "rebuild, nothing changed"),
                ("body", "rebuild, one body changed"), ("title", "rebuild, one title changed"),
                ("parallel", "clean build, -j auto")]
    print("\n(a) builds as make html does (-j auto), (b) as sphinx-build does by default (one process); "
          "'one process' times both in one process, '-j auto' both with -j auto.")
    print(f"{'chapters':>8} | {'measure':<27} | {'handbook s':>10} | {'baseline s':>10} | {'ratio b/a':>9} | "
          f"{'pages written':>13}")
    print("-" * 92)
    for size, fast, base in rows:
        for key, label in measures:
            if key not in fast:
                continue
            written = fast.get(f"{key}_written")
            written_text = f"{written} of {fast['pages']}" if written is not None else ""
            ratio = base[key] / fast[key] if fast[key] else float("inf")
            print(f"{size:>8} | {label:<27} | {fast[key]:>10.2f} | {base[key]:>10.2f} | {ratio:>9.2f} | "
                  f"{written_text:>13}")
    print()
    print(f"{'chapters':>8} | {'pages':>5} | {'s/page (a)':>10} | {'s/page (b)':>10} | {'peak MiB (a)':>12} | "
          f"{'peak MiB (b)':>12} | {'one page KiB':>12} | {'-j auto / -j 1 (a)':>19}")
    print("-" * 106)
    for size, fast, base in rows:
        print(f"{size:>8} | {fast['pages']:>5} | {fast['clean'] / fast['pages']:>10.4f} | "
              f"{base['clean'] / base['pages']:>10.4f} | {fast['memory']:>12.0f} | {base['memory']:>12.0f} | "
              f"{fast['size'] / 1024:>12.1f} | "
              + f"{fast['clean'] / fast['serial']:>19.2f}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last[1]["clean"] / last[1]["pages"]) / (first[1]["clean"] / first[1]["pages"])
        print(f"\nseconds per page at {last[0]} chapters / at {first[0]}: {growth:.2f} (target: at most 1.5)")
    if rows:
        last = rows[-1]
        print(f"clean build at {last[0]} chapters, baseline / handbook: {last[2]['clean'] / last[1]['clean']:.1f} "
              f"(target: at least 15; both in one process: {last[2]['clean'] / last[1]['serial']:.1f}; "
              f"CPU seconds: {last[2]['clean_cpu'] / last[1]['clean_cpu']:.1f})")
    weights = [(size, fast["weight"], base["weight"]) for size, fast, base in rows]
    print("\naverage page weight (every HTML page of the site):\n")
    print(weight_table(weights))
    if len(weights) > 1:
        (low, low_ours, _), (high, high_ours, _) = weights[-2], weights[-1]
        print(f"average page at {high} chapters: {high_ours / 1024:.1f} KiB (target: at most 40); "
              f"{low} to {high} chapters: {high_ours / low_ours:.2f}x (target: at most 1.2)")
    table, chart = write_weight_report(weights, args.report)
    print(f"written: {table} and {chart}")
    real = {} if args.clean_only else _real_handbook(args.runs, workdir)
    if real:
        print("\nthe real handbook: " + ", ".join(f"{target} {seconds:.1f} s" for target, seconds in real.items()))
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
