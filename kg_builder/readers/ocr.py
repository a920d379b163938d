"""Scanned pages read by OCR: Debian's tesseract with its Simplified Chinese data (tesseract-ocr,
tesseract-ocr-chi-sim; Apache-2.0), installed by `policykg setup --ocr`. A page is rendered by PDFium at
300 dpi, tesseract gives its words with their boxes and confidences (TSV), and the words of one line
are one Line, laid out as a text PDF's (readers.lay_out). Each line keeps its mean confidence, and the
facts read from it say so (Evidence.ocr_confidence).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from kg_builder.errors import Unavailable
from kg_builder.readers import Line

DPI = 300
PACKAGES = ("tesseract-ocr", "tesseract-ocr-chi-sim")
_CJK_EDGE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@lru_cache(maxsize=1)
def available() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    if shutil.which("tesseract") is None:
        return f"tesseract is not installed (policykg setup --ocr, or apt-get install {' '.join(PACKAGES)})"
    languages = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    if "chi_sim" not in languages.split():
        return "tesseract has no chi_sim data (apt-get install tesseract-ocr-chi-sim)"
    return None


def install(log: Callable[[str], None]) -> str:
    """tesseract with its Simplified Chinese data, from Debian's packages (as root, or through sudo)."""
    if available() is None:
        return "tesseract with chi_sim is installed"
    apt = shutil.which("apt-get")
    if apt is None:
        raise Unavailable(f"OCR needs {' and '.join(PACKAGES)}: install them with the system's package manager")
    command = [apt, "install", "-y", "-q", "--no-install-recommends", *PACKAGES]
    if os.geteuid() != 0:
        command = ["sudo", *command]
    log(f"installing {' '.join(PACKAGES)} ({' '.join(command)})")
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    )
    available.cache_clear()
    if done.returncode != 0 or available() is not None:
        raise Unavailable(f"installing {' '.join(PACKAGES)} failed: {done.stderr.strip()[-300:] or available()}")
    return "tesseract with chi_sim installed"


def page_lines(page: Any) -> tuple[list[Line], list[float]]:
    """A scanned page's lines (in points, from the top) and each line's mean confidence (0 to 1)."""
    scale = DPI / 72
    image = page.render(scale=scale).to_pil()
    png = io.BytesIO()
    image.save(png, format="PNG")
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
        input=png.getvalue(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    words: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip() and float(row.get("conf") or -1) >= 0:
            words.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines: list[Line] = []
    confidences: list[float] = []
    for items in words.values():
        text = ""
        for w in items:  # Chinese words are written together, Latin ones with a space
            piece = w["text"].strip()
            text += piece if not text or _CJK_EDGE.match(piece[0]) or _CJK_EDGE.match(text[-1]) else " " + piece
        left = min(int(w["left"]) for w in items) / scale
        top = min(int(w["top"]) for w in items) / scale
        right = max(int(w["left"]) + int(w["width"]) for w in items) / scale
        bottom = max(int(w["top"]) + int(w["height"]) for w in items) / scale
        lines.append(Line(text, left, top, right, bottom))
        confidences.append(sum(float(w["conf"]) for w in items) / len(items) / 100)
    order = sorted(range(len(lines)), key=lambda i: (lines[i].top, lines[i].left))
    return [lines[i] for i in order], [confidences[i] for i in order]
