"""The handbook as deployed: ``make site`` served by nginx from the shipped
deploy/nginx/handbook.conf, checked with plain HTTP and in Chromium, and a
Read the Docs build run from .readthedocs.yaml's own commands.

The site is built once for the module from the shared builds (PDF, EPUB,
handouts) and this module's background builds (trainer PDF, session kits).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, handbook_build, output, require_programs, session_epoch
from handbook.sphinxext.kit import KIT_FILES
from handbook.csp import HEADER_ONLY, meta_policy, policy
from handbook.publish.site import htpasswd_line, nginx_config, shipped_policy

BACKGROUND_BUILDS = {
    "hosting_trainer_pdf": handbook_build("pdf", edition="trainer"),
    "hosting_kit": handbook_build("kit"),
}
PASSWORD = "correct horse battery staple"
PDF, EPUB = "sales-practice-handbook.pdf", "sales-practice-handbook.epub"
TYPES = {".html": "text/html", ".pdf": "application/pdf", ".epub": "application/epub+zip", ".txt": "text/plain"}


@pytest.fixture(scope="module")
def site(background, tmp_path_factory, handbook_pdf, handbook_epub, handbook_handouts, handbook_trainer_epub):
    """``python -m handbook site`` over the shared outputs, as make runs it."""
    trainer_pdf = output(background.get("hosting_trainer_pdf"), "pdf", "trainer") / PDF
    kit = output(background.get("hosting_kit"), "kit")
    decks = output(background.get("hosting_kit"), "slides")  # make kit builds the decks too
    builddir = tmp_path_factory.mktemp("site-build")
    links = {"pdf": handbook_pdf.parent, "epub": handbook_epub.parent, "handouts": handbook_handouts,
             "trainer/pdf": trainer_pdf.parent, "trainer/epub": handbook_trainer_epub.parent, "kit": kit,
             "slides": decks}
    for name, target in links.items():
        (builddir / name).parent.mkdir(parents=True, exist_ok=True)
        (builddir / name).symlink_to(target, target_is_directory=True)
    done = subprocess.run([sys.executable, "-m", "handbook", "site", "--builddir", str(builddir)], cwd=ROOT,
                          env={**os.environ, "SOURCE_DATE_EPOCH": session_epoch()}, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return builddir / "site"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    """Until the port accepts a connection; waiting on the process between tries (no sleep)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            try:
                process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"nginx exited with {process.returncode}: {process.stderr.read()}")
    raise AssertionError("nginx did not listen within 30 s")


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    """nginx from deploy/nginx/handbook.conf on a free loopback port; yields the base URL."""
    require_programs("nginx")
    workdir = tmp_path_factory.mktemp("nginx")
    htpasswd = workdir / "htpasswd"
    htpasswd.write_text(htpasswd_line("trainer", PASSWORD), encoding="utf-8")
    port = _free_port()
    config = nginx_config(site, port, htpasswd, workdir)
    process = subprocess.Popen([shutil.which("nginx"), "-e", "stderr", "-p", str(workdir), "-c", str(config)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str, auth: str | None = None, method: str = "GET"):
    """(status, headers, body) without following the error into an exception."""
    request = urllib.request.Request(url, method=method)
    if auth is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"trainer:{auth}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _pages(site: Path, trainer: bool) -> list[str]:
    root = site / "trainer" if trainer else site
    pages = sorted(root.rglob("*.html"))
    return [p.relative_to(site).as_posix() for p in pages if trainer or p.relative_to(site).parts[0] != "trainer"]


def _links(html: bytes, selector: str = "a[href]") -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get("href") or a.get("src") for a in soup.select(selector)]


def test_every_page_and_download_is_served_with_its_type(site, server):
    files = [p.relative_to(site).as_posix() for p in site.rglob("*")
             if p.is_file() and p.suffix in TYPES and p.name != "404.html"]
    assert any(f.startswith("downloads/handouts/") for f in files) and any("/kit/" in f for f in files)
    for path in files:
        status, headers, _ = get(server + path, auth=PASSWORD if path.startswith("trainer/") else None, method="HEAD")
        assert status == 200, path
        assert headers["Content-Type"].split(";")[0] == TYPES[Path(path).suffix], path


def test_the_trainer_edition_needs_the_login(site, server):
    for path in ("trainer/", "trainer/index.html", f"trainer/downloads/{PDF}", "trainer/kit/new-clients/README.txt",
                 "trainer/slides/new-clients/index.html",
                 "trainer/_static/handbook.css", "trainer/searchindex.js", "trainer/nothing-here.pdf"):
        assert get(server + path)[0] == 401, path
        assert get(server + path, auth="wrong")[0] == 401, path
    status, headers, body = get(server + "trainer/", auth=PASSWORD)
    assert status == 200 and b"sessions/index.html" in body
    assert "noindex" in headers["X-Robots-Tag"]
    assert get(server + f"trainer/downloads/{PDF}", auth=PASSWORD)[0] == 200
    assert get(server)[1]["X-Robots-Tag"] is None


