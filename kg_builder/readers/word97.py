"""Word 97–2003 (.doc) and Kingsoft WPS (.wps) with olefile (BSD): the main document's text from its
piece table, a line a paragraph, each located by its paragraph number.

Kingsoft's .wps is the Word binary format with extensions of its own, so one reader serves both. The
text is where [MS-DOC] puts it: the File Information Block at the start of the WordDocument stream gives
the main document's length (ccpText) and where the piece table (Clx) is in the table stream; each piece
is a run of characters stored as UTF-16 or, compressed, as cp1252. Field codes (between the field's
begin and separator marks) are left out and their results kept, as Word shows them.
"""

from __future__ import annotations

import io
import struct

from kg_builder.readers import Location, ReadText, TextBuilder, UnreadableFile

_CCP_TEXT = 0x4C  # FibRgLw97.ccpText: characters in the main document
_FC_CLX = 0x1A2  # FibRgFcLcb97.fcClx, lcbClx: the piece table in the table stream
_WHICH_TABLE = 0x0200  # FibBase flag: the table stream is 1Table (else 0Table)
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
# A paragraph's end (\r), a table cell's or row's (\x07), a page or section break (\x0c); a line break
# inside a paragraph (\x0b) joins as a paragraph's lines do; other marks stand for objects, not text.
_ENDS = {"\r": "\n", "\x07": "\n", "\x0c": "\n", "\x0b": ""}
_OBJECTS = dict.fromkeys(map(chr, (0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x1F)), "") | {"\x1e": "-", "\xa0": " "}


def read(data: bytes, name: str) -> ReadText:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as err:
        raise UnreadableFile(f"{name}: not a readable Word or WPS document ({err})") from err
    with ole:
        if not ole.exists("WordDocument"):
            raise UnreadableFile(f"{name}: no WordDocument stream (not a Word 97–2003 or Kingsoft WPS document)")
        word = ole.openstream("WordDocument").read()
        if len(word) < _FC_CLX + 8:
            raise UnreadableFile(f"{name}: its File Information Block is cut short")
        (flags,) = struct.unpack_from("<H", word, 0x0A)
        table_name = "1Table" if flags & _WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise UnreadableFile(f"{name}: the table stream {table_name} is missing")
        table = ole.openstream(table_name).read()
    (length,) = struct.unpack_from("<i", word, _CCP_TEXT)
    clx_at, clx_size = struct.unpack_from("<II", word, _FC_CLX)
    text = _text(word, table[clx_at : clx_at + clx_size], length, name)
    builder = TextBuilder()
    for number, paragraph in enumerate(_paragraphs(text), start=1):
        if paragraph.strip():
            builder.line(paragraph.strip(), Location(paragraph=number))
            builder.end_paragraph()
    if not builder.starts:
        raise UnreadableFile(f"{name}: no text in the document")
    return builder.build()


def _text(word: bytes, clx: bytes, length: int, name: str) -> str:
    """The first `length` characters of the document, read piece by piece."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
        (size,) = struct.unpack_from("<H", clx, at + 1)
        at += 3 + size
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise UnreadableFile(f"{name}: no piece table in the document")
    (size,) = struct.unpack_from("<I", clx, at + 1)
    table = clx[at + 5 : at + 5 + size]
    pieces = (len(table) - 4) // 12
    if pieces < 1:
        raise UnreadableFile(f"{name}: an empty piece table")
    cps = struct.unpack_from(f"<{pieces + 1}i", table, 0)
    parts: list[str] = []
    for i in range(pieces):
        start, end = cps[i], min(cps[i + 1], length)
        if start >= end:
            break
        (fc,) = struct.unpack_from("<I", table, 4 * (pieces + 1) + 8 * i + 2)
        compressed, offset = fc & 0x40000000, fc & 0x3FFFFFFF
        if compressed:
            raw = word[offset // 2 : offset // 2 + (end - start)]
            parts.append(raw.decode("cp1252", errors="replace"))
        else:
            raw = word[offset : offset + 2 * (end - start)]
            parts.append(raw.decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _paragraphs(text: str) -> list[str]:
    """The document's paragraphs, field codes left out and marks of objects dropped."""
    out: list[str] = []
    depth, hidden = 0, [False]  # nested fields: whether each level is in its code part
    for ch in text:
        if ch == _FIELD_BEGIN:
            depth += 1
            hidden.append(True)
        elif ch == _FIELD_SEPARATOR and depth:
            hidden[-1] = False
        elif ch == _FIELD_END and depth:
            depth -= 1
            hidden.pop()
        elif any(hidden):
            continue
        else:
            out.append(_ENDS.get(ch, _OBJECTS.get(ch, ch)))
    return "".join(out).split("\n")
