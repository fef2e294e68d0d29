"""``make site`` and ``make serve-site``: the handbook as one deployable folder, and nginx over it.

``python -m handbook site`` writes ``_build/site/``::

    index.html ...                 the participant edition (sidebar downloads: downloads/)
    downloads/                     its PDF and EPUB, and handouts/handout-<session>.pdf
    404.html                       links absolute from /, so it works at any depth (the only one)
    robots.txt                     allows everything; names no trainer path
    trainer/ ...                   the trainer edition (pages marked noindex)
    trainer/downloads/             the trainer PDF and EPUB
    trainer/kit/<session>/         the session kits (make kit)
    trainer/slides/<session>/      the session decks (make slides, which make kit runs)

It builds both editions' HTML itself, with the site's links
(``handbook_downloads_folder=downloads/``, ``handbook_kit_url=kit/``) and
the policy in a meta tag on every page (``handbook_csp_meta=1``), into
``_build/site-build/``, and takes the PDFs, EPUBs, handouts and kits from
where ``make pdf``, ``make epub`` and ``make kit`` put them: a missing one
stops it with the list of what is missing and the command that builds each.
The folder is assembled beside the old one and renamed into place, so
``_build/site`` is always a complete site or the previous one.

``deploy/nginx/handbook.conf`` is the server block to deploy it with; its
Content-Security-Policy line must equal what ``python -m handbook csp`` computes
for the built site, or ``make site`` fails naming the line to paste.

``python -m handbook serve-site`` runs Debian's nginx in the foreground on
127.0.0.1 with that server block (its listen, root and password-file lines
replaced), the trainer edition behind a login.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from handbook.publish.common import PDF_NAME, Paths, reproducible_environment, sphinx
from handbook.editions import PARTICIPANT, TRAINER
from handbook.sphinxext.integrity import pages_list

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx" / "handbook.conf"
EPUB_NAME = "sales-practice-handbook"
DOWNLOADS = "downloads"
KIT = "kit"
SLIDES = "slides"
TRAINER_DIR = "trainer"
#: What never goes into the deployed site.
SKIP = (".buildinfo", ".doctrees")


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def required_files(builddir: Path, srcdir: Path) -> list[tuple[Path, Path, str]]:
    """(built file, its place in the site, the command that builds it)."""
    from handbook.sphinxext.kit import KIT_FILES, kit_documents

    files = [
        (builddir / "pdf" / f"{PDF_NAME}.pdf", Path(DOWNLOADS) / f"{PDF_NAME}.pdf", "make pdf"),
        (builddir / "epub" / f"{EPUB_NAME}.epub", Path(DOWNLOADS) / f"{EPUB_NAME}.epub", "make epub"),
        (builddir / TRAINER / "pdf" / f"{PDF_NAME}.pdf", Path(TRAINER_DIR, DOWNLOADS, f"{PDF_NAME}.pdf"),
         "make pdf EDITION=trainer"),
        (builddir / TRAINER / "epub" / f"{EPUB_NAME}.epub", Path(TRAINER_DIR, DOWNLOADS, f"{EPUB_NAME}.epub"),
         "make epub EDITION=trainer"),
    ]
    for name, _guide, _cards in kit_documents(srcdir):
        files.append((builddir / "handouts" / f"handout-{name}.pdf",
                      Path(DOWNLOADS, "handouts", f"handout-{name}.pdf"), "make handouts"))
        for _label, filename in KIT_FILES:
            files.append((builddir / KIT / name / filename, Path(TRAINER_DIR, KIT, name, filename), "make kit"))
        files.append((builddir / SLIDES / name / "index.html", Path(TRAINER_DIR, SLIDES, name, "index.html"),
                      "make slides"))
    return files


def listed_documents(outdir: Path) -> set[str] | None:
    """The pages ``outdir`` may hold, from the written-pages list its builds keep beside it
    (``sphinxext/integrity.py``): its documents, and the pages its last finished build wrote that are
    no document (Sphinx's index and search, pages an extension collects). None when there is no list
    (an output built without the extension)."""
    try:
        data = json.loads(pages_list(outdir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    docs, generated = data.get("docs"), data.get("generated", [])
    if not isinstance(docs, list) or not isinstance(generated, list):
        return None
    return {d for d in docs + generated if isinstance(d, str)}


def _copy_site(source: Path, target: Path) -> None:
    """Copy a built edition into the site from its written-pages list: an HTML page of a document the list
    does not name (left behind by a build that failed, its source since deleted) is never published."""
    listed = listed_documents(source)
    skip = shutil.ignore_patterns(*SKIP)

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(skip(folder, names))
        where = Path(folder).relative_to(source)
        if listed is None:
            return skipped
        if where.parts and where.parts[0] == "_sources":  # a page's copied source: <document>.md.txt
            inside = Path(*where.parts[1:])
            skipped |= {n for n in names if n.endswith(".txt") and Path(folder, n).is_file()
                        and (inside / n[:-len(".txt")]).with_suffix("").as_posix() not in listed}
            return skipped
        if where.parts and where.parts[0].startswith("_"):  # _static, _images, _downloads ...
            return skipped
        for name in names:
            document = (where / name[:-len(".html")]).as_posix()
            if name.endswith(".html") and document not in listed:
                print(f"note: {Path(folder, name)} belongs to no document of the last build; not published",
                      file=sys.stderr)
                skipped.add(name)
        return skipped

    shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)


def shipped_policy(conf: Path = NGINX_CONF) -> str | None:
    match = re.search(r'add_header\s+Content-Security-Policy\s+"([^"]*)"', conf.read_text(encoding="utf-8"))
    return match[1] if match else None


def run_site(builddir: Path, srcdir: Path = ROOT / "docs", confdir: Path = ROOT, sphinxopts: list[str] | None = None,
             conf: Path = NGINX_CONF) -> int:
    from handbook.csp import policy

    builddir = builddir.resolve()
    files = required_files(builddir, srcdir)
    missing = [(built, command) for built, _place, command in files if not built.is_file()]
    if missing:
        _error("the site needs outputs that are not built:")
        for built, command in missing:
            print(f"  {built}  (build it with: {command})", file=sys.stderr)
        commands = " && ".join(dict.fromkeys(command for _built, command in missing))
        print(f"Build them with: {commands} (or all at once: make all-outputs; the PDFs need TeX, see the README), "
              f"then run make site again. Nothing was changed in {builddir / 'site'}.", file=sys.stderr)
        return 2
    reproducible_environment(confdir)
    stage_root = builddir / "site-build"
    extra = ["-D", "handbook_csp_meta=1", *(sphinxopts or [])]
    participant = Paths(srcdir=srcdir, confdir=confdir, builddir=stage_root, edition=PARTICIPANT,
                        extra=["-D", f"handbook_downloads_folder={DOWNLOADS}/", *extra])
    trainer = Paths(srcdir=srcdir, confdir=confdir, builddir=stage_root, edition=TRAINER,
                    extra=["-D", f"handbook_downloads_folder={DOWNLOADS}/", "-D", f"handbook_kit_url={KIT}/",
                           "-D", f"handbook_slides_url={SLIDES}/", *extra])
    for paths in (participant, trainer):
        status = sphinx("html", paths)
        if status != 0:
            return status
    site, new, old = builddir / "site", builddir / ".site.new", builddir / ".site.old"
    shutil.rmtree(new, ignore_errors=True)
    _copy_site(participant.out("html"), new)
    _copy_site(trainer.out("html"), new / TRAINER_DIR)
    # One 404 page for the whole site (nginx: error_page 404 /404.html); the trainer
    # build's would link the participant edition's folders from /.
    (new / TRAINER_DIR / "404.html").unlink(missing_ok=True)
    for built, place, _command in files:
        if built.name == "index.html" and built.parent.parent.name == SLIDES:
            _copy_site(built.parent, new / place.parent)  # a deck is a folder: its page and _static
            continue
        (new / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, new / place)
    (new / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    header, problems = policy(new)
    for problem in problems:
        _error(f"{problem}; the Content-Security-Policy would block it")
    shipped = shipped_policy(conf)
    if shipped != header:
        problems.append("policy")
        _error(f"{conf} sends another Content-Security-Policy than the site needs; replace its line with:\n"
               f'    add_header Content-Security-Policy "{header}" always;')
    if problems:
        shutil.rmtree(new, ignore_errors=True)
        return 1
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)  # complete or absent, never half-copied
    shutil.rmtree(old, ignore_errors=True)
    print(f"The site is in {site}: the participant edition at /, the trainer edition at /{TRAINER_DIR}/. "
          f"Serve it with make serve-site, or deploy it with {conf.relative_to(ROOT) if conf.is_relative_to(ROOT) else conf}.")
    return 0


# -- nginx -------------------------------------------------------------------------------

def htpasswd_line(user: str, password: str) -> str:
    """An htpasswd entry nginx reads: ``user:{SHA}base64(sha1(password))``."""
    digest = base64.b64encode(hashlib.sha1(password.encode("utf-8")).digest()).decode()
    return f"{user}:{{SHA}}{digest}\n"


def server_block(site: Path, port: int, htpasswd: Path, conf: Path = NGINX_CONF, host: str = "127.0.0.1") -> str:
    """The shipped server block, listening on host:port over ``site`` with ``htpasswd``."""
    text = conf.read_text(encoding="utf-8")
    replacements = [
        (r"^(\s*)listen\s[^;]*;[^\n]*\n", None),
        (r"^(\s*)server_name\s[^;]*;", "server_name localhost;"),
        (r"^(\s*)root\s[^;]*;", f'root "{site.resolve()}";'),
        (r"^(\s*)auth_basic_user_file\s[^;]*;", f'auth_basic_user_file "{htpasswd.resolve()}";'),
    ]
    for pattern, value in replacements:
        if value is None:
            text, count = re.subn(pattern, "", text, flags=re.M)
        else:
            text, count = re.subn(pattern, lambda m, v=value: m[1] + v, text, flags=re.M)
        if count == 0:
            raise ValueError(f"{conf} has no line matching {pattern!r}")
    text = text.replace("server {", f"server {{\n    listen {host}:{port};", 1)
    return text


def nginx_config(site: Path, port: int, htpasswd: Path, workdir: Path, conf: Path = NGINX_CONF) -> Path:
    """A whole nginx.conf in ``workdir`` (pid, logs, temporary files there) around the server block."""
    workdir.mkdir(parents=True, exist_ok=True)
    mime = Path("/etc/nginx/mime.types")
    lines = [
        "daemon off;",
        "worker_processes 1;",
        f'pid "{workdir / "nginx.pid"}";',
        "error_log stderr warn;",
        # As root, nginx would hand requests to the user nobody, who cannot read a
        # site under a private home or this folder: a loopback check only.
        *(["user root;"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        "events { worker_connections 64; }",
        "http {",
        f'    include "{mime}";' if mime.is_file() else "    types { text/html html; text/css css; application/javascript js; }",
        "    default_type application/octet-stream;",
        "    access_log off;",
        *(f'    {kind}_temp_path "{workdir / kind}";' for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        server_block(site, port, htpasswd, conf),
        "}",
        "",
    ]
    path = workdir / "nginx.conf"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_serve_site(site: Path, port: int, htpasswd: Path | None, conf: Path = NGINX_CONF) -> int:
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)
    if nginx is None:
        _error("nginx is not installed; on Debian run: apt-get install nginx")
        return 2
    if not (site / "index.html").is_file() or not (site / TRAINER_DIR / "index.html").is_file():
        _error(f"{site} holds no built site; run make site first")
        return 2
    if htpasswd is not None and not htpasswd.is_file():
        _error(f"the htpasswd file {htpasswd} does not exist; create it with: htpasswd -c {htpasswd} trainer "
               f"(Debian: apt-get install apache2-utils), or leave HTPASSWD unset for a throwaway login")
        return 2
    with tempfile.TemporaryDirectory(prefix="handbook-nginx-") as tmp:
        workdir = Path(tmp)
        if htpasswd is None:
            password = os.environ.get("TRAINER_PASSWORD") or secrets.token_urlsafe(12)
            htpasswd = workdir / "htpasswd"
            htpasswd.write_text(htpasswd_line("trainer", password), encoding="utf-8")
            shown = "from TRAINER_PASSWORD" if os.environ.get("TRAINER_PASSWORD") else password
            login = f"user trainer, password {shown}"
        else:
            login = f"the logins in {htpasswd}"
        config = nginx_config(site, port, htpasswd, workdir, conf)
        test = subprocess.run([nginx, "-t", "-q", "-e", "stderr", "-p", str(workdir), "-c", str(config)],
                              capture_output=True, text=True)
        if test.returncode != 0:
            _error(f"nginx refused the configuration ({config}):\n{test.stderr.strip()}")
            return 1
        print(f"Serving {site} on http://127.0.0.1:{port}/ (trainer edition: http://127.0.0.1:{port}/trainer/, "
              f"{login}). Press Ctrl+C to stop.", flush=True)
        process = subprocess.Popen([nginx, "-e", "stderr", "-p", str(workdir), "-c", str(config)])

        def stop(signum, frame):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)  # `kill` stops nginx too, never orphans it
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            process.wait(timeout=30)
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
