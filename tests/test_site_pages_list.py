"""make site publishes a built edition from its written-pages list (sphinxext/integrity.py): a page
left in the output folder by a build that failed, whose source was then deleted, is never served."""

from __future__ import annotations

import json

from handbook.publish import site
from handbook.sphinxext.integrity import pages_list


def _edition(tmp_path, listed):
    html = tmp_path / "b" / "html"
    for name in ("index.html", "chapter.html", "gone.html", "genindex.html", "search.html", "part/page.html",
                 "part/old.html", "_static/a.html", "_sources/gone.md.txt", "_sources/chapter.md.txt", "objects.inv", ".buildinfo"):
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(name, encoding="utf-8")
    if listed is not None:
        pages_list(html).write_text(json.dumps({"docs": listed}), encoding="utf-8")
    return html


def _published(target):
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def test_a_page_whose_document_the_last_build_did_not_list_is_not_published(tmp_path, capsys):
    html = _edition(tmp_path, ["index", "chapter", "part/page"])
    site._copy_site(html, tmp_path / "site")
    assert _published(tmp_path / "site") == [
        "_sources/chapter.md.txt", "_static/a.html", "chapter.html", "genindex.html", "index.html", "objects.inv",
        "part/page.html", "search.html"]
    err = capsys.readouterr().err
    assert "gone.html belongs to no document of the last build; not published" in err
    assert "part/old.html belongs to no document" in err


def test_an_edition_built_without_a_list_is_published_whole_but_for_build_state(tmp_path):
    html = _edition(tmp_path, None)
    assert site.listed_documents(html) is None
    site._copy_site(html, tmp_path / "site")
    assert "gone.html" in _published(tmp_path / "site") and ".buildinfo" not in _published(tmp_path / "site")
