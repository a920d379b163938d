"""Word and OFD files made here from an invented official document give what its text gives: the same
entities, facts and official-document block, with evidence that says where in the file it is. Files
whose content is not what their extension says, zip bombs and damaged files are refused by name."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from kg_builder.extract import extract_bytes
from kg_builder.ingest import IngestError, UnsupportedFile, check_supported
from kg_builder.model import Extraction
from kg_builder.readers import FileTooLarge, UnreadableFile, read

# An invented notice laid out as GB/T 9704 has it: 文号, title, 主送, body, signature, 成文日期, 抄送.
LINES = [
    "豫教科〔2024〕3号",
    "河南省教育厅关于印发《河南省校园数据管理办法》的通知",
    "各市教育局，郑州航空工业管理学院：",
    "为贯彻落实《教育信息化2.0行动计划》，根据《中华人民共和国数据安全法》，我厅制定了《河南省校园数据管理办法》，"
    "现印发给你们，请结合实际认真贯彻执行。",
    "本办法自2024年2月1日起施行，有效期5年。《河南省校园数据管理暂行办法》同时废止。",
    "河南省教育厅",
    "2024年1月10日",
    "抄送：教育部科学技术与信息化司。",
]
TEXT = "\n".join(LINES) + "\n"


def _facts(ex: Extraction) -> tuple[Any, ...]:
    entities = sorted((e.label, e.name) for e in ex.entities)
    relations = sorted((r.type, r.head or "", r.tail) for r in ex.relations)
    return (
        entities,
        relations,
        ex.source_document,
        [(v.document, v.in_force_from, v.in_force_until) for v in ex.validity],
    )


def docx_file(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)  # a table after the text: its cells are read too
    table.rows[0].cells[0].text = "附件"
    table.rows[0].cells[1].text = "河南省校园数据管理办法"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ofd_file(pages: list[list[str]], chars_a_line: int = 28) -> bytes:
    """An OFD package: each line a text object at its place on an A4 page (millimetres), long lines wrapped
    as a page wraps them, the first line of a body paragraph indented two characters; the title centred."""
    size = 5.6
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0">'
            "<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        z.writestr(
            "Doc_0/Document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
            "<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            f"</ofd:CommonData><ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        for number, lines in enumerate(pages):
            objects, y, ident = [], 37.0, 1
            for line in lines:
                centred = "关于" in line and "通知" in line
                indent = 2 if len(line) > chars_a_line // 2 and not centred else 0
                text, first = line, True
                while text:
                    room = chars_a_line - (indent if first else 0)
                    piece, text = text[:room], text[room:]
                    x = (105 - len(piece) * size / 2) if centred else 26 + (indent * size if first else 0)
                    box = f"{x:.1f} {y:.1f} {len(piece) * size:.1f} {size * 1.5:.1f}"
                    code = f'<ofd:TextCode X="0" Y="{size:.1f}">{piece}</ofd:TextCode>'
                    objects.append(
                        f'<ofd:TextObject ID="{ident}" Boundary="{box}" Font="1" Size="{size}">{code}</ofd:TextObject>'
                    )
                    ident, y, first = ident + 1, y + size * 1.8, False
            objects.append(  # the page number in the footer: — 1 —
                f'<ofd:TextObject ID="{ident}" Boundary="95 280 20 8" Font="1" Size="4.5">'
                f'<ofd:TextCode X="0" Y="4.5">— {number + 1} —</ofd:TextCode></ofd:TextObject>'
            )
            z.writestr(
                f"Doc_0/Pages/Page_{number}/Content.xml",
                '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">'
                f'<ofd:Content><ofd:Layer ID="0">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return out.getvalue()


def test_a_word_file_gives_what_its_text_gives(nlp: Language) -> None:
    text = extract_bytes(TEXT.encode(), "notice.txt", nlp)
    word = extract_bytes(docx_file(LINES), "notice.docx", nlp)
    assert _facts(word) == _facts(text)
    issued = next(r for r in word.relations if r.type == "ISSUED" and r.head == "河南省教育厅")
    assert issued.evidence.paragraph == LINES.index("河南省教育厅") + 1 and issued.evidence.page is None


WORD97 = Path(__file__).resolve().parent.parent / "files" / "notice.doc"  # LINES saved by LibreOffice


@pytest.mark.parametrize("name", ["notice.doc", "notice.wps"])
def test_a_word_97_or_wps_file_gives_what_its_text_gives(nlp: Language, name: str) -> None:
    """Kingsoft's .wps is the Word binary format, read by the same reader as .doc."""
    text = extract_bytes(TEXT.encode(), "notice.txt", nlp)
    word = extract_bytes(WORD97.read_bytes(), name, nlp)
    assert _facts(word) == _facts(text)
    issued = next(r for r in word.relations if r.type == "ISSUED" and r.head == "河南省教育厅")
    assert issued.evidence.paragraph == LINES.index("河南省教育厅") + 1
    read_text = read(WORD97.read_bytes(), name).text
    assert read_text.endswith("附件\n河南省校园数据管理办法\n")  # the table's cells; the hyperlink's code hidden
    assert "HYPERLINK" not in read_text


