"""Text out of uploaded documents, and the passages the screener reads, headings kept as context.

Formats: PDF (pypdf, BSD licence), Word .docx (its XML read with lxml straight from the zip, with
caps on what is unpacked), HTML (lxml) and plain text (UTF-8, or Windows-1252 as Danish Word
users save it). The file's first bytes decide what it is, not its name; a name that says otherwise
is refused.

Every refusal is a :class:`DocumentError` with a stable ``code`` that the web layer turns into a
translated message (this package imports no Django, so ``message`` holds the English text and
``message_da`` its Danish translation, for the web layer's catalogue): nothing here raises anything
else for a bad file, so a broken upload can never become a server error.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .text import sentence_spans

# Limits on what an upload may make us read.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # all members of a .docx together, as actually unpacked
MAX_COMPRESSION_RATIO = 200  # a member unpacking to more than this many times its packed size
MAX_ZIP_MEMBERS = 5000
MAX_PDF_PAGES = 2000
MAX_TEXT_CHARACTERS = 5_000_000
# A PDF with fewer than this many letters per page on average is taken to be scanned images.
MIN_LETTERS_PER_PDF_PAGE = 25

# Passages: paragraphs shorter than this are joined to the next under the same heading, longer ones
# are cut at sentence ends. About a paragraph of a strategy: enough words for the signals, and
# short enough that the evidence points somewhere precise.
MIN_PASSAGE_WORDS = 12
MAX_PASSAGE_WORDS = 160
# A line of plain text or PDF this short, without a full stop, standing alone, is read as a heading.
MAX_HEADING_WORDS = 12

PDF, DOCX, HTML, TEXT = "pdf", "docx", "html", "text"
_KIND_BY_SUFFIX = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".htm": HTML,
    ".html": HTML,
    ".xhtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
}


class DocumentError(Exception):
    """A file the screener cannot read; ``code`` names the message the user gets."""

    code = "unreadable"
    message = "The file could not be read."
    message_da = "Filen kunne ikke læses."

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.message)
        self.detail = detail


class EmptyDocument(DocumentError):
    code = "empty"
    message = "The file is empty or contains no text."
    message_da = "Filen er tom eller indeholder ingen tekst."


class TooLarge(DocumentError):
    code = "too_large"
    message = "The file is too large."
    message_da = "Filen er for stor."


class UnsupportedType(DocumentError):
    code = "unsupported_type"
    message = "Only PDF, Word (.docx), HTML and plain text files can be screened."
    message_da = "Kun PDF-, Word- (.docx), HTML- og tekstfiler kan screenes."


class WrongType(DocumentError):
    code = "wrong_type"
    message = "The file is not what its name says."
    message_da = "Filen er ikke det, som dens navn siger."


class EncryptedPdf(DocumentError):
    code = "encrypted_pdf"
    message = "The PDF is protected by a password. Upload a copy without the password."
    message_da = "PDF-filen er beskyttet med en adgangskode. Upload en kopi uden adgangskode."


class ImageOnlyPdf(DocumentError):
    code = "image_only_pdf"
    message = "The PDF contains no text, only images (a scan?). Upload a PDF with text."
    message_da = (
        "PDF-filen indeholder ingen tekst, kun billeder (en scanning?). Upload en PDF med tekst."
    )


class ZipBomb(DocumentError):
    code = "zip_bomb"
    message = "The file unpacks to far more than its size; it was not opened."
    message_da = "Filen pakker sig ud til langt mere end sin størrelse; den blev ikke åbnet."


class Corrupt(DocumentError):
    code = "corrupt"
    message = "The file is damaged and could not be read."
    message_da = "Filen er beskadiget og kunne ikke læses."


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (``level`` 0) or a heading (``level`` 1-6) of an extracted document."""

    text: str
    level: int = 0
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    headings: tuple[str, ...] = ()  # the headings above it, outermost first
    page: int | None = None

    @property
    def heading(self) -> str:
        return " › ".join(self.headings)


# --- what the file is -----------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The kind of file its first bytes show, or None for binary data we do not read."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") != -1:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return DOCX  # a zip; whether it is a Word document is checked when it is opened
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(
        rb"<(html|body|head|p|h1|div)[\s>]", lowered
    ):
        return HTML
    return TEXT


def kind_of(data: bytes, filename: str) -> str:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    named = _KIND_BY_SUFFIX.get(suffix)
    if suffix and named is None:
        raise UnsupportedType(f"suffix {suffix}")
    found = sniff(data)
    if found is None:
        raise WrongType("binary content") if named else UnsupportedType("binary content")
    if named is None:
        return found
    if named == found or (named == TEXT and found == HTML) or (named == HTML and found == TEXT):
        return named
    raise WrongType(f"named {named}, content {found}")


# --- extraction -----------------------------------------------------------------------------------


