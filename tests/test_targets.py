"""The make targets a newcomer meets first, and the README that shows them."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
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


def _connect(port: int, deadline: float, proc: subprocess.Popen) -> None:
    """Return once something listens on the port; fail if the server exits or the deadline passes."""
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            return
        except OSError:
            assert time.monotonic() < deadline, "make serve never listened"
            try:
                # Waits on the server itself: returns early, and fails, if it exits.
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(f"make serve exited with {proc.returncode}")


def test_make_serve_previews_the_handbook(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}", f"BUILDDIR={tmp_path}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline, seen = time.monotonic() + 120, []
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [*map(lines.put, proc.stdout), lines.put(None)], daemon=True).start()
        # sphinx-autobuild says "Serving on ..." after its first build and
        # "Waiting to detect changes..." just before the server starts.
        while not seen or "Waiting to detect changes" not in seen[-1]:
            try:
                raw = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("make serve never finished its first build") from None
            assert raw is not None, f"make serve exited: {''.join(seen[-20:])}"
            seen.append(raw.decode("utf-8", "replace"))
        assert any("Serving on" in line for line in seen), "".join(seen[-20:])
        _connect(port, deadline, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "The Sales-Practice Handbook" in page
        assert (tmp_path / "serve" / "index.html").is_file()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
