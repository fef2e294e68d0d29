"""What a reader of the published site sees after a build was killed, when one of
the two records of deleted pages is missing.

Found by mutation (issue 27, ``killed-build-forgets-deletion`` in
``tests/mutation.py``): the marker a killed build leaves names the pages it was
to remove, and the written-pages list beside the output names every page ever
written. Each alone must remove a deleted page, so an output folder whose
pages list is gone (written before the list existed, or the hidden file
deleted) still loses the page.

The last test runs the same sequences with every build in this process (a build
"killed" by an exception Sphinx does not catch), so mutmut's per-test coverage
sees which code it reaches and ``integrity.py`` needs no run of every test per
mutant; the child-process kills stay in ``test_interrupted.py`` and above.
"""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

from conftest import edit
from test_interrupted import build, project, tree

from handbook.__main__ import main
from handbook.publish.site import listed_documents
from handbook.sphinxext.integrity import MARKER, pages_list


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


# -- in-process: the same sequences, each build in this process (mutmut sees which code each test reaches) --------

#: Added to the order project's conf.py: the build stops dead while writing the page named in
#: HANDBOOK_TEST_STOP_AT. A BaseException that is no KeyboardInterrupt passes through Sphinx and the
#: handbook's build alone, as SIGKILL would: no build-finished, no cleanup, the saved environment kept.
STOP_HOOK = """

class StoppedDead(BaseException):
    pass


def _stop(app, pagename, *args):
    if os.environ.get("HANDBOOK_TEST_STOP_AT") == pagename:
        raise StoppedDead(pagename)


_kill_setup = setup


def setup(app):
    _kill_setup(app)
    app.connect("html-page-context", _stop)
"""


def _build_here(src: Path, builddir: Path, capsys, stop_at: str | None = None) -> tuple[int | str, str]:
    """``python -m handbook build html --edition trainer`` in this process (the trainer edition copies each
    page's source into _sources/): (status, or "stopped"; what it printed)."""
    capsys.readouterr()
    os.environ.pop("HANDBOOK_TEST_STOP_AT", None)
    if stop_at:
        os.environ["HANDBOOK_TEST_STOP_AT"] = stop_at
    try:
        status: int | str = main(["build", "html", "--srcdir", str(src), "--confdir", str(src),
                                  "--builddir", str(builddir), "--edition", "trainer"])
    except BaseException as stopped:  # noqa: B036 - the hook's StoppedDead, standing in for SIGKILL
        if type(stopped).__name__ != "StoppedDead":
            raise
        status = "stopped"
    finally:
        os.environ.pop("HANDBOOK_TEST_STOP_AT", None)
    out = capsys.readouterr()
    return status, out.out + out.err


def test_builds_stopped_dead_or_failed_are_followed_by_exactly_the_right_pages(tmp_path, capsys):
    """A build stopped dead while writing (after a chapter was renamed and a page deleted, and with the
    written-pages list gone, as in an output folder from before the list) is followed by a build whose
    pages match a clean build's, without the deleted page or its copied source; a page a failed build
    wrote, then deleted, leaves with the next good build; make site's list of pages is right after each."""
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    src = project(tmp_path)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(STOP_HOOK)
    out = tmp_path / "b"
    html = out / "trainer" / "html"
    assert _build_here(src, out, capsys)[0] == 0
    assert (html / "see.html").is_file() and (html / "_sources" / "see.md.txt").is_file()
    assert listed_documents(html) >= {"index", "links", "see", "part/one", "genindex", "search"}

    edit(src / "part" / "one.md", "# First chapter", "# Opening chapter")
    (src / "see.md").unlink()
    edit(src / "index.md", "links\nsee\n", "links\n")
    pages_list(html).unlink()
    status, said = _build_here(src, out, capsys, stop_at="links")
    assert status == "stopped", said
    assert (html / "see.html").is_file()  # stopped before it could clean up
    stale = [p.name for p in html.rglob("*.html") if "First chapter" in p.read_text(encoding="utf-8")]
    assert stale, "stopped too late to test anything"

    status, said = _build_here(src, out, capsys)
    assert status == 0, said
    assert re.search(r"(^|: )handbook: the last build did not finish; reading and writing every page again$", said,
                     re.M), said
    assert "removed see.html (its source is gone)" in said and "removed _sources/see.md.txt" in said
    assert not (html / "see.html").exists() and not (html / "_sources" / "see.md.txt").exists()
    assert _build_here(src, tmp_path / "clean", capsys)[0] == 0
    clean = tmp_path / "clean" / "trainer" / "html"
    incremental, fresh = tree(html), tree(clean)
    assert incremental.keys() == fresh.keys()
    assert [name for name in incremental if incremental[name] != fresh[name]] == []
    assert listed_documents(html) == listed_documents(clean)
    assert "see" not in listed_documents(html) and {"genindex", "search"} <= listed_documents(html)

    # A build stopped before it could finish keeps on the list every page the last finished build wrote,
    # generated ones (index, search) too, and the page it added; deleted, that page leaves with the next build.
    (src / "extra.md").write_text("# Extra\n\nEXTRA-TEXT\n", encoding="utf-8")
    edit(src / "index.md", "links\n", "links\nextra\n")
    status, said = _build_here(src, out, capsys, stop_at="links")
    assert status == "stopped", said
    assert listed_documents(html) == listed_documents(clean) | {"extra"}
    (src / "extra.md").unlink()
    edit(src / "index.md", "links\nextra\n", "links\n")
    pages_list_kept = pages_list(html).read_text(encoding="utf-8")
    next(out.rglob(MARKER)).unlink()  # the list alone must remember the page
    status, said = _build_here(src, out, capsys)
    assert status == 0 and "removed extra.html (its source is gone)" in said, (pages_list_kept, said)
    assert not (html / "extra.html").exists() and listed_documents(html) == listed_documents(clean)

    # A list written by an older handbook (no "generated") or emptied by hand is no list: nothing breaks.
    pages_list(html).write_text("{}", encoding="utf-8")
    # Nothing changed: a build that finds no marker reads nothing again and removes nothing.
    status, said = _build_here(src, out, capsys)
    assert status == 0 and "did not finish" not in said and "its source is gone" not in said, said

    # A page added by a build that failed (its saved state thrown away, marker included), then deleted.
    (src / "draft.md").write_text("# Draft\n\nSee {ref}`no-such-label`.\n", encoding="utf-8")
    edit(src / "index.md", "links\n", "links\ndraft\n")
    status, said = _build_here(src, out, capsys)
    assert status != 0 and "no-such-label" in said
    assert (html / "draft.html").is_file()
    (src / "draft.md").unlink()
    edit(src / "index.md", "links\ndraft\n", "links\n")
    status, said = _build_here(src, out, capsys)
    assert status == 0, said
    assert "removed draft.html (its source is gone)" in said
    assert not (html / "draft.html").exists() and "draft" not in (html / "searchindex.js").read_text(encoding="utf-8")
    assert listed_documents(html) == listed_documents(clean)

    # The same for the dirhtml builder, whose pages are folders: a deleted page's folder page goes.
    from sphinx.cmd.build import build_main

    folders = tmp_path / "dirhtml"
    assert build_main(["-q", "-b", "dirhtml", str(src), str(folders)]) == 0
    assert (folders / "see" / "index.html").is_file() is False and (folders / "links" / "index.html").is_file()
    (src / "links.md").unlink()
    edit(src / "index.md", "links\n", "")
    assert build_main(["-q", "-b", "dirhtml", str(src), str(folders)]) == 0
    assert not (folders / "links" / "index.html").exists() and (folders / "session" / "index.html").is_file()
