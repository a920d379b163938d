"""Readers of the formats policy documents come in besides text: PDF, Word (.docx, and .doc of Word
97–2003), Kingsoft WPS (.wps) and OFD (GB/T 33190).

Each reader gives one interface: the text with its layout (a line a line, a blank line between
paragraphs and between pages) and, for each line, where it is in the file (page and position, or
paragraph). Ingestion treats that text as the file's original: evidence offsets point into it, and
the locations say where in the file it came from. A file whose bytes are not what its extension says
is refused with a clear error before any reader parses it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg_builder.errors import BadInput, TooLarge


class UnreadableFile(BadInput):
    """A document file that cannot be read: not what its extension says, damaged, or image only."""


class FileTooLarge(TooLarge):
    """A document file beyond the bounds a reader keeps: pages, or the unpacked size of a zip."""


@dataclass(frozen=True)
class Location:
    """Where a line of read text is in its file: a page (from 1) and the line's top-left corner in the
    page's units (PDF points from the top, OFD millimetres), or a paragraph (from 1) of a Word file."""

    page: int | None = None
    x: float | None = None
    y: float | None = None
    paragraph: int | None = None
    confidence: float | None = None  # a line read by OCR: its mean confidence, 0 to 1


@dataclass(frozen=True)
class ReadText:
    text: str
    starts: list[int] = field(default_factory=list)  # offset of each located line in `text`, ascending
    locations: list[Location] = field(default_factory=list)
    pages: int | None = None


class TextBuilder:
    """Read text assembled line by line, each line with its location; a paragraph's lines are joined
    (a line break would end a sentence), paragraphs end with a line break."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.starts: list[int] = []
        self.locations: list[Location] = []

    def line(self, text: str, where: Location) -> None:
        self.starts.append(self.size)
        self.locations.append(where)
        self._add(text)

    def end_paragraph(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._add("\n")

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def build(self, pages: int | None = None) -> ReadText:
        self.end_paragraph()
        return ReadText("".join(self.parts), self.starts, self.locations, pages)


@dataclass(frozen=True)
class Line:
    """A line of a laid-out page (PDF, OFD): its text and its box, top-down coordinates."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    confidence: float | None = None  # read by OCR


# A page's number printed in its header or footer: — 1 —, - 2 -, 3, 第4页, 第4页 共9页.
_PAGE_NUMBER = re.compile(r"^[\s—\-－–_·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*共\s*\d{1,4}\s*页)?[\s—\-－–_·]*$")
# A line that ends a sentence or clause: a wrapped line never ends so (here and in ingest.py).
PARAGRAPH_END = re.compile(r"[。！？；：!?;:」』”）)】]\s*$")


def lay_out(pages: list[list[Line]], builder: TextBuilder) -> None:
    """Pages of lines as text: page numbers and the running headers or footers repeated on most pages
    are left out, and a paragraph's lines are joined. A line ends its paragraph when it ends with a
    sentence's or clause's mark, stops well short of the text's right edge, stands away from the left
    edge (a centred or right-aligned line: a title, the signature, the date), or the next line starts
    indented (GB/T 9704 indents a paragraph's first line by two characters); lines in a larger type
    than the body's, one after another (a title on two lines), are one paragraph."""
    repeated = _running_lines(pages)
    kept = [
        [ln for ln in lines if not _PAGE_NUMBER.match(ln.text) and ln.text.strip() not in repeated] for lines in pages
    ]
    body = [ln for lines in kept for ln in lines]
    if not body:
        return
    left = _mode(round(ln.left) for ln in body)
    size = _mode(round(ln.bottom - ln.top, 1) for ln in body) or 1.0
    right = max(ln.right for ln in body if not _heading(ln, size))  # a wide title sets no edge of the text
    flat = [(number, ln) for number, lines in enumerate(kept, start=1) for ln in lines]
    for i, (number, ln) in enumerate(flat):
        where = Location(page=number, x=round(ln.left, 1), y=round(ln.top, 1), confidence=ln.confidence)
        builder.line(ln.text.strip(), where)
        after = flat[i + 1][1] if i + 1 < len(flat) else None
        if after is None:
            break
        ended = bool(PARAGRAPH_END.search(ln.text))
        if not ended and _heading(ln, size) and _heading(after, size):
            continue  # a title on two lines
        if ended or ln.right < right - 2 * size or ln.left > left + 2.5 * size or after.left > left + 1.5 * size:
            builder.end_paragraph()


def _heading(line: Line, size: float) -> bool:
    """A line in a larger type than the body's."""
    return line.bottom - line.top > 1.2 * size


def _running_lines(pages: list[list[Line]]) -> set[str]:
    """Lines printed on most pages (a header or a footer), for files of three pages or more."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        for text in {ln.text.strip() for ln in lines[:2] + lines[-2:]}:
            seen[text] = seen.get(text, 0) + 1
    return {text for text, n in seen.items() if n >= 0.6 * len(pages) and text}


def _mode(values: Iterable[float]) -> float:
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda v: (counts[v], -v)) if counts else 0.0


# Bounds on what a file may unpack to: a zip (.docx, .ofd) whose members would unpack past them is a
# zip bomb, refused before anything is inflated; PDFs past MAX_PAGES are refused unread.
MAX_UNPACKED = 200_000_000
MAX_RATIO = 200
MAX_PAGES = 2_000


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise UnreadableFile(f"{name}: not a readable zip archive ({err})") from err
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        raise FileTooLarge(
            f"{name}: would unpack to {unpacked:,} bytes from {len(data):,} (at most {MAX_UNPACKED:,}, "
            f"{MAX_RATIO} times its size): refused as a zip bomb"
        )
    return archive


def member(archive: zipfile.ZipFile, path: str, name: str) -> bytes:
    """One member of a zip, read no further than its declared size (a member that lies about it is refused)."""
    try:
        info = archive.getinfo(path)
    except KeyError as err:
        raise UnreadableFile(f"{name}: {path} is missing from the archive") from err
    with archive.open(info) as handle:
        body = handle.read(info.file_size + 1)
    if len(body) > info.file_size:
        raise FileTooLarge(f"{name}: {path} unpacks past the size its archive declares")
    return body


# What a file's first bytes are, by format: a .docx and an .ofd are zip archives, a .doc and a .wps OLE
# compound files, a .pdf says so.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC = {".pdf": (b"%PDF-",), ".docx": (b"PK\x03\x04",), ".ofd": (b"PK\x03\x04",), ".doc": (_OLE,), ".wps": (_OLE,)}


def _readers() -> dict[str, Callable[[bytes, str], ReadText]]:
    from kg_builder.readers import docx, ofd, pdf, word97  # each imports its library when a file needs it

    return {".pdf": pdf.read, ".docx": docx.read, ".ofd": ofd.read, ".doc": word97.read, ".wps": word97.read}


FORMATS = tuple(MAGIC)


def read(data: bytes, name: str) -> ReadText:
    """The text of a PDF, Word, WPS or OFD file with where each line is; UnreadableFile names the file and
    says why it cannot be read."""
    suffix = Path(name).suffix.lower()
    if not data.startswith(MAGIC[suffix]):
        raise UnreadableFile(f"{name}: its content is not a {suffix[1:].upper()} file (it starts {data[:8]!r})")
    return _readers()[suffix](data, name)
