"""The make targets a newcomer meets first, and the README that shows them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make html", "make test"]


def test_ci_runs_the_readme_test_command_and_forbids_skips():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
    assert "export HANDBOOK_REQUIRE_ALL=1" in ci
    for package in ("latexmk", "texlive-xetex", "fonts-freefont-otf"):
        assert package in ci


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_previews_the_handbook(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}", f"BUILDDIR={tmp_path}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline, page = time.monotonic() + 120, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.5)
        assert page is not None, "make serve never answered"
        assert "The Sales-Practice Handbook" in page
        assert (tmp_path / "serve" / "index.html").is_file()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
