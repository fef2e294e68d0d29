"""Writing files so that nobody ever sees half of one.

Every command that writes a file the user keeps (a draft, the bibliography,
a PDF, the virtual environment's stamp, a cache) goes through here: the data
goes to a temporary file beside the target, which is then renamed over it, so
an interrupted write leaves the old file or the new one, never a mix. Standard
library only: ``handbook.bootstrap`` uses it before the virtual environment exists.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(tmp: str, path: Path, mode: int | None) -> None:
    # mkstemp makes files private (0600); a user expects the usual mode.
    os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)
    os.replace(tmp, path)


def atomic_write(path: Path, data: str | bytes, *, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` newlines) to ``path`` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        _replace(tmp, path, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_copy(source: Path, target: Path, *, mode: int | None = None) -> None:
    """Copy ``source`` to ``target`` atomically (a reader never sees half a PDF)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        _replace(tmp, target, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