def extract(data: bytes, filename: str) -> list[Block]:
    """The headings and paragraphs of an uploaded file; raises :class:`DocumentError`."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(f"{len(data)} bytes")
    if not data.strip():
        raise EmptyDocument()
    kind = kind_of(data, filename)
    try:
        if kind == PDF:
            blocks = _pdf_blocks(data)
        elif kind == DOCX:
            blocks = _docx_blocks(data)
        elif kind == HTML:
            blocks = _html_blocks(decode_text(data))
        else:
            blocks = text_blocks(decode_text(data))
    except DocumentError:
        raise
    except Exception as error:  # any parser failure on a damaged file is the user's "damaged"
        raise Corrupt(f"{type(error).__name__}: {error}") from error
    if not any(block.text.strip() for block in blocks):
        raise EmptyDocument()
    if sum(len(block.text) for block in blocks) > MAX_TEXT_CHARACTERS:
        raise TooLarge("too much text")
    return blocks


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    if line.rstrip().endswith((".", ",", ";", "!", "?")) or not (
        words[0][0].isupper() or words[0][0].isdigit()
    ):
        return False
    return not re.fullmatch(r"[\d\s.,:/%-]+", line)  # page numbers and figures are not headings


def text_blocks(text: str, *, page: int | None = None) -> list[Block]:
    """Blocks of plain text: paragraphs are separated by blank lines; a Markdown ``#`` line or a
    short line standing alone without a full stop is a heading."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        paragraph: list[str] = []
        for position, line in enumerate(lines):
            markdown = re.match(r"(#{1,6})\s+(.*)", line)
            if markdown:
                level, line = len(markdown.group(1)), markdown.group(2).strip()
            else:
                level = 2 if position == 0 and len(lines) > 1 and _looks_like_heading(line) else 0
                if len(lines) == 1 and _looks_like_heading(line):
                    level = 2
            if level:
                if paragraph:
                    blocks.append(Block(_join_lines(paragraph), 0, page))
                    paragraph = []
                blocks.append(Block(line, level, page))
            else:
                paragraph.append(line)
        if paragraph:
            blocks.append(Block(_join_lines(paragraph), 0, page))
    return blocks


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():  # a word hyphenated across a line end
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _pdf_blocks(data: bytes) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        PdfReadError,
    )

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # A PDF locked only against editing opens with the empty password; one that needs a
            # password to be read does not.
            try:
                if not reader.decrypt(""):
                    raise EncryptedPdf()
            except (DependencyError, NotImplementedError) as error:
                raise EncryptedPdf(str(error)) from error
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise TooLarge(f"{len(pages)} pages")
        texts = [page.extract_text() or "" for page in pages]
    except FileNotDecryptedError as error:
        raise EncryptedPdf(str(error)) from error
    except LimitReachedError as error:  # a stream that inflates past pypdf's cap (75 MB)
        raise ZipBomb(str(error)) from error
    except PdfReadError as error:
        raise Corrupt(str(error)) from error
    letters = sum(sum(ch.isalpha() for ch in text) for text in texts)
    if letters < MIN_LETTERS_PER_PDF_PAGE * max(len(texts), 1):
        raise ImageOnlyPdf(f"{letters} letters on {len(texts)} pages")
    blocks: list[Block] = []
    for number, text in enumerate(texts, start=1):
        for block in _pdf_page_blocks(text, number):
            previous = blocks[-1] if blocks else None
            if (
                previous is not None
                and previous.page != block.page
                and not previous.level
                and not block.level
                and not previous.text.endswith((".", "!", "?", ":"))
                and block.text[:1].islower()
            ):  # a paragraph that runs on over a page break
                blocks[-1] = Block(_join_lines([previous.text, block.text]), 0, previous.page)
            else:
                blocks.append(block)
    return blocks


_PAGE_NUMBER = re.compile(r"(?i)(side|page|s\.|p\.)?\s*\d{1,4}(\s*(af|of|/)\s*\d{1,4})?")


def _pdf_page_blocks(text: str, page: int) -> list[Block]:
    """PDF text comes as lines; a paragraph ends at a blank line or at a line that ends a sentence
    and is clearly shorter than the page's full lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    full = sorted((len(line) for line in lines if line.strip()), reverse=True)
    typical = full[len(full) // 4] if full else 0
    blocks: list[Block] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block(_join_lines(paragraph), 0, page))
            paragraph.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            end_paragraph()
            continue
        if _PAGE_NUMBER.fullmatch(stripped):
            continue
        if _looks_like_heading(stripped) and len(stripped) < 0.7 * max(typical, 1):
            end_paragraph()
            blocks.append(Block(stripped, 2, page))
            continue
        paragraph.append(stripped)
        if stripped.endswith((".", "!", "?", ":")) and len(stripped) < 0.8 * typical:
            end_paragraph()
    end_paragraph()
    return blocks


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"(heading|overskrift|berschrift|titre|rubrik)\s*(\d)", re.IGNORECASE)


def _read_member(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """A member's bytes, counting what is actually unpacked (the sizes in the zip can lie)."""
    info = archive.getinfo(name)
    if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
        raise ZipBomb(f"{name}: ratio {info.file_size / info.compress_size:.0f}")
    chunks = []
    with archive.open(info) as member:
        while True:
            chunk = member.read(1 << 20)
            if not chunk:
                break
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise ZipBomb(f"{name}: more than {MAX_UNPACKED_BYTES} bytes unpacked")
            chunks.append(chunk)
    return b"".join(chunks)


