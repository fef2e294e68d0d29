"""What a reader of the published site sees after a build was killed, when one of
the two records of deleted pages is missing.

Found by mutation (issue 27, ``killed-build-forgets-deletion`` in
``tests/mutation.py``): the marker a killed build leaves names the pages it was
to remove, and the written-pages list beside the output names every page ever
written. Each alone must remove a deleted page, so an output folder whose
pages list is gone (written before the list existed, or the hidden file
deleted) still loses the page.
"""

from __future__ import annotations

import signal

from conftest import edit
from test_interrupted import build, project

from handbook.sphinxext.integrity import pages_list


def test_a_deleted_page_stays_gone_after_a_killed_build_even_without_the_pages_list(tmp_path):
    src = project(tmp_path)
    out = tmp_path / "b"
    assert build(src, out).returncode == 0
    pages_list(out / "html").unlink()  # an output folder from before the written-pages list
    (src / "see.md").unlink()
    edit(src / "index.md", "links\nsee\n", "links\n")
    killed = build(src, out, HANDBOOK_TEST_KILL_AT="links")
    assert killed.returncode == -signal.SIGKILL
    assert (out / "html" / "see.html").is_file()  # killed before it could clean up
    again = build(src, out)
    assert again.returncode == 0, again.stderr
    assert not (out / "html" / "see.html").exists()
    assert "removed see.html (its source is gone)" in again.stdout
