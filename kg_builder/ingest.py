"""Bytes → decoded, cleaned, Simplified text with an offset map back to the original characters."""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import charset_normalizer

from kg_builder.errors import BadInput
from kg_builder.model import Place, SourceText
from kg_builder.nlp.titles import genre_of
from kg_builder.readers import FORMATS, PARAGRAPH_END, UnreadableFile
from kg_builder.readers import read as read_document
from kg_builder.resources import resource
from kg_builder.textnorm import simplified

log = logging.getLogger(__name__)
SUPPORTED_SUFFIXES = {".txt", ".html", ".htm", ".md", *FORMATS}
DATA = resource("kg_builder", "data")


class IngestError(BadInput):
    """An input that cannot become text; the message names the file and says why."""


class UnsupportedFile(IngestError):
    """A file type policykg does not read."""

    status = 415


def check_supported(name: str) -> None:
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFile(
            f"{name}: unsupported file type {Path(name).suffix!r} "
            "(use .txt, .html, .md, .pdf, .docx, .doc, .wps or .ofd)"
        )


class TrackedText:
    """Text plus, for each character, its index in the original; edits keep the map right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets = list(range(len(text)))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> None:
        self.replace(
            (m.start(), m.end(), repl if isinstance(repl, str) else repl(m))
            for m in pattern.finditer(self.text)
            if m.start() != m.end()
        )

    def replace(self, edits: Iterable[tuple[int, int, str]]) -> None:
        """Replace non-overlapping spans, in text order, keeping the offset map right."""
        pieces: list[str] = []
        offsets: list[int] = []
        last = 0
        for start, end, new in edits:
            pieces.append(self.text[last:start])
            offsets.extend(self.offsets[last:start])
            pieces.append(new)
            # Each new character stands for the replaced character at the same position, the
            # surplus for the last one: replacements are never longer than what they replace.
            span = self.offsets[start:end]
            offsets.extend(span[min(k, len(span) - 1)] for k in range(len(new)))
            last = end
        if not pieces:
            return
        pieces.append(self.text[last:])
        offsets.extend(self.offsets[last:])
        self.text = "".join(pieces)
        self.offsets = offsets

    def translate(self, convert: Callable[[str], str]) -> None:
        """A character-for-character conversion (width, OpenCC t2s); lines whose length changes
        are mapped character by character onto their original line."""
        converted = convert(self.text)
        if len(converted) == len(self.text):
            self.text = converted
            return
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for line in self.text.split("\n"):
            new = convert(line)
            line_offsets = self.offsets[pos : pos + len(line)]
            offsets.extend(line_offsets[min(k * len(line) // max(len(new), 1), len(line) - 1)] for k in range(len(new)))
            pos += len(line) + 1
            if pos <= len(self.text):
                offsets.append(self.offsets[pos - 1])
            pieces.append(new)
        self.text = "\n".join(pieces)
        self.offsets = offsets


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes in any common encoding; UTF-8 first because it is both common and strict."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16_without_bom(data, name)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(f"{name}: the encoding could not be detected (not UTF-8, GB18030, Big5 ...)")
    encoding = "gb18030" if best.encoding in {"gb2312", "gbk"} else best.encoding
    text = data.decode(encoding, errors="strict")
    if _control_ratio(text) > 0.05:
        raise IngestError(f"{name}: binary data, not a text file")
    return text, encoding


def _utf16_without_bom(data: bytes, name: str) -> tuple[str, str]:
    """Text with NUL bytes is UTF-16 without its byte-order mark when it decodes as such to
    text (the NULs are the high bytes of ASCII and the like: every second byte); else binary."""
    sample = data[:4096]
    odd_nuls, even_nuls = sample[1::2].count(0), sample[0::2].count(0)
    if (
        len(data) % 2 == 0
        and max(odd_nuls, even_nuls) > 0.1 * len(sample) / 2
        and min(odd_nuls, even_nuls) <= 0.1 * max(odd_nuls, even_nuls)
    ):
        encoding = "utf-16-le" if odd_nuls >= even_nuls else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            if _control_ratio(text) <= 0.05:
                return text, encoding
    raise IngestError(f"{name}: binary data, not a text file")


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(len(sample), 1)


_HTML_HINT = re.compile(r"<(html|body|div|p|br|span|table|head)\b", re.I)
# Every pattern below runs in time linear in the text, whatever the input: no unbounded scan
# starts at more than one position of a run (a 1 MB line of spaces or of unclosed tags is
# cleaned in a fraction of a second; tests/unit/test_ingest.py times it).
_SCRIPT_OPEN = re.compile(r"<(script|style|noscript)\b", re.I)
_SCRIPT_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("script", "style", "noscript")}
_BLOCK_TAG = re.compile(r"<(br|/?p|/?div|/?li|/?tr|/?h[1-6]|/?section|/?article|/?table)\b[^<>]{0,1000}>", re.I)
_TAG = re.compile(r"<[^<>]{0,400}>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]{2,8});", re.I)
_MD_MARKUP = re.compile(
    r"^[ \t]{0,3}(#{1,6}[ \t]+|[-*+][ \t]+|>[ \t]*)|\*\*|__"
    r"|!?\[([^\]\n]{0,300})\]\([^)\n]{0,1000}\)",
    re.M,
)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Pinyin glosses injected after characters by some reposting sites: 戰(zhàn) → 戰.
_PINYIN_GLOSS = re.compile(rf"(?<=[{_CJK}])\((?=[a-z{_TONED}ü]*[{_TONED}])[a-z{_TONED}ü]{{1,7}}\)")
# Mojibake: runs of '?' or U+FFFD, stray closing tags of a broken page.
_GARBAGE_RUN = re.compile(r"[?\ufffd]{2,}|\ufffd|</?[a-z]{1,6}>")
_GARBAGE_LINE = re.compile(r"^[^\n]{0,12}[?\ufffd][^\n]{0,12}$\n?", re.M)
_EDGE_SPACES = re.compile(r"^[ \t\u00a0]++|(?<![ \t\u00a0])[ \t\u00a0]++$", re.M)
_SPACE_RUN = re.compile(r"[ \t\u00a0]{2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
_OUTER_NEWLINES = re.compile(r"\A\n+|\n+\Z")


_SHORT_LINE = 40


_CONTENT_LINE = re.compile(r"《[^》\n]+》|[。！？]\s*$")


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    """One regex matching every line (with its newline) that a pattern of boilerplate.txt marks;
    the group `short` says the pattern holds only for a short line (a widget, not a paragraph)."""
    lines = (DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    always: list[str] = []
    short: list[str] = []
    for p in (line for line in lines if line.strip() and not line.startswith("#")):
        target = short if p.startswith("short:") else always
        p = p.removeprefix("short:")
        target.append(f"(?={p[1:]})" if p.startswith("^") else f"(?=[^\\n]*?{p})")
    return re.compile(f"^(?:(?P<always>{'|'.join(always)})|(?P<short>{'|'.join(short)}))[^\\n]*\\n?", re.M)


def _drop_boilerplate(m: re.Match[str]) -> str:
    line = m.group(0)
    # A widget's name in a short line is a widget unless the line is a sentence or names a
    # document (某厅官方微信公众号发布《…》。).
    if m.group("always") is None and (len(line.strip()) > _SHORT_LINE or _CONTENT_LINE.search(line)):
        return line
    log.debug("removed boilerplate line: %r", line.strip())
    return ""


def _script_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """<script>…</script>, <style>, <noscript> elements; an element left open runs to the end of
    the text. Each closing tag is searched for once from where the last search stopped."""
    pos = 0
    for m in _SCRIPT_OPEN.finditer(text):
        if m.start() < pos:
            continue
        close = _SCRIPT_CLOSE[m.group(1).lower()].search(text, m.end())
        end = close.end() if close else len(text)
        yield m.start(), end, ""
        pos = end
        if close is None:
            return


def _is_garbage(line: str) -> bool:
    """A short line around a '?' with hardly any Chinese text is a mojibake fragment."""
    return len(re.findall(rf"[{_CJK}]", line)) < 6


# Starts of a list item or article, which a wrapped line's continuation never starts with.
_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．]|第[一二三四五六七八九十百\d]+条)"
)
_MIN_WRAPPED = 6  # lines at the wrap width before a text counts as hard-wrapped


def _width(line: str) -> float:
    """A line's width in full-width characters, with its indent (an ASCII letter, digit or space is
    half of one)."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line.rstrip())


