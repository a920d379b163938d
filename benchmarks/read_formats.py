"""Reading PDF and Word files: pages per second on a 100-page PDF (printed by Chromium from the sample
briefs' text in GB/T 9704's type and margins), a 100-page .docx (python-docx, the same text) and the
.docx saved as Word 97 .doc by LibreOffice (when soffice is installed), and what reading costs against
extracting the text read. With --compare, the same PDF read by pdfminer.six (if installed: pip install
pdfminer.six) and the .doc by Debian's catdoc and antiword (if installed), for speed and whether each
gives the same characters in the same order.

    .venv/bin/python benchmarks/read_formats.py [--pages 100] [--compare]
"""

from __future__ import annotations

import argparse
import html
import io
import shutil
import sys
import time
from pathlib import Path

from kg_builder.extract import extract_bytes
from kg_builder.nlp.pipeline import get_nlp
from kg_builder.readers import read

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
CSS = (
    "@page { size: A4; margin: 37mm 26mm 35mm 28mm; } body { font-family: 'Noto Serif CJK SC', serif; "
    "font-size: 16pt; line-height: 28pt; } p { margin: 0; text-indent: 2em; }"
)


def paragraphs() -> list[str]:
    """The sample briefs' paragraphs, in order: real policy text, invented nothing."""
    found = []
    for path in sorted(SAMPLES.glob("*.txt")):
        found += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 1]
    return found


def pdf_of(texts: list[str], pages: int) -> bytes:
    """Chromium's print of the paragraphs, repeated until the PDF has `pages` pages."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Debian's chromium is needed to print the PDF (make test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless=new", "--no-sandbox"])
        page = browser.new_page()
        body = "".join(f"<p>{html.escape(t)}</p>" for t in texts)
        pdf = b""
        copies = 1
        while True:
            page.set_content(f"<!doctype html><meta charset='utf-8'><style>{CSS}</style>{body * copies}")
            pdf = page.pdf(format="A4")
            count = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
            if count >= pages or copies > 200:
                break
            copies = max(copies + 1, int(copies * pages / max(count, 1)))
        browser.close()
    return pdf


def docx_of(texts: list[str], pages: int) -> bytes:
    import docx

    document = docx.Document()
    per_page = max(1, len(texts) // 12)
    for n in range(pages):
        for t in texts[(n * per_page) % len(texts) : (n * per_page) % len(texts) + per_page]:
            document.add_paragraph(t)
        document.add_page_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def doc_of(word: bytes) -> bytes | None:
    """The .docx saved as .doc by LibreOffice, the only writer of the format here (None without it)."""
    import subprocess
    import tempfile

    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bench.docx").write_bytes(word)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "doc", "--outdir", tmp, f"{tmp}/bench.docx"],
            check=True,
            capture_output=True,
        )
        return (Path(tmp) / "bench.doc").read_bytes()


def compare_doc(doc: bytes) -> None:
    """Debian's catdoc and antiword (GPL-2, run as programs) on the same .doc: speed and the text."""
    import subprocess
    import tempfile

    ours = read(doc, "bench.doc").text
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(doc)
        handle.flush()
        for program, args in (("catdoc", ["-w", "-d", "utf-8"]), ("antiword", ["-m", "UTF-8.txt", "-w", "0"])):
            if shutil.which(program) is None:
                print(f"{program} is not installed (apt-get install {program})")
                continue
            command = [program, *args, handle.name]
            seconds = timed(lambda command=command: subprocess.run(command, capture_output=True), repeat=1)
            out = subprocess.run(command, capture_output=True)
            theirs = out.stdout.decode("utf-8", errors="replace")
            same = "".join(ours.split()) == "".join(theirs.split())
            print(f"{program}: {seconds:.2f} s on the .doc; exit {out.returncode}; same characters, same order: {same}")


def timed(action, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--compare", action="store_true", help="read the PDF with pdfminer.six too")
    args = parser.parse_args()
    texts = paragraphs()
    nlp = get_nlp()
    pdf = pdf_of(texts, args.pages)
    word = docx_of(texts, args.pages)
    doc = doc_of(word)
    header = ("format", "pages", "chars", "read s", "pages/s", "extract text s", "read/extract")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (8, 6, 8, 8, 8, 15, 13), strict=True)))
    files = [("pdf", pdf), ("docx", word)] + ([("doc", doc)] if doc else [])
    if doc is None:
        print("soffice is not installed: no .doc to read (apt-get install libreoffice-writer-nogui)")
    for name, data in files:
        text = read(data, f"bench.{name}")
        pages = text.pages or args.pages
        seconds = timed(lambda data=data, name=name: read(data, f"bench.{name}"))
        extracting = timed(lambda text=text: extract_bytes(text.text.encode(), "bench.txt", nlp), repeat=1)
        print(
            f"{name:8} {pages:>6} {len(text.text):>8} {seconds:>8.2f} {pages / seconds:>8.1f} "
            f"{extracting:>15.2f} {seconds / extracting:>13.2f}"
        )
    if args.compare and doc:
        compare_doc(doc)
    if args.compare:
        try:
            from pdfminer.high_level import extract_text
        except ImportError:
            print("pdfminer.six is not installed: pip install pdfminer.six to compare")
            return 0
        ours = read(pdf, "bench.pdf").text.replace("\n", "")
        seconds = timed(lambda: extract_text(io.BytesIO(pdf)), repeat=1)
        theirs = "".join(extract_text(io.BytesIO(pdf)).split())
        same = "".join(ours.split()) == theirs
        print(f"pdfminer.six: {seconds:.2f} s for the PDF; the same characters in the same order: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
