"""check-print's ``cut-text`` rule sees drawn lines too: ruled note space (or a box's frame) drawn past
the text area into the page's foot, over the page number, as a short section's enlarged page once
made the handouts' "Notes" lines do. A rule the running foot repeats on its pages is not a finding."""

from __future__ import annotations

from test_printcheck import FILLER, compile_pdf

from handbook.checks.layout import check_pdf

RULED = "\\leaders\\vbox to 1.6\\baselineskip{\\vfil\\hrule width\\linewidth height 0.4pt}"


def test_ruled_lines_drawn_into_the_page_number_are_cut_text(tmp_path):
    # Page 2: ruled lines stretched 5 cm past the text area, as an enlarged page stretches \vfill.
    body = ("\\pagestyle{plain}\n" + FILLER + "\n\\newpage\n" + FILLER + "\n\n\\enlargethispage{5cm}\\noindent Notes\\par"
            + RULED + "\\vfill\n\\newpage\n" + FILLER + "\n\\newpage\n" + FILLER)
    found = [f for f in check_pdf(compile_pdf(tmp_path, body, name="handout")) if f.rule == "cut-text"]
    assert [f.page for f in found] == [2]
    assert "drawn line(s) in the foot of the page, where the page number goes" in found[0].text
    assert str(found[0]).startswith("handout.pdf: page 2: cut-text: ")


def test_ruled_lines_that_stop_at_the_text_area_and_a_running_foot_rule_are_fine(tmp_path):
    foot_rule = ("\\makeatletter\\def\\@oddfoot{\\rule[2.2cm]{0pt}{0pt}\\vbox{\\hrule width\\textwidth\\vskip 4pt"
                 "\\hbox to\\textwidth{\\hfil\\thepage\\hfil}}}\\makeatother\n")
    body = (foot_rule + FILLER + "\n\\newpage\n" + FILLER + "\n\n\\noindent Notes\\par" + RULED + "\\vfill\n\\newpage\n"
            + FILLER + "\n\\newpage\n" + FILLER)
    assert [f for f in check_pdf(compile_pdf(tmp_path, body, name="handout")) if f.rule == "cut-text"] == []