def _unwrap(t: TrackedText) -> None:
    """Plain text saved with hard line breaks (a PDF's lines, an e-mail) has most lines at one width,
    none wider. There a line at that width that ends with no mark runs on in the next line, and the
    break goes (省发展和改革委\n员会, 印\n发); a title, or any other text, is left as it is."""
    lines = t.text.split("\n")
    widths = [round(_width(line)) for line in lines if line.strip()]
    if len(widths) < _MIN_WRAPPED:
        return
    counts = Counter(widths)
    wrap = max((w for w in counts if w >= 15), key=lambda w: (sum(counts[v] for v in (w - 1, w)), w), default=0)
    at_wrap = sum(counts[v] for v in (wrap - 1, wrap))
    wider = sum(n for w, n in counts.items() if w > wrap + 1)
    if at_wrap < _MIN_WRAPPED or at_wrap < 0.4 * len(widths) or wider > 0:
        return
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for i, (line, after) in enumerate(zip(lines, lines[1:], strict=False)):
        pos += len(line)
        # a title (a first line that ends with a genre's word) wraps on its own terms (layout.py)
        title = (i == 0 or not lines[i - 1].strip()) and genre_of(line.strip()) is not None
        wrapped = not title and _width(line) >= wrap - 1 and not PARAGRAPH_END.search(line)
        if wrapped and after.strip() and not _ITEM_START.match(after.strip()):
            edits.append((pos, pos + 1, ""))
        pos += 1
    t.replace(edits)


