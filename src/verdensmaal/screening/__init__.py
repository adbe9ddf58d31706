"""Strategy screening: which SDGs (and targets) the passages of a strategy or action address.

A pure package (no Django): the web layer uploads and queues, this reads and decides.

    from verdensmaal.screening import classify, screen
    classify("Vi vil reducere kommunens CO2-udledning ...")        # {7, 13}
    result = screen(text, progress=lambda done, total: ...)         # per passage: scores, evidence
    blocks = extract(uploaded_bytes, "strategi.pdf")                # DocumentError on a bad file
    result = screen(passages(blocks))

How it decides, its sources and its accuracy: docs/screening.md.
"""

from .documents import (
    Block,
    Corrupt,
    DocumentError,
    EmptyDocument,
    EncryptedPdf,
    ImageOnlyPdf,
    Passage,
    TooLarge,
    UnsupportedType,
    WrongType,
    ZipBomb,
    extract,
    passages,
    split_text,
)
from .screener import (
    Evidence,
    NearestText,
    PassageResult,
    ScreeningResult,
    TargetScore,
    classify,
    screen,
)
from .text import detect_language

__all__ = [
    "Block",
    "Corrupt",
    "DocumentError",
    "EmptyDocument",
    "EncryptedPdf",
    "Evidence",
    "ImageOnlyPdf",
    "NearestText",
    "Passage",
    "PassageResult",
    "ScreeningResult",
    "TargetScore",
    "TooLarge",
    "UnsupportedType",
    "WrongType",
    "ZipBomb",
    "classify",
    "detect_language",
    "extract",
    "passages",
    "screen",
    "split_text",
]
