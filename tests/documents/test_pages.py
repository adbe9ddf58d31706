"""The document pages and downloads: sharing levels obeyed everywhere, the per-goal summary, the
passages with their evidence marked, each goal leading to the passages and words behind it, the
CSV (both dialects) and the PDF; Danish and English; the editor's changes audit-logged."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from verdensmaal.audit.models import AuditEntry
from verdensmaal.documents import services
from verdensmaal.documents.models import Document

from .conftest import CLIMATE_PLAN, PDF_PAGES, make_pdf, stored_files

DOWNLOADS = ["csv", "csv-excel", "pdf"]


@pytest.fixture
def documents(editor, vejle):
    """One screened document of Vejle's at each sharing level."""
    return {
        sharing: services.document_create(
            actor=editor,
            organisation=vejle,
            title=f"Plan ({sharing})",
            text=CLIMATE_PLAN,
            sharing=sharing,
        )
        for sharing in ("private", "network", "public")
    }


@pytest.fixture
def other_editor(herning):
    from verdensmaal.accounts.services import user_create

    return user_create(
        actor=None,
        username="herning-editor",
        email="herning-editor@example.org",
        password="secret-password-1",
        role="editor",
        organisation=herning,
    )


READERS = {
    # who: the sharing levels of Vejle's documents they may read
    "anonymous": {"public"},
    "participant": {"network", "public"},  # a member of the network, from Herning
    "other_editor": {"network", "public"},
    "editor": {"private", "network", "public"},  # Vejle's own
    "secretariat": {"private", "network", "public"},
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_sharing_levels_decide_who_reads_each_page_and_download(reader, client, documents, request):
    if reader != "anonymous":
        client.force_login(request.getfixturevalue(reader))
    listed = client.get("/screening/").content.decode()
    for sharing, document in documents.items():
        readable = sharing in READERS[reader]
        expected = 200 if readable else 404
        assert client.get(document.get_absolute_url()).status_code == expected
        for file_format in DOWNLOADS:
            url = f"/screening/{document.pk}/download/{file_format}/"
            assert client.get(url).status_code == expected, (sharing, file_format)
        assert (document.title in listed) == readable


def test_the_uploaded_file_is_downloaded_only_by_those_who_may_read_the_document(
    client, editor, vejle, participant
):
    data = make_pdf(PDF_PAGES)
    document = services.document_create(
        actor=editor,
        organisation=vejle,
        upload=SimpleUploadedFile("plan.pdf", data),
        sharing="private",
    )
    url = f"/screening/{document.pk}/file/"
    assert client.get(url).status_code == 404
    client.force_login(participant)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert 'filename="plan.pdf"' in response["Content-Disposition"]


def test_only_the_organisations_editors_and_the_secretariat_change_a_document(
    client, documents, other_editor, participant
):
    document = documents["network"]
    for user in (other_editor, participant):
        client.force_login(user)
        assert client.get(f"/screening/{document.pk}/edit/").status_code == 403
        assert client.post(f"/screening/{document.pk}/delete/").status_code == 403
        assert client.post(f"/screening/{document.pk}/screen-again/").status_code == 403
        assert client.get(f"/screening/{document.pk}/strategy/").status_code == 403
    client.force_login(other_editor)
    assert client.get(f"/screening/{documents['private'].pk}/edit/").status_code == 404
    assert Document.objects.count() == 3


def test_the_summary_gives_each_goals_share_its_words_and_the_goals_absent(
    editor_client, documents
):
    page = editor_client.get(documents["public"].get_absolute_url()).content.decode()
    assert "Verdensmålene i dokumentet" in page
    assert '<meter min="0" max="1" value="0.250">25 %</meter> 25 %' in page
    assert "varmepumper" in page and "klimatilpasningsplan" in page
    assert "Verdensmål, der ikke behandles" in page
    # goal 7 leads to its passages; goal 4 (education) is absent and has no passages link
    assert 'href="?goal=7#passages"' in page and 'href="?goal=4#passages"' not in page
    assert 'id="passage-1"' in page and 'id="passage-4"' in page


def test_a_goal_leads_to_the_passages_and_words_behind_it(editor_client, documents):
    page = editor_client.get(documents["public"].get_absolute_url() + "?goal=13").content.decode()
    assert "Afsnittene bag verdensmål 13" in page
    assert 'id="passage-2"' in page and 'id="passage-1"' not in page
    mark = '<mark class="g13" title="Verdensmål 13, delmål 13.1">'
    assert f"{mark}klimatilpasningsplan</mark>" in page
    # only goal 13's words are marked here; goal 11's "skybrud" is marked for 13 as well
    assert 'class="g11' not in page
    assert f"{mark}skybrud</mark>" in page


def test_the_page_in_english(client, documents):
    client.cookies["django_language"] = "en"
    page = client.get(documents["public"].get_absolute_url()).content.decode()
    assert "Goals in the document" in page and "Goals not addressed" in page
    assert 'title="Goal 7, target 7.2">varmepumper</mark>' in page
    assert "CSV for Danish Excel" in page


def test_the_csv_for_danish_excel(client, documents):
    response = client.get(f"/screening/{documents['public'].pk}/download/csv-excel/")
    assert response["Content-Disposition"] == 'attachment; filename="screening-plan-public.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:7] == ["Afsnit", "Side", "Overskrifter", "Sprog", "Verdensmål", "Delmål", "Ord"]
    assert rows[0][7] == "Score for verdensmål 1" and rows[0][-1] == "Tekst"
    assert len(rows) == 5
    energy = rows[1]
    assert energy[0] == "1" and energy[2] == "Klimaplan 2030 › Energi" and energy[4] == "7"
    assert energy[5] == "7.2" and "varmepumper (7.2)" in energy[6]
    assert "," in energy[7 + 6] and "." not in energy[7 + 6]  # goal 7's score, decimal comma
    assert rows[4][4] == "" and rows[4][5] == ""  # the canteen's opening hours: no goal


def test_the_international_csv_in_english(client, documents):
    client.cookies["django_language"] = "en"
    response = client.get(f"/screening/{documents['public'].pk}/download/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Passage", "Page", "Headings", "Language", "Goals"]
    assert float(rows[1][7 + 6]) > 0.5


def test_the_pdf_has_the_summary_and_the_passages_with_their_goals(client, documents):
    from pypdf import PdfReader

    response = client.get(f"/screening/{documents['public'].pk}/download/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    ).replace("\n", " ")
    assert "Plan (public)" in text and "Verdensmålene i dokumentet" in text
    assert "Afsnit 1" in text and "Verdensmål: 7" in text and "varmepumper" in text


def test_an_unknown_download_is_not_found(client, documents):
    assert client.get(f"/screening/{documents['public'].pk}/download/xml/").status_code == 404


def test_an_editor_changes_the_sharing_level_and_the_change_is_logged(
    editor_client, documents, client
):
    document = documents["public"]
    response = editor_client.post(
        f"/screening/{document.pk}/edit/",
        {"title": "Klimaplan", "language": "da", "sharing": "private"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Klimaplan" and document.sharing == "private"
    entry = AuditEntry.objects.get(action="documents.document.updated")
    assert entry.changes["sharing"] == ["public", "private"]
    client.logout()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_short_text_is_screened_again_in_the_background(editor_client, documents):
    document = documents["network"]
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "Screen igen med sprogmodellen" in page
    editor_client.post(f"/screening/{document.pk}/screen-again/")
    document.refresh_from_db()
    assert document.status == "queued" and document.method == "auto" and document.job
    assert AuditEntry.objects.filter(action="documents.document.queued").count() == 1
    # queued already: a second request is refused with a message, nothing queued twice
    response = editor_client.post(f"/screening/{document.pk}/screen-again/", follow=True)
    assert "Dokumentet er allerede ved at blive screenet." in response.content.decode()
    assert Document.objects.get(pk=document.pk).job_id == document.job_id


def test_removing_a_document_removes_its_file(
    editor, vejle, editor_client, media_root, django_capture_on_commit_callbacks
):
    document = services.document_create(
        actor=editor, organisation=vejle, upload=SimpleUploadedFile("p.pdf", make_pdf(PDF_PAGES))
    )
    assert len(stored_files(media_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/screening/{document.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/screening/"
    assert not Document.objects.exists() and stored_files(media_root) == []
    assert AuditEntry.objects.filter(action="documents.document.deleted").count() == 1


def test_the_change_log_reads_the_documents_entries_in_words(client, secretariat, documents):
    client.force_login(secretariat)
    page = client.get("/changes/").content.decode()
    assert "Dokument tilføjet til screening" in page and "Dokument screenet" in page
