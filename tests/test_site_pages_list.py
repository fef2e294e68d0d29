"""make site publishes a built edition from its written-pages list (sphinxext/integrity.py): a page
left in the output folder by a build that failed, whose source was then deleted, is never served."""

from __future__ import annotations

import json

from handbook.publish import site
from handbook.sphinxext.integrity import pages_list


def _edition(tmp_path, listed, generated=("genindex", "search")):
    html = tmp_path / "b" / "html"
    for name in ("index.html", "chapter.html", "gone.html", "genindex.html", "search.html", "part/page.html",
                 "part/old.html", "_static/a.html", "_sources/gone.md.txt", "_sources/chapter.md.txt", "objects.inv", ".buildinfo"):
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(name, encoding="utf-8")
    if listed is not None:
        pages_list(html).write_text(json.dumps({"docs": listed, "generated": list(generated)}), encoding="utf-8")
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


def test_a_page_no_document_wrote_is_published_only_if_the_last_build_wrote_it(tmp_path, capsys):
    html = _edition(tmp_path, ["index", "chapter", "part/page"], generated=["genindex"])
    site._copy_site(html, tmp_path / "site")
    assert "genindex.html" in _published(tmp_path / "site")
    assert "search.html" not in _published(tmp_path / "site")
    assert "search.html belongs to no document of the last build" in capsys.readouterr().err


def test_a_real_build_lists_the_pages_sphinx_and_extensions_write_beside_the_documents(tmp_path):
    """Built for real, with an extension that collects a page of its own: every page the build wrote is
    listed, so make site publishes exactly what the build wrote."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'handbook.sphinxext']\n"
        "def setup(app):\n"
        "    app.connect('html-collect-pages', lambda app: [('extra-page', {'title': 'Extra', 'body': 'x'},"
        " 'page.html')])\n", encoding="utf-8")
    (src / "index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    out = tmp_path / "b" / "html"
    with docutils_namespace():  # Sphinx's directives registered for this build only, as sphinx-build does
        app = Sphinx(str(src), str(src), str(out), str(tmp_path / "b" / "doctrees"), "html", status=None,
                     warning=None, freshenv=True)
        app.build()
    assert site.listed_documents(out) >= {"index", "genindex", "search", "extra-page"}
    site._copy_site(out, tmp_path / "site")
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert written == {p for p in _published(tmp_path / "site") if p.endswith(".html")}
