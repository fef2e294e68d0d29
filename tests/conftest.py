"""Shared fixtures: tiny Sphinx projects, builds of the real handbook, tool checks.

Tests that need TeX (or, later, a browser) skip when it is missing on a
laptop. CI sets ``HANDBOOK_REQUIRE_ALL=1``, which turns every such skip into a
failure, so CI can never pass by skipping.

The real handbook is built once per session for each output the tests only
read (``handbook_html``, ``handbook_trainer_html``, ``handbook_pdf``), all
dated ``session_epoch()``, so a test that builds its own copy can compare it
byte for byte with the shared one. In-process builds set SOURCE_DATE_EPOCH and
FORCE_SOURCE_DATE (handbook.build.reproducible_environment): ``build_handbook``
undoes that, and every test leaves os.environ as it found it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# pytest.ini's "pythonpath = .." puts "<repo>/tests/.." on sys.path. Import the
# handbook from "<repo>", as `make` does: Sphinx hashes the extension's template
# folder into .buildinfo, so in-process builds would differ from make's.
sys.path[:] = [str(ROOT) if entry and Path(entry).resolve() == ROOT else entry for entry in sys.path]

from handbook.__main__ import main as handbook_main  # noqa: E402
from handbook.build import reproducible_environment  # noqa: E402

pytest_plugins = ("sphinx.testing.fixtures",)
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


def _restore_environ(saved: dict[str, str]) -> None:
    for name in set(os.environ) - set(saved):
        del os.environ[name]
    for name, value in saved.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


@contextlib.contextmanager
def quiet_environ():
    """Whatever an in-process build sets in os.environ is undone afterwards."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        _restore_environ(saved)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # Each test (its set-up, call and tear-down) leaves os.environ as it found
    # it: an in-process build's SOURCE_DATE_EPOCH never reaches the next test.
    saved = dict(os.environ)
    yield
    _restore_environ(saved)


@functools.cache
def session_epoch() -> str:
    """The date of every shared build: SOURCE_DATE_EPOCH if set, else the last
    commit's, as ``make`` takes it; read once, so a commit made while the tests
    run changes nothing."""
    with quiet_environ():
        reproducible_environment(ROOT)
        return os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))


def build_handbook(target: str, builddir: Path, *options: str, edition: str = "participant",
                   epoch: str | None = None) -> Path:
    """``python -m handbook build TARGET`` in this process, dated SESSION_EPOCH
    (or ``epoch``), leaving os.environ as it was; returns the output folder."""
    with quiet_environ():
        os.environ["SOURCE_DATE_EPOCH"] = epoch or session_epoch()
        status = handbook_main(["build", target, "--builddir", str(builddir), "--edition", edition, *options])
    assert status == 0, f"the handbook's {edition} {target} build failed; see the captured output"
    return (builddir if edition == "participant" else builddir / edition) / target


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


#: Chromium flags for a closed network and a root user (see the maintainer's guide).
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never its own download)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("not installed: chromium (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def serve(directory: Path, headers: dict[str, str] | None = None):
    """Serve a built site on http://127.0.0.1:<free port>; returns (base_url, server)."""
    handler_class = type("Handler", (_QuietHandler,), {"headers_to_send": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(handbook_html):
    """The participant site, served over HTTP (never file://)."""
    url, server = serve(handbook_html)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def handbook_trainer_html(tmp_path_factory) -> Path:
    """The real handbook's trainer edition, built strictly to HTML."""
    return build_handbook("html", tmp_path_factory.mktemp("trainer-build"), edition="trainer")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for a person to look at."""
    folder = Path(os.environ.get("HANDBOOK_ARTIFACTS", ROOT / "_build" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
