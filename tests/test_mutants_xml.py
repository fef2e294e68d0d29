"""What an editor sees when the importer reads XML (``handbook/importer/xml.py``, the screen both XML
readers share): found by mutmut (``make mutation``). Each test reads the import report (``--json``) or
the refusal on standard error. The feeds and exports are invented here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importing import repo, run  # noqa: F401  (repo is a fixture)

WXR_OPEN = ('<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk Log</title>')
ITEM = ("<item><title>{title}</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        "<content:encoded><![CDATA[Call the buyer back on the day you promised.\n\nDo it even when you have "
        "no news to give yet.]]></content:encoded></item>")
NETSCAPE = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            '"http://my.netscape.com/publish/formats/rss-0.91.dtd">')
RSS_ITEM = ("<item><title>{title}</title><link>https://example.org/plan</link><description>Read last week's calls "
            "before you plan this week's, every Monday morning, and write down the three calls you will make "
            "first.</description></item>")


def wxr(title: str) -> str:
    return WXR_OPEN + ITEM.format(title=title) + "</channel></rss>"


# file name: (its bytes, the title the import shows)
READ = {
    # declared in another encoding: read in it, and the parser is told the text is already decoded
    "latin.xml": (b'<?xml version="1.0" encoding="ISO-8859-1"?>' + wxr("Caf\xe9 Calls").encode("latin-1"),
                  "Café Calls"),
    # a bare & and HTML entities (one of them two letters) are read as the characters they stand for
    "slips.xml": (('<?xml version="1.0"?>' + wxr("Q&A: Five &fjlig;ords, &eacute;t&eacute; &amp; more"))
                  .encode(), "Q&A: Five fjords, été & more"),
    # a blank line before the declaration (a WordPress plugin's slip) is no reason to refuse an export
    "blank-line.xml": (('\n\n<?xml version="1.0" encoding="UTF-8"?>' + wxr("Plan the Week")).encode(), "Plan the Week"),
    # RSS 0.91's external document type after two byte-order marks: removed, never loaded
    "two-marks.xml": (b"\xef\xbb\xbf\xef\xbb\xbf" + ('<?xml version="1.0"?>' + NETSCAPE + '<rss version="0.91">'
                      "<channel><title>Desk</title>" + RSS_ITEM.format(title="Old Feed") + "</channel></rss>")
                      .encode(), "Old Feed"),
}


@pytest.mark.parametrize("name", sorted(READ))
def test_an_xml_file_with_a_harmless_slip_is_read_as_written(repo, tmp_path, capsys, name):
    data, title = READ[name]
    path = tmp_path / name
    path.write_bytes(data)
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["title"] == title, captured.err


TRUNCATED = "it ends before the document is closed, so the feed or export may be truncated: download or export it again"
ENTITY = "XML knows only &amp; &lt; &gt; &quot; &apos;: replace it with the character itself and import again"
# file name: (its text, the refusal after "error: <path> ")
REFUSED = {
    "dtd.xml": ("<?xml version='1.0'?><!DOCTYPE rss [<!ELEMENT rss ANY>]><rss version='2.0'><channel>"
                + RSS_ITEM.format(title="T") + "</channel></rss>",
                "was refused: it declares XML entities or a DTD (DTDForbidden), which can be used for an XML bomb or "
                "to read other files; export it again without the DTD"),
    # cut: after a line break, right after a tag, inside a comment that holds a tag
    "cut-line.xml": ("<rss version='2.0'><channel><title>Cut\n",
                     f"is not well-formed XML (line 2, column 0): no element found; {TRUNCATED}"),
    "cut-tag.xml": ("<rss version='2.0'>\n<channel>\n<item>", f"is not well-formed XML (line 3, column 6): no element "
                                                              f"found; {TRUNCATED}"),
    "cut-comment.xml": ("<rss version='2.0'>\n<channel>\n<title>x</title><!-- cut <b>",
                        f"is not well-formed XML (line 3, column 16): unclosed token; {TRUNCATED}"),
    # whole, with a mistake on its last line (and a line break after it): not said to be cut
    "mismatched.xml": ("<rss version='2.0'><channel><title>A</titl></channel></rss>\n",
                       "is not well-formed XML (line 1, column 38): mismatched tag; fix that line or export the feed "
                       "or export again"),
    # an undefined entity is named: on a later line, in an attribute's value (expat points at the tag)
    "entity-line.xml": ("<rss version='2.0'>\n<channel><title>First</title>\n<title>A &madeup; B</title></channel></rss>",
                        f"uses the undefined entity &madeup; (line 3, column 9); {ENTITY}"),
    "entity-first-line.xml": ("<rss version='2.0'><channel><title>A &madeup; B</title>\n</channel></rss>\n",
                              f"uses the undefined entity &madeup; (line 1, column 37); {ENTITY}"),
    "entity-attribute.xml": ("<rss version='2.0'><channel><title a='1 &amp; 2 &madeup;'>T</title></channel></rss>",
                             f"uses the undefined entity &madeup; (line 1, column 28); {ENTITY}"),
    # a blank line before the declaration is dropped, and a mistake is still named where the file has it
    "blank-entity.xml": ("\n\n<?xml version='1.0'?><rss version='2.0'><channel><title>A &madeup; B</title></channel></rss>",
                         f"uses the undefined entity &madeup; (line 3, column 58); {ENTITY}"),
    "svg.xml": ("<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><title>x</title></svg>",
                "is XML but not a feed or an export (its root is <svg>); import an RSS or Atom feed, a WordPress export "
                "or a Blogger export"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_xml_file_that_cannot_be_read_is_refused_saying_what_and_where(repo, tmp_path, capsys, name):
    text, says = REFUSED[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--dry-run") == 1
    assert capsys.readouterr().err.splitlines() == [f"error: {path} {says}"]
    assert not (Path(repo) / "drafts").exists()
