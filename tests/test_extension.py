"""The local extension in tiny projects (sphinx.testing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import handbook
from handbook.sphinxext.assets import CSS, STATIC


@pytest.mark.sphinx("html", testroot="assets", freshenv=True)
def test_css_is_linked_and_copied_for_html(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="_static/handbook.css' in html
    assert (app.outdir / "_static" / "handbook.css").is_file()


@pytest.mark.parametrize(("builder", "html"), [("html", True), ("dirhtml", True), ("epub", True),
                                               ("latex", False), ("text", False), ("man", False)])
def test_css_is_added_for_html_builders_only(make_app, tmp_path, rootdir, builder, html):
    # The LaTeX builder never copies html_static_path, so looking for the file
    # in its output would pass whatever the extension did: ask the application.
    shutil.copytree(rootdir / "test-assets", tmp_path / "src")
    app = make_app(builder, srcdir=tmp_path / "src", freshenv=True)
    try:
        registered = [name for name, _attributes in app.registry.css_files]
        static = [Path(folder) for folder in app.config.html_static_path]
        assert (CSS in registered) is html, registered
        assert (STATIC in static) is html, static
    finally:
        app.cleanup()


@pytest.mark.sphinx("html", testroot="assets", freshenv=True)
def test_extension_declares_version_and_parallel_safety(app):
    meta = app.extensions["handbook.sphinxext"]
    assert meta.version == handbook.__version__
    assert meta.parallel_read_safe and meta.parallel_write_safe
