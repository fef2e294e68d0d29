"""What an editor reads when a file is no post (or nearly looks like none): found
by mutmut (``make mutation``) on ``importer/sanity.py``, whose refusals the suite
checked by their first words only, and whose limits it never tried from both
sides. Each case imports one invented file as ``python -m handbook import`` does
and reads the one-line refusal, or the post it imported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importing import repo, run  # noqa: F401  (repo is a fixture)

BODY = "Call the buyer back on the day you promised, even with no news."
NOT_A_POST = "not a post: export the posts themselves (HTML, Markdown, a feed or a WordPress export)"
SAVE_IT = "save the post itself as an HTML page, Markdown or plain text, or pass the feed or export it came from"
TEXT = "read as plain text, the post is no post"

# file name: (content, the whole refusal after "error: <file> was refused: ")
REFUSED = {
    # what a file is, when no reader fits it
    "ghost-db.txt": ('{"db": [{"meta": {}, "data": {"posts": []}}]}', "this is a Ghost JSON export"),
    "ghost-data.txt": ('{"data": {"posts": []}}', "this is a Ghost JSON export"),
    "tumblr-api.txt": ('{"meta": {"status": 200}, "response": {"blog": {"name": "x"}, "posts": []}}',
                       "this is a Tumblr backup or API answer in JSON, which the importer does not read: export the "
                       "blog's RSS feed (https://NAME.tumblr.com/rss) and import that"),
    "empty-db.txt": ('{"db": []}', f"this is a JSON file (db), {NOT_A_POST}"),
    "bom.txt": ('\ufeff{"posts": [{"title": "A"}], "site": "x"}', f"this is a JSON file (posts, site), {NOT_A_POST}"),
    "blog-key.txt": ('{"blog": "x", "title": "y"}', f"this is a JSON file (blog, title), {NOT_A_POST}"),
    "list.txt": ("[1, 2, 3]", f"this is a JSON file (a list of 3 items), {NOT_A_POST}"),
    "wide.txt": ('{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7}',
                 f"this is a JSON file (a, b, c, d, e, f), {NOT_A_POST}"),
    "spaced.txt": ('\n \t\r\n{"posts": [{"title": "A"}], "site": "x"}', f"this is a JSON file (posts, site), {NOT_A_POST}"),
    "notes.csv": (f"Call Back\n\n{BODY}\n", f"this is a CSV table (columns: Call Back), {NOT_A_POST}"),
    "posts.csv": ("post_id,is_published\n1,true\n",
                  "this is a Substack export's posts.csv: import the whole unzipped export folder (posts.csv with its "
                  "posts/ folder), which reads the published posts"),
    "six.csv": ("a,b,c,d,e,f\n1,2,3,4,5,6\n", f"this is a CSV table (columns: a, b, c, d, e, f), {NOT_A_POST}"),
    "seven.csv": ("a,b,c,d,e,f,g\n1,2,3,4,5,6,7\n", f"this is a CSV table (columns: a, b, c, d, e, f...), {NOT_A_POST}"),
    "ids.txt": ("X-Id,title,url\n1,Call Back,https://x.invalid/a\n",
                f"this is a CSV table (columns: X-Id, title, url), {NOT_A_POST}"),
    "pipes.txt": (f"Calls|Notes|Reviews\n\n{BODY}\n", f"this is a CSV table (columns: Calls|Notes|Reviews), {NOT_A_POST}"),
    "quoted.txt": (f'"Call back, today","Buyer","Notes"\n\n{BODY}\n',
                   f"this is a CSV table (columns: Call back, today, Buyer, Notes), {NOT_A_POST}"),
    "fragment.txt": ("<H2>Call back</H2><P>On the day you said.</P>",
                     "this is an HTML fragment with no page around it (no <html>, <title> or <article>): save the "
                     "post's whole page from the browser, or import the export it came from"),
    # a post whose title or body is the file's raw form (titles are cut to 40 characters)
    "one-row.txt": ("Name,Email,Phone,Address,City,Region,Postcode,Country\n",
                    f"{TEXT}: its title 'Name,Email,Phone,Address,City,Region,Pos' is a row of comma-separated "
                    f"values; {SAVE_IT}"),
    "angle-title.txt": (f"<Draft> Call the buyer back on the day you promised\n\n{BODY}\n",
                        f"{TEXT}: its title '<Draft> Call the buyer back on the day y' is markup; {SAVE_IT}"),
    "tag-title.txt": (f"Call <b></b><i></i>\n\n{BODY}\n", f"{TEXT}: its title 'Call <b></b><i></i>' is markup; {SAVE_IT}"),
    "json-title.txt": (f'{{"title": "Call Back When You Said", "author": "x"\n\n{BODY}\n',
                       f"""{TEXT}: its title '{{"title": "Call Back When You Said", "au' is JSON; {SAVE_IT}"""),
    "brace-title.txt": (f"{{\n\n{BODY}\n", f"{TEXT}: its title '{{' is JSON; {SAVE_IT}"),
    "bracket-title.txt": (f"[\n\n{BODY}\n", f"{TEXT}: its title '[' is JSON; {SAVE_IT}"),
    "fence-title.txt": (f"```python-code-block-that-is-long-enough-to-cut\n\n{BODY}\n",
                        f"{TEXT}: its title '```python-code-block-that-is-long-enough' is a front-matter or code "
                        f"fence; {SAVE_IT}"),
    "title-only.txt": ("Call Back When You Said\n", f"{TEXT}: its body holds no text; there is nothing to import"),
    "code-only.txt": ("Call Back Plan\n\nCall back `the_buyer_on_the_day`\n",
                      f"{TEXT}: its body holds only 2 word(s); there is nothing to import"),
    "three-tags.txt": ("Call Back Plan\n\n<br> <br> <br> call back\n",
                       f"{TEXT}: its body is raw markup (3 tags such as '<br>' among 5 words); {SAVE_IT}"),
    "long-tag.txt": ('Call Back Plan\n\n<div class="a-long-class-name-for-this"> <br> <br> call back\n',
                     f"""{TEXT}: its body is raw markup (3 tags such as '<div class="a-long-class-name-' among 11 """
                     f"words); {SAVE_IT}"),
}


def refusal(repo: Path, capsys, name: str, content: str) -> str:
    path = repo / name
    path.write_text(content, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path} was refused: ") and len(err.strip().splitlines()) == 1, err
    assert not (repo / "drafts").exists()
    return err.strip().removeprefix(f"error: {path} was refused: ")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_file_that_is_no_post_is_refused_saying_what_it_is_and_what_to_do(repo, capsys, name):
    content, message = REFUSED[name]
    assert refusal(repo, capsys, name, content) == message


def test_a_csv_file_with_a_field_too_long_to_read_is_refused_in_one_line(repo, capsys):
    assert refusal(repo, capsys, "big.csv", "a" * 140_000 + "\n") == (
        f"{TEXT}: its body holds no text; there is nothing to import")


# file name: content of a post that looks a little like something else and is imported
IMPORTED = {
    "brace.txt": f"{{Draft}} Call Back When You Said\n\n{BODY}\n",  # a brace, but no JSON
    "million.txt": "Pricing Calls\n\nWe closed 1,000,000 in deals this year by calling back on the day we promised.\n",
    "quarters.txt": "Q1,Q2,Q3 Plans, Reviewed\n\nEach quarter we call back every buyer on the day we promised.\n",
    "commas.txt": f"Price, Value, and Trust\n\n{BODY}\n",  # commas with spaces: a title, not a row
    "half-markup.txt": f"Call b <b></b>\n\n{BODY}\n",  # tags exactly half the title: not more than half
    "chinese.txt": "回电话\n\n在你答应的那天给买家回电话，即使没有消息也要打。\n",  # a word a character
    "two-tags.txt": "Call Back Plan\n\n<br> <br> call back today now\n",  # fewer than three tags
    "ten-words-a-tag.txt": "Call Back Plan\n\n<br> <br> <br> " + " ".join(["call"] * 27) + "\n",  # 3 tags, 30 words
}


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_a_post_that_only_looks_a_little_like_something_else_is_imported(repo, capsys, name):
    path = repo / name
    path.write_text(IMPORTED[name], encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0, capsys.readouterr().err
    [post] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert post["title"] == IMPORTED[name].split("\n", 1)[0]
    assert post["body_words"] > 0


def test_a_feed_whose_only_entry_has_no_text_is_not_called_unreadable(repo, capsys):
    message = refusal(repo, capsys, "feed.xml", "<rss version='2.0'><channel><title>Notes</title><item><title>Call "
                                                "Back</title></item></channel></rss>")
    assert message.startswith("read as a feed, the post is no post: its body holds no text")
    assert "this is a feed" not in message and "could not be read" not in message
