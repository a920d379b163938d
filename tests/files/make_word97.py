"""Writes the Word 97–2003 file the reader tests read: the invented notice of test_readers.py (with a
hyperlink field in its table, whose code Word hides), made with python-docx and saved as .doc by
LibreOffice (Debian's libreoffice-writer-nogui), the only writer of the format here. Kept in the
repository so the tests need no office suite; run again after the text changes:

    .venv/bin/python tests/files/make_word97.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from tests.integration.test_readers import LINES  # noqa: E402


def _field(paragraph, code: str, result: str) -> None:  # type: ignore[no-untyped-def]
    """A complex field: begin, its code, separator, what it shows, end."""
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, result), ("end", None)):
        run = paragraph.add_run()
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text == code:
            instruction = OxmlElement("w:instrText")
            instruction.text = code
            run._r.append(instruction)
        else:
            run.text = text


def notice(path: Path) -> None:
    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    _field(table.rows[0].cells[0].paragraphs[0], ' HYPERLINK "https://example.org/attachment" ', "附件")
    table.rows[0].cells[1].text = "河南省校园数据管理办法"
    document.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        notice(Path(tmp) / "notice.docx")
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "doc", "--outdir", str(HERE), str(Path(tmp) / "notice.docx")],
            check=True,
            capture_output=True,
        )
        print(HERE / "notice.doc")


if __name__ == "__main__":
    main()
