"""Word (.docx) with python-docx (MIT): the body's paragraphs and tables in document order, a line a
paragraph (a table's cells a line each), each located by its paragraph number."""

from __future__ import annotations

import io
import zipfile

from kg_builder.readers import Location, ReadText, TextBuilder, UnreadableFile, open_zip


def read(data: bytes, name: str) -> ReadText:
    open_zip(data, name).close()  # the zip's bounds, before python-docx inflates anything
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as err:
        raise UnreadableFile(f"{name}: not a readable Word document ({err})") from err
    builder = TextBuilder()
    number = 0
    for block in document.iter_inner_content():
        paragraphs = (
            [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
            if isinstance(block, Table)
            else [block]
        )
        for paragraph in paragraphs:
            number += 1
            text = paragraph.text.strip()
            if text:
                builder.line(text, Location(paragraph=number))
                builder.end_paragraph()
    if not builder.starts:
        raise UnreadableFile(f"{name}: no text in the document")
    return builder.build()
