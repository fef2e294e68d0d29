"""Shared fixtures: tiny Sphinx projects, builds of the real handbook, tool checks.

Tests that need TeX (or, later, a browser) skip when it is missing on a
laptop. CI sets ``HANDBOOK_REQUIRE_ALL=1``, which turns every such skip into a
failure, so CI can never pass by skipping.

Builds that tests only read are made once per session, in the background,
while the first tests run (``Background``): the real handbook's HTML, EPUB,
PDF and handouts and the trainer edition's HTML and EPUB (SHARED_BUILDS:
``handbook_html`` and so on), and whatever a module lists in its
BACKGROUND_BUILDS. Each is named after the fixture that hands it out, runs in
its own process as ``make`` runs it, and is dated ``session_epoch()``, so a
test that builds its own copy can compare it byte for byte with a shared one.
In-process builds set SOURCE_DATE_EPOCH and FORCE_SOURCE_DATE
(handbook.publish.build.reproducible_environment): ``build_handbook`` undoes that, and
every test leaves os.environ as it found it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# pytest.ini's "pythonpath = .." puts "<repo>/tests/.." on sys.path. Import the
# handbook from "<repo>", as `make` does: Sphinx hashes the extension's template
# folder into .buildinfo, so in-process builds would differ from make's.
sys.path[:] = [str(ROOT) if entry and Path(entry).resolve() == ROOT else entry for entry in sys.path]

from handbook.__main__ import main as handbook_main  # noqa: E402
from handbook.publish.build import reproducible_environment  # noqa: E402

pytest_plugins = ("sphinx.testing.fixtures", "importing")  # importing: the importer tests' repo fixture
REQUIRE_ALL = os.environ.get("HANDBOOK_REQUIRE_ALL") == "1"
# Sphinx colors its messages when CI=true (as CI sets it); the tests read them as
# plain text, in-process and in the builds they start.
os.environ.setdefault("NO_COLOR", "1")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under HANDBOOK_REQUIRE_ALL=1, which forbids skips: {reason}"


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) in a source file and mark the file changed now.

    Sphinx re-reads a file whose time is after the last read (in microseconds): now is,
    and is in the past by the next build (a future time would make every later build
    re-read it and hide a stale page). No sleeping.
    """
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))


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


def build_handbook(target: str, builddir: Path, *options: str, edition: str = "participant") -> Path:
    """``python -m handbook build TARGET`` in this process, dated session_epoch(),
    leaving os.environ as it was; returns the output folder."""
    with quiet_environ():
        os.environ["SOURCE_DATE_EPOCH"] = session_epoch()
        status = handbook_main(["build", target, "--builddir", str(builddir), "--edition", edition, *options])
    assert status == 0, f"the handbook's {edition} {target} build failed; see the captured output"
    return (builddir if edition == "participant" else builddir / edition) / target


TEX = ("xelatex", "latexmk")


@dataclass(frozen=True)
class Build:
    """Outputs that tests only read, built once per session in the background.

    ``commands(folder)`` writes into ``folder`` (new and empty) whatever the
    build needs and returns the ``python -m handbook`` argument lists to run
    there, in order, each in its own process dated session_epoch(). ``env``
    changes the environment (None removes a variable), ``umask`` the umask.
    When one of ``programs`` is missing nothing is built, and the fixture
    reading it skips.
    """

    commands: Callable[[Path], list[list[str]]]
    programs: tuple[str, ...] = ()
    env: dict[str, str | None] = field(default_factory=dict)
    umask: int | None = None


def handbook_build(target: str, *options: str, edition: str = "participant") -> Build:
    """The real handbook (docs/), as ``python -m handbook build`` makes it, into the folder."""
    return Build(lambda folder: [["build", target, "--builddir", str(folder), "--edition", edition, *options]],
                 TEX if target in ("pdf", "handouts") else ())


def output(builddir: Path, target: str, edition: str = "participant") -> Path:
    return (builddir if edition == "participant" else builddir / edition) / target


#: The builds every module may read, each named after the fixture that hands it
#: out. A module adds its own in a module-level BACKGROUND_BUILDS, named the same way.
SHARED_BUILDS = {
    "handbook_html": handbook_build("html"),
    "handbook_trainer_html": handbook_build("html", edition="trainer"),
    "handbook_epub": handbook_build("epub"),
    "handbook_trainer_epub": handbook_build("epub", edition="trainer"),
    "handbook_pdf": handbook_build("pdf"),
    "handbook_handouts": handbook_build("handouts"),
}


