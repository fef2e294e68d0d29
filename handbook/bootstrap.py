"""Create or refresh the project's virtual environment.

Run by ``make`` with whatever Python the user has (``PYTHON``, default
``python3``), before anything is installed, so this module uses the standard
library only. It is quiet when the environment is already up to date.

Exit status: 0 ready, 1 something failed (one ``error:`` line says what to do).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from handbook.fsutil import atomic_write

#: Sphinx 9 needs Python 3.11 or newer.
MIN_PYTHON = (3, 11)
STAMP_NAME = ".requirements.sha256"


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def venv_python(venv: Path) -> Path:
    if os.name == "nt":  # pragma: no cover - the project builds on Debian
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def requirements_digest(requirements: Path) -> str:
    return hashlib.sha256(requirements.read_bytes()).hexdigest()


def _python_runs(python: Path) -> bool:
    try:
        done = subprocess.run([str(python), "-c", "import sys"], capture_output=True, timeout=60)
    except OSError:
        return False
    return done.returncode == 0


def ensure_venv(venv: Path, requirements: Path, *, python: str = sys.executable) -> int:
    """Make ``venv`` exist and hold exactly what ``requirements`` pins."""
    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        have = ".".join(map(str, sys.version_info[:3]))
        return _error(
            f"Python {need} or newer is needed, but {python} is {have}; "
            f"install a newer Python and run make again with PYTHON=/path/to/python3"
        )
    if not requirements.is_file():
        return _error(f"{requirements} is missing; restore it from git (git checkout -- {requirements.name})")

    want = requirements_digest(requirements)
    stamp = venv / STAMP_NAME
    vpy = venv_python(venv)

    if venv.exists():
        if not _python_runs(vpy):
            return _error(
                f"the virtual environment {venv}/ is broken ({vpy} does not run); "
                f"remove it with 'make distclean' and run make again"
            )
        if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == want:
            return 0
        print(f"Updating {venv}/ from {requirements} ...", flush=True)
    else:
        try:
            import ensurepip  # noqa: F401  (Debian splits it into python3-venv)
            import venv as _venv  # noqa: F401
        except ImportError:
            return _error(
                f"{python} cannot create virtual environments; install its venv module "
                f"(Debian: apt-get install python3-venv) and run make again"
            )
        print(f"Creating {venv}/ from {requirements} (first run only) ...", flush=True)
        created = subprocess.run([python, "-m", "venv", str(venv)])
        if created.returncode != 0 or not _python_runs(vpy):
            return _error(
                f"could not create {venv}/ with {python}; "
                f"remove it with 'make distclean', fix the Python installation and run make again"
            )

    installed = subprocess.run(
        [str(vpy), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", str(requirements)]
    )
    if installed.returncode != 0:
        # No stamp is written, so the next make tries the installation again.
        return _error(
            f"pip could not install {requirements} into {venv}/ (see above); "
            f"check that PyPI is reachable and run make again"
        )
    atomic_write(stamp, want + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m handbook.bootstrap", description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=".venv", type=Path)
    parser.add_argument("--requirements", default="requirements.txt", type=Path)
    args = parser.parse_args(argv)
    return ensure_venv(args.venv, args.requirements)


if __name__ == "__main__":
    sys.exit(main())