def test_security_headers_on_pages_errors_and_trainer_pages(site, server):
    header, problems = policy(site)
    assert not problems
    assert shipped_policy() == header
    for path, auth in (("", None), ("start-right/index.html", None), ("no/such/page.html", None),
                       ("trainer/sessions/new-clients.html", PASSWORD), ("trainer/", None)):
        _status, headers, _ = get(server + path, auth=auth)
        assert headers["Content-Security-Policy"] == header, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert "nginx/" not in (headers["Server"] or ""), path


def test_hashed_static_files_are_cached_and_pages_are_not(site, server):
    _, headers, body = get(server + "index.html")
    assert headers["Cache-Control"] == "no-cache"
    hashed = [u for u in _links(body, "link[href]") + _links(body, "script[src]") if u and "?v=" in u]
    assert hashed
    for url in hashed:
        status, headers, _ = get(urljoin(server + "index.html", url))
        assert status == 200 and "immutable" in headers["Cache-Control"], url
    _, headers, _ = get(server + "trainer/_static/handbook.css?v=1", auth=PASSWORD)
    assert "immutable" in headers["Cache-Control"]


def test_every_page_carries_the_meta_policy_and_trainer_pages_noindex(site):
    expected = "; ".join(d for d in policy(site)[0].split("; ") if d.split()[0] not in HEADER_ONLY)
    assert meta_policy() == expected
    for trainer in (False, True):
        for path in _pages(site, trainer):
            soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
            meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert meta is not None and meta["content"] == expected, path
            assert meta.find_previous("script") is None and meta.find_previous("link") is None, path
            robots = soup.find("meta", attrs={"name": "robots"})
            if path != "search.html":  # Sphinx marks its search page noindex itself
                assert (robots is not None and "noindex" in robots["content"]) == trainer, path


def test_no_participant_page_leads_to_the_trainer_edition(site):
    for path in _pages(site, trainer=False):
        text = (site / path).read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src|action)="([^"]*)"', text):
            target = urljoin("http://h/" + path, url)
            assert not urlsplit(target).path.startswith("/trainer"), (path, url)
    assert "sessions/" not in (site / "searchindex.js").read_text(encoding="utf-8")
    assert "trainer" not in (site / "robots.txt").read_text(encoding="utf-8")
    assert not (site / "sitemap.xml").exists() or "/trainer" not in (site / "sitemap.xml").read_text()


def test_sidebar_downloads_and_kit_links_resolve(site, server):
    checked = set()
    for trainer in (False, True):
        for path in _pages(site, trainer):
            if path.startswith("trainer/slides/"):
                continue  # a deck is a page of slides, not of the handbook: no sidebar
            html = (site / path).read_bytes()
            urls = (_links(html, ".handbook-downloads a") + _links(html, ".handbook-kit-links a")
                    + _links(html, ".handbook-deck-link a"))
            assert len(_links(html, ".handbook-downloads a")) == 2, path
            for url in urls:
                target = urljoin(server + path, url)
                assert target.startswith(server + ("trainer/" if trainer else "")), (path, url)
                if target not in checked:
                    status, headers, _ = get(target, auth=PASSWORD if trainer else None, method="HEAD")
                    assert status == 200, (path, url)
                    assert headers["Content-Type"].split(";")[0] == TYPES[Path(urlsplit(target).path).suffix]
                    checked.add(target)
    assert sum("/kit/" in url for url in checked) == 3 * len(KIT_FILES)  # 3 sessions x every kit file
    assert sum("/slides/" in url for url in checked) == 3  # a deck per session


def test_an_unknown_path_gets_the_styled_404_page_with_working_links(server):
    for path in ("missing.html", "start-right/deep/er/missing/", "downloads/missing.pdf"):
        status, headers, body = get(server + path)
        assert status == 404 and headers["Content-Type"].startswith("text/html"), path
        assert b"handbook.css" in body, path
    links = [u for u in _links(body, "a[href]") + _links(body, "link[href]") + _links(body, "script[src]")
             if u and not urlsplit(u).scheme and not u.startswith("#")]
    assert len(links) > 10
    for url in links:
        assert get(urljoin(server + "start-right/deep/er/missing/", url))[0] == 200, url


