"""``check-links`` and ``csp``: what make check runs on a built site."""

from __future__ import annotations

import shutil

from handbook.__main__ import main


def site(tmp_path, pages: dict[str, str]):
    root = tmp_path / "site"
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>",
                        encoding="utf-8")
    return root


def test_the_real_site_has_no_broken_link_and_passes_the_policy(handbook_html, capsys):
    # The PDF and EPUB beside the site are not built in this test.
    assert main(["check-links", str(handbook_html), "--skip-downloads"]) == 0
    assert "0 broken links" in capsys.readouterr().out
    assert main(["csp", str(handbook_html)]) == 0
    header = capsys.readouterr().out
    assert header.startswith("Content-Security-Policy: default-src 'none'; script-src 'self' 'sha256-")
    assert "http" not in header


def test_broken_links_and_anchors_and_network_resources_are_named(tmp_path, capsys):
    root = site(tmp_path, {
        "index.html": '<a href="a.html#here">ok</a> <a href="a.html#gone">x</a> <a href="missing.html">y</a>'
                      '<script src="https://cdn.example.invalid/lib.js"></script>'
                      '<a href="https://example.invalid/">an external link is fine</a>',
        "a.html": '<h1 id="here">A</h1>',
    })
    assert main(["check-links", str(root)]) == 1
    err = capsys.readouterr().err
    assert "index.html: broken link a.html#gone (no #gone in a.html)" in err
    assert "index.html: broken link missing.html (no file" in err
    assert "index.html: loads https://cdn.example.invalid/lib.js from the network" in err
    assert "a.html#here" not in err


def test_inline_scripts_and_handlers_are_refused_by_the_policy(tmp_path, capsys):
    root = site(tmp_path, {"index.html": '<script>alert(1)</script><img src="x.png" onerror="alert(2)">'})
    assert main(["csp", str(root)]) == 1
    err = capsys.readouterr().err
    assert "inline script 'alert(1)'" in err and "event handler onerror=" in err


def test_no_site_is_one_clear_line(tmp_path, capsys):
    assert main(["check-links", str(tmp_path)]) == 2
    assert f"error: {tmp_path} holds no built site (no index.html); run make html first" in capsys.readouterr().err
    shutil.rmtree(tmp_path)


def test_the_documented_header_is_the_one_the_site_needs(handbook_html):
    from conftest import ROOT
    from handbook.csp import policy

    guide = (ROOT / "handbook" / "README.md").read_text(encoding="utf-8")
    documented = next(line for line in guide.splitlines() if line.startswith("Content-Security-Policy: "))
    header, _ = policy(handbook_html)
    assert documented == f"Content-Security-Policy: {header}", "update the header in the maintainer's guide"
