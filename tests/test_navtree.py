"""The fast navigation tree writes exactly what stock furo writes, on every
page: sample shapes (nested parts, numbered and hidden toctrees, external
links, a page outside the toctree) and the real handbook in both editions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import handbook_build, output
from handbook.sphinxext import navtree

ROOTS = Path(__file__).parent / "roots"


def pages(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*.html"))}


def test_navtree_is_checked_against_this_furo():
    import furo

    assert furo.__version__ == navtree.CHECKED_AGAINST_FURO


def test_sample_shapes_match_stock_furo_byte_for_byte(make_app, tmp_path):
    built = {}
    for fast in (True, False):
        src = tmp_path / f"fast-{fast}"
        shutil.copytree(ROOTS / "test-navtree", src)
        app = make_app("html", srcdir=src, freshenv=True, confoverrides={"handbook_fast_navigation": fast})
        app.build()
        assert app.warning.getvalue() == ""
        built[fast] = pages(app.outdir)
        app.cleanup()  # unregister its nodes before the second app starts
    assert built[True].keys() == built[False].keys()
    assert len(built[True]) >= 9
    assert [name for name in built[True] if built[True][name] != built[False][name]] == []
    deep = built[True]["part1/sub/deep-2.html"].decode()
    assert 'class="toctree-l3 current current-page"' in deep and 'href="#">1.2.2. Deep two</a>' in deep
    orphan = built[True]["orphan.html"].decode()
    assert "current-page" not in orphan and 'href="part1/sub/deep-1.html"' in orphan


#: Both editions with stock furo navigation, built in the background (conftest.Background).
BACKGROUND_BUILDS = {f"stock_furo_{edition}": handbook_build(
    "html", "--sphinxopts=-D handbook_fast_navigation=0", edition=edition) for edition in ("participant", "trainer")}


@pytest.fixture(scope="module")
def stock_furo(stock_furo_participant, stock_furo_trainer) -> dict[str, Path]:
    return {"participant": stock_furo_participant, "trainer": stock_furo_trainer}


@pytest.fixture(scope="module")
def stock_furo_participant(background) -> Path:
    return output(background.get("stock_furo_participant"), "html")


@pytest.fixture(scope="module")
def stock_furo_trainer(background) -> Path:
    return output(background.get("stock_furo_trainer"), "html", "trainer")


@pytest.mark.parametrize("edition", ["participant", "trainer"])
def test_the_handbook_matches_stock_furo_byte_for_byte(handbook_html, handbook_trainer_html, stock_furo, edition):
    # The fast side is the session's shared build (fast navigation is the default).
    built = {"1": pages(handbook_html if edition == "participant" else handbook_trainer_html),
             "0": pages(stock_furo[edition])}
    assert built["1"].keys() == built["0"].keys()
    assert [name for name in built["1"] if built["1"][name] != built["0"][name]] == []
