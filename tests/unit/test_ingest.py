"""Ingestion: encodings, Traditional input, pinyin glosses, boilerplate, offsets, bad input."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from kg_builder.ingest import IngestError, clean, corpus_files, ingest, ingest_bytes

TRADITIONAL = "湖南 省教育廳印發《關於進一步規範校園APP管理工作的通知》,開展校園APP摸底自查工作。"
SIMPLIFIED = "湖南 省教育厅印发《关于进一步规范校园APP管理工作的通知》,开展校园APP摸底自查工作。"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_simplified_text_decodes_in_common_encodings(encoding: str) -> None:
    src = ingest_bytes(SIMPLIFIED.encode(encoding) * 3, f"brief.{encoding}.txt")
    assert src.text.startswith(SIMPLIFIED)


def test_gb18030_is_detected_not_assumed() -> None:
    src = ingest_bytes((SIMPLIFIED * 4).encode("gb18030"), "brief.txt")
    assert src.encoding in {"gb18030", "gbk", "gb2312"}
    assert "省教育厅印发" in src.text


def test_big5_traditional_becomes_simplified() -> None:
    src = ingest_bytes((TRADITIONAL * 4).encode("big5"), "brief.txt")
    assert src.encoding.replace("-", "").lower().startswith("big5") or src.encoding == "cp950"
    assert src.text.startswith(SIMPLIFIED)


def test_traditional_utf8_becomes_simplified() -> None:
    assert ingest_bytes(TRADITIONAL.encode(), "t.txt").text == SIMPLIFIED


def test_pinyin_glosses_are_removed_and_ascii_brackets_stay() -> None:
    text = "按照決戰(zhàn)決勝脫貧攻堅的要求,推進互聯網協議第六版(IPv6)部署(試行)"
    out = ingest_bytes(text.encode(), "t.txt").text
    assert out == "按照决战决胜脱贫攻坚的要求,推进互联网协议第六版(IPv6)部署(试行)"


WRAPPED = (
    "某省教育厅关于推进数字校园建设的通知\n"
    "各市教育局：\n"
    "　　近日，某省教育厅联合某省发展和改革委\n"
    "员会印发《某省数字校园建设方案》，要求各\n"
    "地加快推进数字校园建设。省财政厅同步下达\n"
    "专项资金，支持各地开展教师数字素养提升培\n"
    "训，推动教育数字化转型取得实效。现将有关\n"
    "事项通知如下：\n"
    "　　一、加强组织领导。各地要建立健全工作机\n"
    "制，明确责任分工。\n"
    "某省教育厅\n"
    "2024年5月6日\n"
)


def test_hard_wrapped_lines_run_on_and_keep_their_offsets() -> None:
    """Lines at the text's wrap width that end with no mark run on; titles, addressees, the ends of
    paragraphs and signatures stay lines of their own."""
    out = clean(WRAPPED)
    assert out.text.split("\n") == [
        "某省教育厅关于推进数字校园建设的通知",
        "各市教育局：",
        "近日，某省教育厅联合某省发展和改革委员会印发《某省数字校园建设方案》，要求各地加快推进数字校园建设。"
        "省财政厅同步下达专项资金，支持各地开展教师数字素养提升培训，推动教育数字化转型取得实效。"
        "现将有关事项通知如下：",
        "一、加强组织领导。各地要建立健全工作机制，明确责任分工。",
        "某省教育厅",
        "2024年5月6日",
    ]
    assert all(WRAPPED[o] == c for o, c in zip(out.offsets, out.text, strict=True))


def test_a_title_at_the_wrap_width_stays_a_line() -> None:
    title = "某省教育厅关于推进中小学数字校园建设的通知"
    out = clean(WRAPPED.replace("某省教育厅关于推进数字校园建设的通知", title))
    assert out.text.split("\n")[:2] == [title, "各市教育局："]


def test_lines_of_many_widths_are_no_hard_wrap() -> None:
    page = "教育部召开工作会议\n会议指出，要加快推进教育数字化\n会议要求各地狠抓落实并按时报送工作进展情况\n" * 3
    assert clean(page).text == page.strip("\n")


def test_web_boilerplate_and_mojibake_lines_are_removed() -> None:
    page = (
        "当前位置:文档之家› 2020年教育信息化工作要点\n\n2020年教育信息化工作要点\n"
        "★网络安全重点工作进展\n?。裕?/p>\n正文第一段。\n"
        "版权所有:中华人民共和国教育部 中文域名:教育部.政务\n京ICP备10028400号-1\n中国教育信息订阅号二维码\n"
    )
    out = ingest_bytes(page.encode(), "p.txt").text
    assert out == "2020年教育信息化工作要点\n★网络安全重点工作进展\n正文第一段。"


def test_boilerplate_removal_never_takes_content(caplog: pytest.LogCaptureFixture) -> None:
    """A paragraph that speaks of a WeChat account, a QR code or ends in …… is content; the
    short widget line with the same words is not, and its removal is logged."""
    content = (
        "省教育厅开通微信公众号“某某教育”并附二维码，同日印发《关于加强校园网站管理的通知》，要求各地于月底前完成整改……"
    )
    with caplog.at_level("DEBUG", logger="kg_builder.ingest"):
        src = ingest_bytes(f"{content}\n扫一扫关注微信公众号\n更多……\n".encode(), "page.txt")
    assert src.text == content
    assert [r.getMessage() for r in caplog.records] == [
        "removed boilerplate line: '扫一扫关注微信公众号'",
        "removed boilerplate line: '更多……'",
    ]


def test_html_is_stripped_with_entities() -> None:
    page = "<html><head><style>p{}</style></head><body><p>教育部&nbsp;印发</p><div>《通知》</div></body></html>"
    out = ingest_bytes(page.encode(), "p.html").text
    assert out == "教育部 印发\n\n《通知》"


def test_full_width_digits_and_brackets_become_ascii() -> None:
    out = ingest_bytes("２０２３年指南（试行）".encode(), "t.txt").text
    assert out == "2023年指南(试行)"


def test_offsets_point_back_to_original_characters(samples: list[Path]) -> None:
    src = ingest(samples[4])  # Traditional, with pinyin glosses and footers
    span = src.text.index("决战决胜")
    start, end = src.original_span(span, span + 4)
    assert src.original[start:end] == "決戰(zhàn)決勝"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x01\x02binary\x00" * 10, "binary"),
    ],
)
def test_bad_input_names_the_file(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=rf"^bad\.txt: .*{message}"):
        ingest_bytes(data, "bad.txt")


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="unsupported file type"):
        ingest(tmp_path / "x.tiff")
    with pytest.raises(IngestError, match="cannot be read"):
        ingest(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("甲" + " " * 1_000_000 + "乙", {}),
        ("<script>" * 125_000, {"is_html": True}),
        ("<p " * 333_333, {"is_html": True}),
        ("[链" * 500_000, {"is_markdown": True}),
        ("甲乙丙丁戊己庚辛壬癸甲乙丙丁戊\n" * 60_000, {}),  # a megabyte of lines at one width
    ],
)
def test_cleaning_a_megabyte_of_hostile_input_finishes(text: str, options: dict[str, bool]) -> None:
    """Inputs that made cleaning quadratic (8 s for 40k characters, hours for a megabyte) take
    seconds now; the alarm fails the test long before a quadratic pass could end."""

    def too_slow(*_: object) -> None:
        raise TimeoutError("cleaning did not finish in 60 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)
    try:
        out = clean(text, **options)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(out.offsets) == len(out.text)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text_not_binary(encoding: str) -> None:
    src = ingest_bytes(("Report 2023\n" + SIMPLIFIED).encode(encoding), "no-bom.txt")
    assert src.text == "Report 2023\n" + SIMPLIFIED and src.encoding == encoding


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff湖南省教育厅印发《湖南省甲方案》。".encode("utf-16-le"),
        "\ufeff湖南省教育厅印发《湖南省甲方案》。".encode("utf-16-be"),
        "湖南省教育厅印发《湖南省甲方案》。".encode("utf-16"),
        "湖南省教育厅印发《湖南省甲方案》。".encode("utf-8-sig"),
        "\ufeff湖南省教育厅印发《湖南省甲方案》。".encode("gb18030"),
    ],
)
def test_a_byte_order_mark_is_not_text(data: bytes) -> None:
    source = ingest_bytes(data, "bom.txt")
    assert source.original.startswith("湖南") and source.text.startswith("湖南"), repr(source.text[:5])


def test_two_inputs_never_give_two_files_one_key(tmp_path: Path) -> None:
    for folder in ("a", "b", "c/a"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "000.txt").write_text("甲", encoding="utf-8")
        (tmp_path / folder / f"only-{folder[-1]}.txt").write_text("乙", encoding="utf-8")
    a, b, ca = tmp_path / "a", tmp_path / "b", tmp_path / "c" / "a"
    assert [f.key for f in corpus_files([a])] == ["000.txt", "only-a.txt"]  # one input: keys as they were
    assert sorted(f.key for f in corpus_files([a, b])) == ["a/000.txt", "b/000.txt", "only-a.txt", "only-b.txt"]
    assert sorted(f.key for f in corpus_files([a / "000.txt", b / "000.txt"])) == ["a/000.txt", "b/000.txt"]
    # two inputs of one name: their whole paths
    keys = sorted(f.key for f in corpus_files([a, ca]))
    assert keys == sorted(f"{folder.as_posix()}/{name}" for folder in (a, ca) for name in ("000.txt", "only-a.txt"))


def test_a_widgets_name_in_a_sentence_or_beside_a_title_is_content() -> None:
    text = "关注某市教育微信公众号\n某市教育局官方微信公众号发布《某市智慧校园指南》。\n"
    assert ingest_bytes(text.encode(), "page.txt").text == "某市教育局官方微信公众号发布《某市智慧校园指南》。"