def clean(original: str, *, is_html: bool = False, is_markdown: bool = False) -> TrackedText:
    t = TrackedText(original)
    t.sub(re.compile(r"\r\n?"), "\n")
    if is_html:
        t.replace(_script_spans(t.text))
        t.sub(_BLOCK_TAG, "\n")
        t.sub(_TAG, "")
    if is_html or "&" in t.text:
        t.sub(_ENTITY, lambda m: html.unescape(m.group(0)))
    if is_markdown:
        t.sub(_MD_MARKUP, lambda m: m.group(2) or "")
    t.sub(_PINYIN_GLOSS, "")
    t.translate(simplified)
    t.sub(_GARBAGE_LINE, lambda m: "" if _is_garbage(m.group(0)) else m.group(0))
    t.sub(_GARBAGE_RUN, "")
    t.sub(_boilerplate(), _drop_boilerplate)
    _unwrap(t)  # before edge spaces go: an indent is part of a line's width
    t.sub(_EDGE_SPACES, "")
    t.sub(_SPACE_RUN, " ")
    t.sub(_BLANK_RUN, "\n\n")
    t.sub(_OUTER_NEWLINES, "")
    return t


def ingest_bytes(data: bytes, name: str) -> SourceText:
    suffix = Path(name).suffix.lower()
    if suffix in FORMATS:  # a PDF, Word, WPS or OFD file: its text as read, with where each line is
        try:
            read = read_document(data, name)
        except UnreadableFile as err:
            raise IngestError(str(err)) from err
        t = clean(read.text)
        if not t.text.strip():
            raise IngestError(f"{name}: no text left after removing boilerplate")
        places = [
            Place(
                start=start,
                page=where.page,
                x=where.x,
                y=where.y,
                paragraph=where.paragraph,
                ocr_confidence=where.confidence,
            )
            for start, where in zip(read.starts, read.locations, strict=True)
        ]
        return SourceText(
            path=name,
            encoding=suffix[1:],
            original=read.text,
            text=t.text,
            offsets=t.offsets + [len(read.text)],
            places=places,
        )
    original, encoding = decode(data, name)
    # A byte-order mark is no text: a codec named for its byte order (utf_16_le ...) keeps it as U+FEFF.
    original = original.removeprefix("\ufeff")
    is_html = suffix in {".html", ".htm"} or (suffix != ".md" and bool(_HTML_HINT.search(original[:2000])))
    t = clean(original, is_html=is_html, is_markdown=suffix == ".md")
    if not t.text.strip():
        raise IngestError(f"{name}: no text left after removing markup and boilerplate")
    return SourceText(path=name, encoding=encoding, original=original, text=t.text, offsets=t.offsets + [len(original)])


@dataclass(frozen=True)
class CorpusFile:
    """A file to read and the key its report is known by: its path relative to the directory it
    was found in (a/report.txt and b/report.txt are two reports), or its name when named alone."""

    path: Path
    key: str


def corpus_files(paths: Iterable[Path]) -> list[CorpusFile]:
    """Files named directly, and every file in a named directory (sorted), with their keys. Two inputs
    that would give two files one key (a/000.txt and b/000.txt as `a b`) key those files by the input
    they came from as well (a/000.txt, b/000.txt), or by its whole path when the inputs share a name:
    one report and one output file each, never one in place of the other."""
    found: list[tuple[Path, CorpusFile]] = []
    for path in paths:
        if not path.exists():
            raise IngestError(f"{path}: no such file or directory")
        if path.is_dir():
            found.extend(
                (path, CorpusFile(p, p.relative_to(path).as_posix()))
                for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith(".")
            )
        else:
            found.append((path.parent, CorpusFile(path, path.name)))
    colliding = {k for k, n in Counter(f.key for _, f in found).items() if n > 1}
    for prefix in (lambda given: given.resolve().name, lambda given: given.resolve().as_posix()):
        keyed = [
            (given, CorpusFile(f.path, f"{prefix(given)}/{f.key}") if f.key in colliding else f) for given, f in found
        ]
        if len({f.key for _, f in keyed}) == len({f.path for _, f in keyed}):
            break
    return [f for _, f in keyed]


def shown(name: str) -> str:
    """A file name as it can be printed and stored: bytes that are not UTF-8 (a name written in GBK,
    read through the file system's surrogate escapes) as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def ingest(path: Path, key: str | None = None) -> SourceText:
    """Read one .txt, .html or .md file in any common encoding; `key` names its report."""
    key = key or str(path)
    if shown(key) != key:  # the report's key is stored and printed as text: it must be text
        raise IngestError(f"{shown(str(path))}: its name is not valid UTF-8; rename it (convmv -f gbk -t utf-8)")
    check_supported(str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: cannot be read ({err.strerror or err})") from err
    return ingest_bytes(data, key)
