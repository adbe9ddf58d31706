"""Adding a document through the page: every broken upload gets the screener's own message, in
Danish or English, never a server error, and nothing is saved (no document, no job, no audit
entry, no file); a good file is kept and queued, a short text is screened at once."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from verdensmaal.audit.models import AuditEntry
from verdensmaal.documents import services
from verdensmaal.documents.models import Document, Job
from verdensmaal.screening import (
    Corrupt,
    EmptyDocument,
    EncryptedPdf,
    ImageOnlyPdf,
    TooLarge,
    UnsupportedType,
    WrongType,
    ZipBomb,
)

from .conftest import CLIMATE_PLAN, PDF_PAGES, make_docx, make_pdf, stored_files

URL = "/screening/new/"
PARAGRAPH = "Kommunen vil udbygge fjernvarmen og hjælpe husstande med oliefyr over på varmepumper."


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([[PARAGRAPH]]))))
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    return make_docx([("", PARAGRAPH)], extra={"word/media/bombe.xml": b" " * (150 * 1024 * 1024)})


def spreadsheet() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


BROKEN = {
    "encrypted PDF": (encrypted_pdf, "strategi.pdf", EncryptedPdf),
    "image-only PDF": (lambda: make_pdf([[], []]), "scannet.pdf", ImageOnlyPdf),
    "a PDF named as Word": (lambda: make_pdf([[PARAGRAPH]]), "strategi.docx", WrongType),
    "a picture named as text": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(300), "plan.txt", WrongType),
    "empty file": (lambda: b"", "tom.pdf", EmptyDocument),
    "blank text file": (lambda: b"  \n\n ", "tom.txt", EmptyDocument),
    "zip bomb": (zip_bomb, "strategi.docx", ZipBomb),
    "damaged PDF": (lambda: make_pdf([[PARAGRAPH]])[:300], "strategi.pdf", Corrupt),
    "spreadsheet": (spreadsheet, "budget.xlsx", UnsupportedType),
}


def _nothing_saved(media_root) -> None:
    assert Document.objects.count() == 0
    assert Job.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="documents.").exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_upload_gets_its_own_message_in_danish_and_nothing_is_saved(
    case, editor_client, media_root
):
    make, name, error = BROKEN[case]
    response = editor_client.post(
        URL, {"file": SimpleUploadedFile(name, make()), "sharing": "network"}
    )
    assert response.status_code == 200
    assert error.message_da in response.content.decode()
    _nothing_saved(media_root)


@pytest.mark.parametrize("case", ["encrypted PDF", "image-only PDF", "zip bomb", "empty file"])
def test_the_message_is_in_english_for_an_english_reader(case, editor_client, media_root):
    make, name, error = BROKEN[case]
    editor_client.cookies["django_language"] = "en"
    response = editor_client.post(
        URL, {"file": SimpleUploadedFile(name, make()), "sharing": "network"}
    )
    assert response.status_code == 200
    assert error.message in response.content.decode()
    _nothing_saved(media_root)


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch, editor_client, media_root):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 1000)
    data = ("Kommunen vil plante skov. " * 100).encode()
    response = editor_client.post(
        URL, {"file": SimpleUploadedFile("plan.txt", data), "sharing": "network"}
    )
    assert response.status_code == 200
    assert TooLarge.message_da in response.content.decode()
    _nothing_saved(media_root)


def test_every_screener_message_has_its_danish_translation():
    from django.utils import translation

    from verdensmaal.documents.errors import document_error_message
    from verdensmaal.screening import DocumentError

    for error in (DocumentError, *DocumentError.__subclasses__()):
        with translation.override("da"):
            assert document_error_message(error.code) == error.message_da
        with translation.override("en"):
            assert document_error_message(error.code) == error.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Vælg en fil, eller indsæt en tekst, der skal screenes."),
        (
            {"text": CLIMATE_PLAN, "file": "pdf"},
            "Indsæt en tekst eller vælg en fil, ikke begge dele.",
        ),
    ],
)
def test_nothing_or_both_is_refused(data, message, editor_client, media_root):
    if data.get("file") == "pdf":
        data = {**data, "file": SimpleUploadedFile("plan.pdf", make_pdf(PDF_PAGES))}
    response = editor_client.post(URL, {**data, "sharing": "network"})
    assert response.status_code == 200
    assert message in response.content.decode()
    _nothing_saved(media_root)


def test_a_participant_may_not_screen_and_a_visitor_must_log_in(client, participant, media_root):
    assert client.get(URL).status_code == 302
    client.force_login(participant)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"text": CLIMATE_PLAN, "sharing": "network"})
    assert response.status_code == 403
    _nothing_saved(media_root)


def test_a_good_pdf_is_kept_and_queued_with_its_passages_counted(editor_client, media_root, editor):
    response = editor_client.post(
        URL,
        {
            "file": SimpleUploadedFile("klimaplan.pdf", make_pdf(PDF_PAGES)),
            "sharing": "private",
            "language": "da",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.title == "klimaplan" and document.file_type == "pdf"
    assert document.status == "queued" and document.progress_total == 2
    assert document.created_by == editor and document.sharing == "private"
    assert document.job.kind == "documents.screen" and document.job.status == "queued"
    assert document.job.payload == {"document": document.pk}
    assert len(stored_files(media_root)) == 1
    assert AuditEntry.objects.filter(action="documents.document.created").count() == 1


def test_the_page_of_a_queued_document_refreshes_itself_without_any_script_or_style(
    editor_client,
):
    editor_client.post(
        URL, {"file": SimpleUploadedFile("plan.pdf", make_pdf(PDF_PAGES)), "sharing": "network"}
    )
    document = Document.objects.get()
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress value="0" max="2">' in page
    assert "0 af 2 afsnit" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "an inline script"
    assert not re.search(r"\sstyle=", page), "an inline style"


def test_a_word_document_is_read_with_its_headings(editor_client):
    data = make_docx([("Overskrift1", "Energi"), ("", PARAGRAPH)])
    editor_client.post(URL, {"file": SimpleUploadedFile("plan.docx", data), "sharing": "network"})
    document = Document.objects.get()
    assert document.file_type == "docx" and document.status == "queued"


def test_a_short_pasted_text_is_screened_at_once_with_its_evidence(editor_client, media_root):
    response = editor_client.post(URL, {"text": CLIMATE_PLAN, "sharing": "network"})
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.status == "done" and document.method == "terms" and document.job is None
    assert document.title == "Klimaplan 2030"  # the text's first heading
    assert document.goals == [7, 11, 12, 13]
    assert stored_files(media_root) == []
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert '<mark class="g7" title="Verdensmål 7, delmål 7.2">varmepumper</mark>' in page


def test_a_long_pasted_text_goes_to_the_worker(editor_client):
    long_text = "\n\n".join([CLIMATE_PLAN] * 4)
    editor_client.post(URL, {"text": long_text, "title": "Lang plan", "sharing": "network"})
    document = Document.objects.get()
    assert document.status == "queued" and document.method == "auto"
    assert document.job is not None


def test_the_secretariat_chooses_the_organisation(client, secretariat, herning):
    client.force_login(secretariat)
    page = client.get(URL).content.decode()
    assert 'name="organisation"' in page
    client.post(
        URL,
        {"organisation": herning.pk, "text": CLIMATE_PLAN, "title": "Plan", "sharing": "public"},
    )
    assert Document.objects.get().organisation == herning


def test_an_editor_cannot_screen_for_another_organisation(editor, herning):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.document_create(actor=editor, organisation=herning, text=CLIMATE_PLAN)
    assert Document.objects.count() == 0