@pytest.mark.parametrize("path", ["start-right/train-your-clients.html", "search.html?q=client",
                                  "trainer/sessions/new-clients.html"])
def test_no_csp_violation_in_chromium(browser, server, path):
    context = browser.new_context(http_credentials={"username": "trainer", "password": PASSWORD})
    context.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    try:
        page = context.new_page()
        response = page.goto(server + path, wait_until="load")
        assert response.status == 200
        if path.startswith("search"):
            page.wait_for_selector("#search-results ul.search li", timeout=15000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == []
        assert page.evaluate("document.body.dataset.theme") in ("auto", "light", "dark")  # furo's snippet ran
        # The policy is enforced: an injected inline script is blocked and reported.
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                      " document.body.append(s); }")
        page.wait_for_function("window.__csp.length > 0", timeout=5000)
        assert page.evaluate("window.__ran") is None
    finally:
        context.close()


def test_serve_site_refuses_a_missing_htpasswd_file(site, tmp_path):
    missing = tmp_path / "no-such.htpasswd"
    done = subprocess.run([sys.executable, "-m", "handbook", "serve-site", "--site", str(site), "--port",
                           str(_free_port()), "--htpasswd", str(missing)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert f"the htpasswd file {missing} does not exist" in done.stderr


def test_site_stops_on_missing_outputs_and_keeps_the_old_site(tmp_path, handbook_pdf):
    (tmp_path / "pdf").symlink_to(handbook_pdf.parent, target_is_directory=True)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("the old site", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "handbook", "site", "--builddir", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "make epub EDITION=trainer" in done.stderr and "make kit" in done.stderr and "make pdf\n" not in done.stderr
    assert f"{tmp_path / 'epub' / EPUB}" in done.stderr
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "the old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pdf", "site"]


# -- Read the Docs ------------------------------------------------------------------------

RTD_SKIP = ("git fetch", "python -m pip install")


@pytest.fixture(scope="module")
def readthedocs(tmp_path_factory):
    """.readthedocs.yaml's commands, run in a copy of the repository as Read the Docs runs them."""
    require_programs("xelatex", "latexmk")
    checkout = tmp_path_factory.mktemp("rtd-checkout")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, checkout / name)
    outdir = tmp_path_factory.mktemp("rtd-output")
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_LANGUAGE": "en", "READTHEDOCS_VERSION": "latest",
           "READTHEDOCS_CANONICAL_URL": "https://handbook.readthedocs.io/en/latest/",
           "READTHEDOCS_OUTPUT": str(outdir), "SOURCE_DATE_EPOCH": session_epoch(),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    commands = config["build"]["commands"]
    assert any(c.startswith("git fetch") for c in commands)
    for command in commands:
        if command.startswith(RTD_SKIP):
            continue
        done = subprocess.run(["bash", "-c", "set -eu; " + command], cwd=checkout, env=env, capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return outdir


def test_readthedocs_build_publishes_one_pdf_one_epub_and_the_html(readthedocs):
    assert sorted(p.name for p in (readthedocs / "pdf").iterdir()) == [PDF]
    assert sorted(p.name for p in (readthedocs / "epub").iterdir()) == [EPUB]
    assert (readthedocs / "pdf" / PDF).read_bytes().startswith(b"%PDF")
    html = readthedocs / "html"
    assert (html / "index.html").is_file()
    handouts = sorted(p.name for p in (html / "downloads" / "handouts").iterdir())
    assert handouts and all(re.fullmatch(r"handout-[a-z-]+\.pdf", name) for name in handouts)


def test_readthedocs_build_has_no_trainer_file(readthedocs):
    names = [p.relative_to(readthedocs).as_posix() for p in readthedocs.rglob("*")]
    assert not [n for n in names if re.search(r"trainer|sessions/|facilitator|role-cards|/kit/", n)], names
    assert "role-brief" not in (readthedocs / "html" / "searchindex.js").read_text(encoding="utf-8")


def test_readthedocs_sidebar_links_point_at_its_downloads(readthedocs):
    html = readthedocs / "html"
    for page in ("index.html", "start-right/train-your-clients.html", "404.html"):
        links = _links((html / page).read_bytes(), ".handbook-downloads a")
        assert links == ["/_/downloads/en/latest/pdf/", "/_/downloads/en/latest/epub/"], page
        soup = BeautifulSoup((html / page).read_bytes(), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == meta_policy(), page
    canonical = BeautifulSoup((html / "index.html").read_bytes(), "html.parser").find("link", rel="canonical")
    assert canonical is not None and canonical["href"].startswith("https://handbook.readthedocs.io/en/latest/")
