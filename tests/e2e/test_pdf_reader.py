"""A PDF printed by Chromium from an invented official document (GB/T 9704's layout: centred title,
indented paragraphs that wrap, the signature and date on the right, page numbers in the footer, two
pages) gives what its text gives, with the page of each fact; a PDF with no text layer is refused."""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import Browser
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.readers import UnreadableFile, read
from tests.integration.test_readers import LINES, TEXT, _facts

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 28pt; }}
p {{ margin: 0; text-indent: 2em; }} .number, .to {{ text-indent: 0; }} .number {{ text-align: center; }}
h1 {{ font-size: 22pt; line-height: 32pt; text-align: center; font-weight: normal; margin: 1em 0; }}
.sign {{ text-align: right; text-indent: 0; }} .next {{ break-before: page; }}
</style></head><body>
<p class="number">{number}</p><h1>{title}</h1><p class="to">{to}</p><p>{body}</p>
<p class="next">{force}</p><p class="sign">{signer}</p><p class="sign">{date}</p><p class="to">{cc}</p>
</body></html>"""
FOOTER = '<div style="width:100%;text-align:center;font-size:12pt">— <span class="pageNumber"></span> —</div>'


def pdf_of(browser: Browser, lines: list[str]) -> bytes:
    number, title, to, body, force, signer, date, cc = map(html.escape, lines)
    page = browser.new_page()
    page.set_content(PAGE.format(**locals()))
    pdf = page.pdf(format="A4", display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)
    page.close()
    return pdf


def test_a_printed_pdf_gives_what_its_text_gives_with_the_page_of_each_fact(browser: Browser, nlp: Language) -> None:
    pdf = pdf_of(browser, LINES)
    read_text = read(pdf, "notice.pdf")
    assert read_text.pages == 2
    assert "— 1 —" not in read_text.text and "— 2 —" not in read_text.text
    assert LINES[1] + "\n" in read_text.text and LINES[3] + "\n" in read_text.text  # wrapped lines joined
    text = extract_bytes(TEXT.encode(), "notice.txt", nlp)
    printed = extract_bytes(pdf, "notice.pdf", nlp)
    assert _facts(printed) == _facts(text)
    by_rule = {r.evidence.rule: r for r in printed.relations}
    assert by_rule["official.implements"].evidence.page == 1
    assert by_rule["official.signature"].evidence.page == 2 and by_rule["official.repeals"].evidence.page == 2


def test_a_scanned_pdf_is_refused_with_its_reason(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content('<div style="width:300px;height:200px;background:#888"></div>')  # a picture, no text
    pdf = page.pdf(format="A4")
    page.close()
    with pytest.raises(UnreadableFile, match=r"scan\.pdf: no text layer on any of its 1 pages"):
        read(pdf, "scan.pdf")
