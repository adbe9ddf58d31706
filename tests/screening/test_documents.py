"""Text extraction and passages: every format, and every kind of broken upload refused clearly."""

import io
import zipfile

import pytest

from verdensmaal.screening import documents
from verdensmaal.screening.documents import (
    Corrupt,
    DocumentError,
    EmptyDocument,
    EncryptedPdf,
    ImageOnlyPdf,
    TooLarge,
    UnsupportedType,
    WrongType,
    ZipBomb,
    extract,
    passages,
    split_text,
)

PARAGRAPH_DA = (
    "Kommunen vil reducere udledningen af drivhusgasser med 70 procent inden 2030 og udbygge "
    "fjernvarmen i alle landsbyer."
)
PARAGRAPH_EN = (
    "The council will build 500 affordable homes near the station over the next five years."
)


# --- the formats ----------------------------------------------------------------------------------


def test_pdf_text_with_headings_pages_and_danish_letters(pdf_file):
    pdf = pdf_file(
        [
            ["Klima og energi", "", PARAGRAPH_DA[:57], PARAGRAPH_DA[58:], "", "Side 1 af 2"],
            ["Grønne områder", "", "Byens parker og grønne områder skal være åbne for alle."],
        ]
    )
    blocks = extract(pdf, "strategi.pdf")
    found = passages(blocks)
    assert [p.headings for p in found] == [("Klima og energi",), ("Grønne områder",)]
    assert found[0].text == PARAGRAPH_DA
    assert found[1].text == "Byens parker og grønne områder skal være åbne for alle."
    assert [p.page for p in found] == [1, 2]


def test_docx_paragraphs_and_headings_from_danish_style_ids(docx_file):
    data = docx_file(
        [
            ("Overskrift1", "Klima og energi"),
            ("", PARAGRAPH_DA),
            ("Overskrift2", "Varme"),
            ("", "Oliefyr skal erstattes af varmepumper i alle landsbyer uden fjernvarme."),
            ("Overskrift1", "Boliger"),
            ("", PARAGRAPH_EN),
        ]
    )
    found = passages(extract(data, "strategi.docx"))
    assert [p.headings for p in found] == [
        ("Klima og energi",),
        ("Klima og energi", "Varme"),
        ("Boliger",),
    ]
    assert found[0].text == PARAGRAPH_DA


def test_html_keeps_headings_and_paragraphs_and_drops_scripts_and_navigation():
    page = f"""<!DOCTYPE html><html><head><title>Plan</title><script>var x = "skjult";</script>
    </head><body><nav>Forside | Kontakt</nav><h1>Klimaplan</h1><p>{PARAGRAPH_DA}</p>
    <h2>Boliger</h2><ul><li>{PARAGRAPH_EN}</li></ul><footer>© Kommunen</footer></body></html>"""
    found = passages(extract(page.encode(), "plan.html"))
    assert [(p.headings, p.text) for p in found] == [
        (("Klimaplan",), PARAGRAPH_DA),
        (("Klimaplan", "Boliger"), PARAGRAPH_EN),
    ]


def test_plain_text_in_utf8_or_windows_1252():
    text = f"Klima og energi\n\n{PARAGRAPH_DA}\n"
    for encoding in ("utf-8", "cp1252"):
        found = passages(extract(text.encode(encoding), "plan.txt"))
        assert [(p.headings, p.text) for p in found] == [(("Klima og energi",), PARAGRAPH_DA)]


def test_short_paragraphs_are_joined_and_long_ones_cut_at_sentence_ends():
    sentence = "Kommunen vil plante mere skov og skabe mere natur i hele kommunen hvert år. "
    text = "Kort afsnit.\n\nEt andet kort afsnit.\n\n" + sentence * 30
    found = split_text(text)
    assert found[0].text.startswith("Kort afsnit. Et andet kort afsnit.")
    assert all(len(p.text.split()) <= documents.MAX_PASSAGE_WORDS for p in found)
    assert sum(len(p.text.split()) for p in found) == len(text.split())
    assert all(p.text.endswith(".") for p in found)


def test_a_text_too_short_for_a_paragraph_is_one_passage():
    assert [p.text for p in split_text("Kantinen har åbent 11-13")] == ["Kantinen har åbent 11-13"]


# --- broken uploads -------------------------------------------------------------------------------


