"""The local extension in tiny projects (sphinx.testing)."""

from __future__ import annotations

import pytest

import handbook


@pytest.mark.sphinx("html", testroot="assets", freshenv=True)
def test_css_is_linked_and_copied_for_html(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="_static/handbook.css' in html
    assert (app.outdir / "_static" / "handbook.css").is_file()


@pytest.mark.sphinx("latex", testroot="assets", freshenv=True)
def test_css_never_reaches_latex(app):
    app.build()
    assert not list(app.outdir.rglob("handbook.css"))


@pytest.mark.sphinx("html", testroot="assets", freshenv=True)
def test_extension_declares_version_and_parallel_safety(app):
    meta = app.extensions["handbook.sphinxext"]
    assert meta.version == handbook.__version__
    assert meta.parallel_read_safe and meta.parallel_write_safe
