"""Saved pages that are not marked up as a post: the article is the one readability-lxml finds, the title
the one the page declares for sharing; a page marked up as a post (h-entry) is read as its author marked it;
a page that holds no post is refused. Invented pages, shaped like the saved real pages of the corpus
(a news site's header, teasers and footer around the story)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from importing import run

STORY = [
    "When a buyer goes quiet after a proposal, the silence rarely means no. Most of the time the proposal "
    "is sitting in an inbox behind a budget review, a holiday, or a colleague who has not read it yet.",
    "Write your follow-up so that it is easy to answer in one line. Ask one question, name one date, and "
    "offer one next step the buyer can accept without a meeting.",
    "If the second message also meets silence, change the channel rather than the tone. A short call at the "
    "time the buyer named in the first meeting often finds them at their desk.",
    "Keep a note of every date you promised and every date the buyer promised, so that each message can "
    "point to something already agreed instead of inventing a reason to write.",
]


def page(title: str, metas: str = "", story: list[str] = STORY) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{metas}</head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav></header>"
            "<article class='teaser'><a href='/other'>Five phone habits of the best closers</a></article>"
            "<article class='teaser'><a href='/more'>Why pipeline reviews run long</a></article>"
            f"<div id='story' class='story-body'><h1>Following Up Without Nagging</h1>{paragraphs}</div>"
            "<footer><p>Copyright The Sales Desk. All rights reserved.</p>"
            "<ul><li><a href='/privacy'>Privacy</a></li><li><a href='/terms'>Terms</a></li></ul></footer>"
            "</body></html>")


def words(paragraphs: list[str]) -> int:
    return sum(len(re.findall(r"\w+", p)) for p in paragraphs)


def imported(repo: Path, capsys, path: Path) -> dict:
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0, capsys.readouterr().err
    posts = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert len(posts) == 1
    return posts[0]


def body_of(repo: Path, path: Path) -> str:
    assert run(repo, str(path)) == 0
    (text,) = (repo / "drafts").glob("*.post.txt")
    return text.read_text(encoding="utf-8")


def test_the_story_not_the_first_teaser_and_the_sharing_title(repo, tmp_path, capsys):
    path = tmp_path / "story.html"
    path.write_text(page("Following Up Without Nagging | The Sales Desk",
                         "<meta property='og:title' content='How to Follow Up Without Nagging'>"), encoding="utf-8")
    post = imported(repo, capsys, path)
    # <article> first would have given a teaser's one line; the story is the block of text.
    assert post["title"] == "How to Follow Up Without Nagging"
    assert post["body_words"] == words(STORY)
    text = body_of(repo, path)
    assert "When a buyer goes quiet after a proposal" in text and "point to something already agreed" in text
    assert "Five phone habits" not in text and "Privacy" not in text and "Copyright" not in text


def test_without_sharing_tags_the_page_title_loses_the_site_name(repo, tmp_path, capsys):
    path = tmp_path / "story.html"
    path.write_text(page("Following Up Without Nagging | The Sales Desk"), encoding="utf-8")
    assert imported(repo, capsys, path)["title"] == "Following Up Without Nagging"


def test_dublin_core_comes_before_open_graph_and_names_match_without_case(repo, tmp_path, capsys):
    path = tmp_path / "story.html"
    path.write_text(page("Page", "<meta property='og:title' content='Open Graph title'>"
                                 "<meta name='DC.title' content='The Follow-Up Letter'>"), encoding="utf-8")
    assert imported(repo, capsys, path)["title"] == "The Follow-Up Letter"


def test_a_post_marked_up_as_an_h_entry_is_read_as_marked(repo, tmp_path, capsys):
    path = tmp_path / "entry.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY[:2])
    path.write_text("<html><head><title>Blog</title><meta property='og:title' content='Sharing title'></head><body>"
                    "<article class='h-entry'><h1 class='p-name'>Quiet Buyers</h1>"
                    "<a class='p-author h-card' href='/me'>Ines Park</a>"
                    f"<div class='e-content'>{paragraphs}</div></article></body></html>", encoding="utf-8")
    post = imported(repo, capsys, path)
    assert (post["title"], post["author"]) == ("Quiet Buyers", "Ines Park")
    assert post["body_words"] == words(STORY[:2])


def test_a_profile_card_and_a_page_without_a_title_are_refused(repo, tmp_path, capsys):
    profile = tmp_path / "profile.html"
    profile.write_text("<html><head><title>Ines Park</title></head><body><section class='h-card'>"
                       "<h3 class='p-name'>Ines Park</h3><h4>Account info</h4><ul>"
                       "<li><b>Profile:</b> <a class='u-url' href='https://example.com/@ines'>@ines</a></li>"
                       "<li><b>Display name:</b> Ines Park</li><li><b>Created at:</b> 2014-01-20 5:19 pm</li>"
                       "</ul></section></body></html>", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(profile)) == 1
    assert capsys.readouterr().err == (f"error: {profile} is a profile page (an h-card: a person's name and "
                                       f"accounts), not a post; import the posts themselves\n")
    untitled = tmp_path / "untitled.html"
    untitled.write_text("<html><head></head><body>Ensure that empty attributes are copied properly."
                        "<input name='test' disabled style=''></body></html>", encoding="utf-8")
    assert run(repo, str(untitled)) == 1
    assert capsys.readouterr().err == (f"error: {untitled} has no title anywhere (no <title>, <h1> or og:title), "
                                       f"so it is no saved post page; save the post's own page from the browser "
                                       f"and import again\n")
    assert not (repo / "drafts").exists()


def test_a_schema_org_post_is_titled_by_its_own_name_not_its_author_s(repo, tmp_path, capsys):
    path = tmp_path / "posting.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    path.write_text("<html><head><title>Code | Ines Park</title></head><body><h1>Hi, I'm Ines.</h1>"
                    "<article itemscope itemtype='http://schema.org/BlogPosting'>"
                    "<span itemprop='author' itemscope itemtype='http://schema.org/Person'>"
                    "<span itemprop='name'>Ines Park</span></span>"
                    "<header><h2><a itemprop='name' href='/quiet'>When the Buyer Goes Quiet</a></h2></header>"
                    f"<section>{paragraphs}</section></article></body></html>", encoding="utf-8")
    post = imported(repo, capsys, path)
    assert (post["title"], post["author"]) == ("When the Buyer Goes Quiet", "Ines Park")


def test_of_two_headings_in_the_title_the_first_is_taken_under_any_hash_seed(repo, tmp_path):
    import os
    import subprocess
    import sys

    path = tmp_path / "two.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    path.write_text("<html><head><title>Quiet buyers and calls | Calls and quiet buyers</title></head><body>"
                    f"<div><h2>Quiet buyers and calls</h2><h2>Calls and quiet buyers</h2>{paragraphs}</div>"
                    "</body></html>", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    titles = set()
    for seed in ("0", "1", "2", "3", "4", "5"):
        done = subprocess.run([sys.executable, "-m", "handbook", "import", str(path), "--json", "--dry-run", "--bib",
                               str(repo / "references.bib"), "--drafts", str(repo / "drafts"), "--today", "2026-01-15"],
                              capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        titles.add(json.loads(done.stdout)["title"])
    assert titles == {"Quiet buyers and calls"}
