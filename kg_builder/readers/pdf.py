"""PDF with pypdfium2 (PDFium, the engine of Chromium's PDF viewer; Apache-2.0/BSD-3): each page's text
lines with their boxes, in PDFium's reading order, laid out as text (readers.lay_out).

A page with no text layer is a scan: it is read by OCR when tesseract is installed (readers/ocr.py);
otherwise a file of scans only is refused with that reason, and a scanned page among text pages is
left out.
"""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium

from kg_builder.readers import MAX_PAGES, FileTooLarge, Line, ReadText, TextBuilder, UnreadableFile, lay_out, ocr


def read(data: bytes, name: str) -> ReadText:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise UnreadableFile(f"{name}: not a readable PDF ({err})") from err
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise FileTooLarge(f"{name}: {count:,} pages (at most {MAX_PAGES:,} are read)")
        pages = [_lines(document[i]) for i in range(count)]
        scanned = [i for i, lines in enumerate(pages) if not lines]
        missing = ocr.available() if scanned else None
        if scanned and missing is None:
            for i in scanned:
                lines, confidences = ocr.page_lines(document[i])
                pages[i] = [replace(ln, confidence=c) for ln, c in zip(lines, confidences, strict=True)]
    finally:
        document.close()
    if not any(pages):
        raise UnreadableFile(f"{name}: no text layer on any of its {count} pages (a scan: {missing})")
    builder = TextBuilder()
    lay_out(pages, builder)
    return builder.build(pages=count)


def _lines(page: pdfium.PdfPage) -> list[Line]:
    """The page's text lines with their boxes, top-down coordinates in points."""
    height = page.get_height()
    text_page = page.get_textpage()
    try:
        text = text_page.get_text_range()
        lines: list[Line] = []
        index = 0
        for raw in text.splitlines(keepends=True):
            body = raw.rstrip("\r\n")
            if body.strip():
                boxes = [text_page.get_charbox(index + k) for k in range(len(body)) if not body[k].isspace()]
                if boxes:
                    left = min(b[0] for b in boxes)
                    right = max(b[2] for b in boxes)
                    top = height - max(b[3] for b in boxes)
                    bottom = height - min(b[1] for b in boxes)
                    lines.append(Line(body, left, top, right, bottom))
            index += len(raw)
        return lines
    finally:
        text_page.close()
