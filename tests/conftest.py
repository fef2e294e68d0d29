"""Shared fixtures: tiny Sphinx projects, builds of the real handbook, tool checks.

Tests that need TeX (or, later, a browser) skip when it is missing on a
laptop. CI sets ``HANDBOOK_REQUIRE_ALL=1``, which turns every such skip into a
failure, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from handbook.__main__ import main as handbook_main

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_ALL = os.environ.get("HANDBOOK_REQUIRE_ALL") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under HANDBOOK_REQUIRE_ALL=1, which forbids skips: {reason}"


def require_programs(*programs: str) -> None:
    """Skip (or, in CI, fail) the calling test when a program is not installed."""
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the tiny projects (tests/roots/test-<name>)."""
    return Path(__file__).parent / "roots"


def build_handbook(target: str, builddir: Path) -> Path:
    status = handbook_main(["build", target, "--builddir", str(builddir)])
    assert status == 0, f"the handbook's {target} build failed; see the captured output"
    return builddir / target


@pytest.fixture(scope="session")
def handbook_html(tmp_path_factory) -> Path:
    """The real handbook, built strictly to HTML in a temporary folder."""
    return build_handbook("html", tmp_path_factory.mktemp("html-build"))


@pytest.fixture(scope="session")
def handbook_pdf(tmp_path_factory) -> Path:
    """The real handbook's PDF, built with xelatex and latexmk."""
    require_programs("xelatex", "latexmk")
    out = build_handbook("pdf", tmp_path_factory.mktemp("pdf-build"))
    return out / "sales-practice-handbook.pdf"