def encrypted_pdf(make_pdf, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([[PARAGRAPH_DA]]))))
    writer.encrypt(user_password=user_password, owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_encrypted_pdf_is_refused_with_its_own_message(pdf_file):
    with pytest.raises(EncryptedPdf) as caught:
        extract(encrypted_pdf(pdf_file, "hemmelig"), "strategi.pdf")
    assert caught.value.code == "encrypted_pdf" and "password" in caught.value.message


def test_a_pdf_locked_only_against_editing_is_read(pdf_file):
    blocks = extract(encrypted_pdf(pdf_file, ""), "strategi.pdf")
    assert "drivhusgasser" in " ".join(block.text for block in blocks)


def test_an_image_only_pdf_is_refused(pdf_file):
    with pytest.raises(ImageOnlyPdf) as caught:
        extract(pdf_file([[], []]), "scannet.pdf")
    assert caught.value.code == "image_only_pdf"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ("pdf", "strategi.docx"),
        ("docx", "strategi.pdf"),
        ("png", "strategi.txt"),
        ("png", "strategi.pdf"),
        ("pdf", "strategi.txt"),
        ("docx", "strategi.html"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(content, name, pdf_file, docx_file):
    data = {
        "pdf": pdf_file([[PARAGRAPH_DA]]),
        "docx": docx_file([("", PARAGRAPH_DA)]),
        "png": PNG,
    }[content]
    with pytest.raises(WrongType) as caught:
        extract(data, name)
    assert caught.value.code == "wrong_type"


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("billeder/foto.jpg", b"\xff\xd8\xff" + bytes(100))
    with pytest.raises(WrongType):
        extract(out.getvalue(), "strategi.docx")


@pytest.mark.parametrize("name", ["tom.pdf", "tom.docx", "tom.txt", "tom.html"])
@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_an_empty_file_is_refused(data, name):
    with pytest.raises(EmptyDocument) as caught:
        extract(data, name)
    assert caught.value.code == "empty"


def test_a_word_document_without_text_is_empty(docx_file):
    with pytest.raises(EmptyDocument):
        extract(docx_file([("", " ")]), "tom.docx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(docx_file):
    bomb = b" " * (150 * 1024 * 1024)  # 150 MB of blanks pack to about 150 kB
    data = docx_file([("", PARAGRAPH_DA)], extra={"word/media/bombe.xml": bomb})
    assert len(data) < 1024 * 1024
    with pytest.raises(ZipBomb) as caught:
        extract(data, "strategi.docx")
    assert caught.value.code == "zip_bomb"


def test_a_document_xml_that_unpacks_past_the_cap_is_refused(monkeypatch, docx_file):
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 50_000)
    monkeypatch.setattr(documents, "MAX_COMPRESSION_RATIO", 10**9)
    data = docx_file([("", PARAGRAPH_DA * 1000)])
    with pytest.raises(ZipBomb):
        extract(data, "strategi.docx")


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(TooLarge):
        extract(("Tekst. " * 500).encode(), "plan.txt")


def test_an_unsupported_file_type_is_refused():
    with pytest.raises(UnsupportedType):
        extract(b"PK\x03\x04" + bytes(100), "regneark.xlsx")


@pytest.mark.parametrize("damage", ["no pages", "cut short", "zip header only", "renamed part"])
def test_a_damaged_file_gives_a_document_error_never_anything_else(damage, pdf_file, docx_file):
    data, name = {
        "no pages": (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF",
            "a.pdf",
        ),
        "cut short": (pdf_file([[PARAGRAPH_DA]])[:300], "a.pdf"),
        "zip header only": (b"PK\x03\x04" + bytes(60), "a.docx"),
        "renamed part": (
            docx_file([("", PARAGRAPH_DA)]).replace(b"word/document.xml", b"word/document.xmX"),
            "a.docx",
        ),
    }[damage]
    with pytest.raises(DocumentError) as caught:
        extract(data, name)
    assert caught.value.code in {"corrupt", "wrong_type", "image_only_pdf", "empty"}


def test_a_docx_with_an_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIGT", encoding="utf-8")
    document = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Tekst &x; om klima og energi i kommunen.</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", document)
    try:
        blocks = extract(out.getvalue(), "x.docx")
    except Corrupt:
        return
    assert "HEMMELIGT" not in " ".join(block.text for block in blocks)


def test_every_error_has_a_code_and_an_english_default_message():
    for error in (
        EmptyDocument,
        TooLarge,
        UnsupportedType,
        WrongType,
        EncryptedPdf,
        ImageOnlyPdf,
        ZipBomb,
        Corrupt,
    ):
        assert issubclass(error, DocumentError)
        assert error.code and error.message.endswith(".") and error.message_da.endswith(".")
    assert len({error.code for error in DocumentError.__subclasses__()}) == 8


def test_a_pdf_whose_page_inflates_past_the_cap_is_refused():
    import zlib

    text = b"BT /F1 11 Tf 60 780 Td (Kommunen vil plante skov.) Tj ET\n"
    packed = zlib.compress(text + b" " * (80 * 1024 * 1024), 9)  # 80 MB of blanks in 80 kB
    objects = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] /Contents 2 0 R "
        b"/Resources << /Font << /F1 1 0 R >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Catalog /Pages 4 0 R >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 6\n0000000000 65535 f \n")
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size 6 /Root 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    with pytest.raises(ZipBomb):
        extract(out.getvalue(), "bombe.pdf")


def test_html_built_of_divs_gives_paragraphs_too():
    page = f"""<html><body><h1>Klimaplan</h1><div class="tekst">{PARAGRAPH_DA}</div>
    <div><div class="kort">{PARAGRAPH_EN}</div></div></body></html>"""
    found = passages(extract(page.encode(), "plan.html"))
    assert [(p.headings, p.text) for p in found] == [
        (("Klimaplan",), PARAGRAPH_DA),
        (("Klimaplan",), PARAGRAPH_EN),
    ]
