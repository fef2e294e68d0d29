"""The real handbook as a PDF (xelatex through latexmk): what a trainer prints."""

from __future__ import annotations

import pytest
from pypdf import PdfReader


@pytest.fixture(scope="module")
def pdf_pages(handbook_pdf) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(handbook_pdf).pages]


def test_first_page_shows_the_title(pdf_pages):
    assert "The Sales-Practice Handbook" in pdf_pages[0]


def test_contents_list_the_part_and_the_chapter_with_pages(pdf_pages):
    contents = next(i for i, text in enumerate(pdf_pages[:4]) if "Train your clients" in text)
    text = pdf_pages[contents]
    assert "CONTENTS" in text.upper() and "Start right" in text


def test_chapter_is_in_the_body_with_its_title(pdf_pages):
    body = pdf_pages[3:]
    # The chapter's opening page: its title (set in capitals) and first section.
    assert any("TRAIN YOUR CLIENTS" in text.upper() and "The story" in text for text in body)


def test_no_unresolved_references_in_print(pdf_pages):
    assert not [i + 1 for i, text in enumerate(pdf_pages) if "??" in text]


def test_cross_references_carry_page_numbers(pdf_pages):
    joined = "\n".join(pdf_pages)
    assert "Train your clients (page" in joined.replace("\n", " ")


def test_pdf_metadata_names_the_handbook(handbook_pdf):
    info = PdfReader(handbook_pdf).metadata
    assert info.title == "The Sales-Practice Handbook"
