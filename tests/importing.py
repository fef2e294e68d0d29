"""What the importer's tests share: a scratch bibliography and drafts folder, and the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.__main__ import main

TODAY = "2026-01-15"


@pytest.fixture
def repo(tmp_path):
    """A scratch bibliography and drafts folder."""
    (tmp_path / "references.bib").write_text("% sources\n", encoding="utf-8")
    return tmp_path


def run(repo: Path, *args: str) -> int:
    """``python -m handbook import`` into ``repo``, on a fixed day."""
    return main(["import", *args, "--bib", str(repo / "references.bib"), "--drafts", str(repo / "drafts"),
                 "--today", TODAY])