class Background:
    """Runs the builds the selected tests read, in the order the tests need
    them, two at a time, while the tests run; ``get`` waits for one build only.

    The environment and the date are taken once, when the session starts: a
    test that changes os.environ (PATH, say) never reaches a build."""

    WORKERS = 2 if (os.cpu_count() or 1) > 1 else 1

    def __init__(self, folder: Path, builds: dict[str, Build], order: list[str]):
        self.folder, self.builds = folder, builds
        self.env = {**os.environ, "SOURCE_DATE_EPOCH": session_epoch()}
        self.env.pop("PYTEST_CURRENT_TEST", None)
        self.queue = [name for name in order if all(shutil.which(p) for p in builds[name].programs)]
        self.done = {name: threading.Event() for name in builds}
        self.failed: dict[str, str] = {}
        self.started: set[str] = set()
        self.lock = threading.Lock()
        self.workers, self.stopping = 0, False
        self.processes: set[subprocess.Popen] = set()
        with self.lock:
            self._wake()

    def _wake(self) -> None:
        waiting = sum(name not in self.started for name in self.queue)
        while self.workers < min(self.WORKERS, waiting):
            self.workers += 1
            threading.Thread(target=self._work, daemon=True).start()

    def _next(self) -> str | None:
        with self.lock:
            for name in self.queue:
                if name not in self.started and not self.stopping:
                    self.started.add(name)
                    return name
            self.workers -= 1
            return None

    def _work(self) -> None:
        while (name := self._next()) is not None:
            try:
                self._build(name)
            except Exception as error:  # noqa: BLE001 - reported by get()
                self.failed[name] = f"{type(error).__name__}: {error}"
            finally:
                self.done[name].set()

    def _build(self, name: str) -> None:
        build = self.builds[name]
        folder, log = self.folder / name, self.folder / f"{name}.log"
        folder.mkdir()
        env = {**self.env, **build.env}
        env = {key: value for key, value in env.items() if value is not None}
        with log.open("w", encoding="utf-8") as handle:
            for args in build.commands(folder):
                handle.write(f"$ python -m handbook {' '.join(args)}\n")
                handle.flush()
                process = subprocess.Popen(
                    [sys.executable, "-m", "handbook", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                    stdout=handle, stderr=subprocess.STDOUT, umask=-1 if build.umask is None else build.umask)
                self.processes.add(process)
                started = time.monotonic()
                try:
                    status = process.wait(timeout=900)
                except subprocess.TimeoutExpired:
                    process.kill()
                    status = process.wait()
                self.processes.discard(process)
                handle.write(f"$ exit status {status} after {time.monotonic() - started:.1f} s\n")
                handle.flush()
                if status != 0 or self.stopping:
                    self.failed[name] = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                    return

    def get(self, name: str) -> Path:
        """The build's folder, once it is built."""
        require_programs(*self.builds[name].programs)
        with self.lock:
            if name not in self.queue:  # a test asked for it without naming its fixture
                self.queue.append(name)
                self._wake()
        self.done[name].wait()
        assert name not in self.failed, f"the {name} build failed:\n{self.failed[name]}"
        return self.folder / name

    def stop(self) -> None:
        self.stopping = True
        for process in list(self.processes):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=60)


@pytest.fixture(scope="session", autouse=True)
def background(request, tmp_path_factory) -> Background:
    """Start at once the builds the selected tests read (an item's fixturenames
    holds every fixture it uses, directly or not), first needed first."""
    builds = dict(SHARED_BUILDS)
    for module in dict.fromkeys(getattr(item, "module", None) for item in request.session.items):
        for name, build in getattr(module, "BACKGROUND_BUILDS", {}).items():
            assert builds.get(name, build) is build, f"two modules build a fixture named {name}"
            builds[name] = build
    order = dict.fromkeys(name for item in request.session.items for name in getattr(item, "fixturenames", ())
                          if name in builds)
    runner = Background(tmp_path_factory.mktemp("background"), builds, list(order))
    yield runner
    runner.stop()


@pytest.fixture(scope="session")
def handbook_html(background) -> Path:
    """The real handbook, built strictly to HTML."""
    return output(background.get("handbook_html"), "html")


@pytest.fixture(scope="session")
def handbook_trainer_html(background) -> Path:
    """The real handbook's trainer edition, built strictly to HTML."""
    return output(background.get("handbook_trainer_html"), "html", "trainer")


@pytest.fixture(scope="session")
def handbook_epub(background) -> Path:
    """The real handbook's EPUB."""
    return output(background.get("handbook_epub"), "epub") / "sales-practice-handbook.epub"


@pytest.fixture(scope="session")
def handbook_trainer_epub(background) -> Path:
    """The real handbook's trainer edition as an EPUB."""
    return output(background.get("handbook_trainer_epub"), "epub", "trainer") / "sales-practice-handbook.epub"


@pytest.fixture(scope="session")
def handbook_pdf(background) -> Path:
    """The real handbook's PDF, built with xelatex and latexmk."""
    return output(background.get("handbook_pdf"), "pdf") / "sales-practice-handbook.pdf"


@pytest.fixture(scope="session")
def handbook_handouts(background) -> Path:
    """The folder of session handouts (one PDF per training session)."""
    return output(background.get("handbook_handouts"), "handouts")


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
def artifacts() -> Path:
    """Where browser tests leave screenshots for a person to look at."""
    folder = Path(os.environ.get("HANDBOOK_ARTIFACTS", ROOT / "_build" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
