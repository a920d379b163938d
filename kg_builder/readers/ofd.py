"""OFD (GB/T 33190-2016, the national format of electronic official documents), read from its zip
package with the standard library: OFD.xml names the document, Document.xml its pages and their size,
each page's Content.xml its text objects with their positions (millimetres from the top-left). No
maintained Python package for OFD was found in the registry that reads text with positions; the
format is plain XML in a zip, read here in about a hundred lines, within the zip bounds of readers.

Text codes on one baseline are one line, in the order of their x; lines top to bottom; then laid out
as a PDF's are (readers.lay_out).
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET

from kg_builder.readers import (
    MAX_PAGES,
    FileTooLarge,
    Line,
    ReadText,
    TextBuilder,
    UnreadableFile,
    lay_out,
    member,
    open_zip,
)

_NS = "{http://www.ofdspec.org/2016}"


def _xml(archive: object, path: str, name: str) -> ET.Element:
    try:
        return ET.fromstring(member(archive, path, name))  # type: ignore[arg-type]
    except ET.ParseError as err:
        raise UnreadableFile(f"{name}: {path} is not well-formed XML ({err})") from err


def _find(element: ET.Element, tag: str) -> ET.Element | None:
    """A descendant by local name, with or without the OFD namespace (producers differ)."""
    found = element.find(f".//{_NS}{tag}")  # an Element with no children is falsy: no `or` here
    return found if found is not None else element.find(f".//{tag}")


def _all(element: ET.Element, tag: str) -> list[ET.Element]:
    return element.findall(f".//{_NS}{tag}") + element.findall(f".//{tag}")


def read(data: bytes, name: str) -> ReadText:
    archive = open_zip(data, name)
    root = _xml(archive, "OFD.xml", name)
    doc_root = _find(root, "DocRoot")
    document_path = (doc_root.text or "").strip().lstrip("/") if doc_root is not None else ""
    if not document_path:
        raise UnreadableFile(f"{name}: OFD.xml names no document (DocRoot)")
    document = _xml(archive, document_path, name)
    base = posixpath.dirname(document_path)
    page_refs = _all(document, "Page")
    if len(page_refs) > MAX_PAGES:
        raise FileTooLarge(f"{name}: {len(page_refs):,} pages (at most {MAX_PAGES:,} are read)")
    pages = []
    for ref in page_refs:
        location = (ref.get("BaseLoc") or "").strip()
        path = location.lstrip("/") if location.startswith("/") else posixpath.normpath(posixpath.join(base, location))
        pages.append(_lines(_xml(archive, path, name)))
    if not any(pages):
        raise UnreadableFile(f"{name}: no text on any of its {len(pages)} pages (a scan: OCR is needed)")
    builder = TextBuilder()
    lay_out(pages, builder)
    return builder.build(pages=len(pages))


def _lines(page: ET.Element) -> list[Line]:
    """The page's text codes grouped by baseline into lines, top to bottom."""
    codes: list[tuple[float, float, float, str]] = []  # baseline y, x, size, text
    for obj in _all(page, "TextObject"):
        bx, by, *_ = (float(v) for v in (obj.get("Boundary") or "0 0 0 0").split())
        size = float(obj.get("Size") or 3.5)
        for code in obj.findall(f"{_NS}TextCode") + obj.findall("TextCode"):
            if code.text and code.text.strip():
                x = bx + float(code.get("X") or 0)
                y = by + float(code.get("Y") or 0)
                codes.append((y, x, size, code.text))
    codes.sort()
    lines: list[list[tuple[float, float, float, str]]] = []
    for item in codes:
        if lines and abs(lines[-1][0][0] - item[0]) <= item[2] / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    found = []
    for items in lines:
        items.sort(key=lambda c: c[1])
        size = max(c[2] for c in items)
        text = "".join(c[3] for c in items)
        right = max(c[1] + len(c[3]) * c[2] for c in items)
        found.append(Line(text, items[0][1], items[0][0] - size, right, items[0][0]))
    return found
