"""``make proof``: every page of every built PDF on contact sheets, to see the whole layout at a glance.

Renders each page small with Debian's ``pdftoppm`` and lays them out, twelve
to a sheet, with Pillow (already installed for pdfplumber), into
``_build/proof/<pdf>-sheet-<n>.png``: the book in both editions, the
handouts and the session kits, whichever are built. Look at them before you
print: empty title bars, stranded headings, stray pages and a missing cover
show at once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

COLUMNS, ROWS = 4, 3
DPI = 40


def built_pdfs(builddir: Path) -> list[Path]:
    patterns = ("pdf/*.pdf", "trainer/pdf/*.pdf", "handouts/*.pdf", "kit/*/*.pdf")
    return sorted(p for pattern in patterns for p in builddir.glob(pattern))


def _name(pdf: Path, builddir: Path) -> str:
    return "-".join(pdf.relative_to(builddir).with_suffix("").parts)


def contact_sheets(pdf: Path, outdir: Path, name: str) -> list[Path]:
    from PIL import Image, ImageDraw

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), f"{tmp}/page"], check=True,
                       capture_output=True, timeout=600)
        pages = sorted(Path(tmp).glob("page-*.png"))
        images = [Image.open(p).convert("RGB") for p in pages]
    if not images:
        return []
    width = max(i.width for i in images)
    height = max(i.height for i in images)
    gap, label = 12, 16
    sheets = []
    per_sheet = COLUMNS * ROWS
    for start in range(0, len(images), per_sheet):
        batch = images[start:start + per_sheet]
        sheet = Image.new("RGB", (COLUMNS * (width + gap) + gap, ROWS * (height + gap + label) + gap), "#9aa0a6")
        draw = ImageDraw.Draw(sheet)
        for index, image in enumerate(batch):
            x = gap + (index % COLUMNS) * (width + gap)
            y = gap + (index // COLUMNS) * (height + gap + label)
            sheet.paste(image, (x, y + label))
            draw.text((x, y), f"{name}  page {start + index + 1}", fill="black")
        path = outdir / f"{name}-sheet-{start // per_sheet + 1}.png"
        sheet.save(path)
        sheets.append(path)
    return sheets


def run_proof(builddir: Path) -> int:
    if shutil.which("pdftoppm") is None:
        print("error: pdftoppm is not installed; on Debian run: apt-get install poppler-utils", file=sys.stderr)
        return 2
    pdfs = built_pdfs(builddir)
    if not pdfs:
        print(f"error: no PDFs in {builddir}; build them first (make pdf, make handouts, make kit)", file=sys.stderr)
        return 1
    outdir = builddir / "proof"
    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    count = 0
    for pdf in pdfs:
        count += len(contact_sheets(pdf, outdir, _name(pdf, builddir)))
    print(f"{count} proof sheets of {len(pdfs)} PDFs are in {outdir}")
    return 0