def _docx_blocks(data: bytes) -> list[Block]:
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Corrupt(str(error)) from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise ZipBomb(f"{len(infos)} members")
        if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
            raise ZipBomb("declared size")
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise WrongType("a zip file, not a Word document")
        budget = [MAX_UNPACKED_BYTES]
        document = _read_member(archive, "word/document.xml", budget)
        styles = (
            _read_member(archive, "word/styles.xml", budget) if "word/styles.xml" in names else b""
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    heading_levels = _docx_heading_styles(etree.fromstring(styles, parser)) if styles else {}
    root = etree.fromstring(document, parser)
    blocks = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
        text = " ".join("".join(parts).split())
        if not text:
            continue
        level = 0
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if style is not None:
            style_id = style.get(f"{_W}val", "")
            level = heading_levels.get(style_id) or _heading_level(style_id)
        outline = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
        if not level and outline is not None:
            level = int(outline.get(f"{_W}val", "9")) + 1
        blocks.append(Block(text, level if 0 < level <= 6 else 0))
    return blocks


def _heading_level(name: str) -> int:
    if name.lower() in ("title", "titel"):
        return 1
    match = _HEADING_STYLE.search(name)
    return int(match.group(2)) if match else 0


def _docx_heading_styles(styles) -> dict[str, int]:
    """Style id -> heading level, from the styles' names (ids are translated in Danish Word)."""
    levels = {}
    for style in styles.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId", "")
        name = style.find(f"{_W}name")
        level = _heading_level(name.get(f"{_W}val", "")) if name is not None else 0
        if level:
            levels[style_id] = level
    return levels


_HTML_SKIP = ("script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form")
_HTML_BLOCKS = ("p", "li", "td", "th", "blockquote", "dd", "dt", "pre", "figcaption", "caption")


# A container with text and no block inside it is a paragraph too (pages built of divs).
_HTML_CONTAINERS = ("div", "section", "article", "main", "aside")
_HTML_ANY_BLOCK = frozenset(
    (*_HTML_BLOCKS, *_HTML_CONTAINERS, "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table")
)


def _holds_only_text(element) -> bool:
    return bool((element.text_content() or "").strip()) and not any(
        isinstance(child.tag, str) and child.tag in _HTML_ANY_BLOCK
        for child in element.iter()
        if child is not element
    )


def _html_blocks(text: str) -> list[Block]:
    import lxml.html

    if not text.strip():
        return []
    root = lxml.html.document_fromstring(text)
    for element in root.xpath("|".join(f"//{tag}" for tag in _HTML_SKIP)):
        element.drop_tree()
    blocks = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
        elif tag in _HTML_BLOCKS or (tag in _HTML_CONTAINERS and _holds_only_text(element)):
            if any(ancestor.tag in _HTML_BLOCKS for ancestor in element.iterancestors()):
                continue  # its text is part of the enclosing block
            level = 0
        else:
            continue
        content = " ".join(element.text_content().split())
        if content:
            blocks.append(Block(content, level))
    if not blocks:  # a page of bare text in divs
        body = root.find("body")
        blocks = text_blocks((body if body is not None else root).text_content())
    return blocks


# --- passages -------------------------------------------------------------------------------------


def split_long(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    """Cut a long paragraph at sentence ends into pieces of at most ``max_words`` words (a single
    longer sentence stays whole)."""
    if len(text.split()) <= max_words:
        return [text]
    pieces, current, count = [], [], 0
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        words = len(sentence.split())
        if current and count + words > max_words:
            pieces.append(" ".join(current))
            current, count = [], 0
        current.append(sentence)
        count += words
    if current:
        pieces.append(" ".join(current))
    return pieces


def passages(blocks: list[Block]) -> list[Passage]:
    """The screener's passages: paragraphs with the headings above them as context; short paragraphs
    joined to the next under the same heading, long ones cut at sentence ends."""
    result: list[Passage] = []
    stack: list[tuple[int, str]] = []
    pending: list[str] = []
    pending_page: int | None = None

    def flush() -> None:
        nonlocal pending, pending_page
        if pending:
            text = " ".join(pending)
            for piece in split_long(text):
                result.append(Passage(piece, tuple(h for _, h in stack), pending_page))
        pending, pending_page = [], None

    for block in blocks:
        if block.level:
            flush()
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            continue
        if not pending:
            pending_page = block.page
        pending.append(block.text)
        if sum(len(p.split()) for p in pending) >= MIN_PASSAGE_WORDS:
            flush()
    flush()
    return result


def split_text(text: str) -> list[Passage]:
    """Passages of pasted text; a text too short to have a paragraph is one passage."""
    found = passages(text_blocks(text))
    if not found and text.strip():
        found = [Passage(" ".join(text.split()))]
    return found