def test_word_97_pieces_stored_either_way_are_read_in_order() -> None:
    """A piece table with a cp1252 piece (fCompressed) between UTF-16 ones, and a field's code hidden."""
    from kg_builder.readers.word97 import _paragraphs, _text

    word = bytearray(0x800)
    first, middle, last = (
        "数据安全".encode("utf-16-le"),
        b"IPv6 \x13 PAGE \x14" + b"3\x15\r",
        "管理\r".encode("utf-16-le"),
    )
    word[0x400 : 0x400 + len(first)] = first
    word[0x500 : 0x500 + len(middle)] = middle
    word[0x600 : 0x600 + len(last)] = last
    cps = (0, 4, 4 + len(middle), 4 + len(middle) + 3)
    fcs = (0x400, 0x40000000 | (0x500 * 2), 0x600)
    table = struct.pack("<4i", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    clx = b"\x01\x02\x00ab" + b"\x02" + struct.pack("<I", len(table)) + table  # a Prc first, then the Pcdt
    assert _paragraphs(_text(bytes(word), clx, cps[-1], "x.doc")) == ["数据安全IPv6 3", "管理", ""]
    with pytest.raises(UnreadableFile, match=r"x\.doc: no piece table"):
        _text(bytes(word), b"\x01\x00\x00", 3, "x.doc")


def test_an_ofd_file_gives_what_its_text_gives_with_the_page_of_each_fact(nlp: Language) -> None:
    text = extract_bytes(TEXT.encode(), "notice.txt", nlp)
    ofd = extract_bytes(ofd_file([LINES[:4], LINES[4:]]), "notice.ofd", nlp)
    assert _facts(ofd) == _facts(text)
    by_rule = {r.evidence.rule: r for r in ofd.relations}
    assert by_rule["official.implements"].evidence.page == 1  # 为贯彻落实《…》 on the first page
    assert by_rule["official.repeals"].evidence.page == 2
    assert by_rule["official.signature"].evidence.page == 2  # the signature's page
    signed_at = by_rule["official.signature"].evidence.position  # its line's left and top edge, in mm
    assert signed_at is not None and signed_at[0] == 26.0 and 37.0 < signed_at[1] < 280.0
    read_text = read(ofd_file([LINES[:4], LINES[4:]]), "notice.ofd").text
    assert "— 1 —" not in read_text and "— 2 —" not in read_text  # page numbers are no text of the document
    assert LINES[3] + "\n" in read_text  # a paragraph wrapped over three lines is one line again


def test_files_that_are_not_what_they_say_are_refused_by_name() -> None:
    with pytest.raises(UnreadableFile, match=r"fake\.pdf: its content is not a PDF file"):
        read(TEXT.encode(), "fake.pdf")
    with pytest.raises(UnreadableFile, match=r"fake\.docx: its content is not a DOCX file"):
        read(b"%PDF-1.7 not a word file", "fake.docx")
    with pytest.raises(UnreadableFile, match=r"fake\.doc: its content is not a DOC file"):
        read(docx_file(LINES), "fake.doc")
    with pytest.raises(UnreadableFile, match=r"works\.wps: no WordDocument stream"):
        read(_ole_without_word(), "works.wps")  # an OLE file that is not Word's (an old MS Works .wps)
    with pytest.raises(UnreadableFile, match=r"broken\.ofd"):
        read(b"PK\x03\x04" + b"\x00" * 100, "broken.ofd")
    with pytest.raises(UnsupportedFile, match=r"scan\.tiff: unsupported file type"):
        check_supported("scan.tiff")
    assert issubclass(UnreadableFile, IngestError.__mro__[1])  # a bad input, answered 422 / exit 2


def _ole_without_word() -> bytes:
    """An OLE compound file with one stream that is not WordDocument: the notice's OLE container with
    the stream's name in its directory changed."""
    data = bytearray(WORD97.read_bytes())
    name = "WordDocument".encode("utf-16-le")
    at = data.find(name)
    data[at : at + len(name)] = "WordDocumenX".encode("utf-16-le")
    return bytes(data)


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", b"<a/>")
        z.writestr("Doc_0/big.xml", b"\x00" * 50_000_000)  # 50 MB of zeros in about 50 KB
    with pytest.raises(FileTooLarge, match=r"bomb\.ofd: would unpack to 50,000,004 bytes"):
        read(out.getvalue(), "bomb.ofd")
    docx_bytes = out.getvalue()
    with pytest.raises(FileTooLarge, match="zip bomb"):
        read(docx_bytes, "bomb.docx")


@pytest.mark.parametrize("store", ["embedded", "neo4j"], indirect=True)
def test_the_graph_keeps_the_page_of_each_fact(store: Any, nlp: Language) -> None:
    from kg_builder.graph import source_graph
    from kg_builder.iri import EntityRef, parse_entity
    from kg_builder.service import QueryService

    store.load([source_graph(extract_bytes(ofd_file([LINES[:4], LINES[4:]]), "notice.ofd", nlp))])
    service = QueryService(store)
    (hit,) = [h for h in service.search("河南省校园数据管理办法") if h.label == "Document"][:1]
    ref = parse_entity(hit.id)
    assert isinstance(ref, EntityRef)
    pages = {(f.relation, f.direction, f.rule): f.page for f in service.entity(ref).facts}
    assert pages[("IMPLEMENTS", "out", "official.implements")] == 1
    assert pages[("REPEALS", "out", "official.repeals")] == 2
    assert pages[("ISSUED", "in", "official.signature")] == 2
    signed = next(f for f in service.entity(ref).facts if f.rule == "official.signature")
    assert signed.page_x == 26.0 and signed.page_y is not None and 37.0 < signed.page_y < 280.0  # its line, in mm


def scanned_pdf(lines: list[str]) -> bytes:
    """An image-only PDF of the notice as GB/T 9704 lays it out, at 200 dpi in Noto Sans CJK, as a scanner
    would give it (no text layer): the number and the title centred, the title larger, paragraphs indented
    and wrapped at the page's width, the signature and the date on the right."""
    from PIL import Image, ImageDraw, ImageFont

    dpi = 200
    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    body = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 44, index=2)  # SC
    title = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 62, index=2)
    left, right, y = 220, page.width - 220, 280
    number, heading, to, *paragraphs, signer, date, cc = lines
    cut = len(heading) // 2 + 4  # the title on two centred lines, as it wraps at 22 pt
    for text, font in ((number, body), (heading[:cut], title), (heading[cut:], title)):
        draw.text(((page.width - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=0)
        y += 100
    draw.text((left, y), to, font=body, fill=0)
    y += 80
    for text in paragraphs:
        first = True
        while text:  # wrap at the page's width, the first line indented by two characters
            start = left + (88 if first else 0)
            n = len(text)
            while draw.textlength(text[:n], font=body) > right - start:
                n -= 1
            draw.text((start, y), text[:n], font=body, fill=0)
            text, y, first = text[n:], y + 80, False
    for text in (signer, date):
        draw.text((right - 100 - draw.textlength(text, font=body), y), text, font=body, fill=0)
        y += 80
    draw.text((left, y + 80), cc, font=body, fill=0)
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=dpi)
    return out.getvalue()


def test_a_scanned_pdf_is_read_by_ocr_and_its_facts_say_so(nlp: Language) -> None:
    from kg_builder.readers import ocr

    assert ocr.available() is None, f"the tests install OCR (make test): {ocr.available()}"
    text = extract_bytes(TEXT.encode(), "notice.txt", nlp)
    scan = extract_bytes(scanned_pdf(LINES), "scan.pdf", nlp)
    assert scan.source_document is not None and text.source_document is not None
    for field in ("title", "doc_number", "issuers", "date", "in_force_from", "in_force_until"):
        assert getattr(scan.source_document, field) == getattr(text.source_document, field), field
    (signed,) = [r for r in scan.relations if r.evidence.rule == "official.signature"]
    assert signed.head == "河南省教育厅" and signed.evidence.page == 1
    assert signed.evidence.ocr_confidence is not None and 0.5 < signed.evidence.ocr_confidence <= 1
