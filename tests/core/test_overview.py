"""After logging in, each role lands on its own overview ("Mit overblik")."""

import pytest


@pytest.fixture
def demo(reference):
    from verdensmaal.portal.demo import demo_load

    demo_load(with_data=False)


def _login(client, username: str, password: str):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, follow=True
    )


def test_logging_in_lands_on_the_overview(client, demo):
    response = _login(client, "redaktoer", "demo-redaktoer-2020")
    assert response.redirect_chain[-1][0] == "/overview/"
    page = response.content.decode()
    assert "Mit overblik" in page and "Vejle" in page and "/data/import/" in page


def test_the_secretariat_sees_tasks_enquiries_and_unpaid_invoices(client, demo):
    page = _login(client, "sekretariat", "demo-sekretariat-2020").content.decode()
    assert "Åbne opgaver" in page and "Henvendelser" in page and "Ubetalte fakturaer" in page


def test_a_participant_sees_their_registrations(client, demo):
    page = _login(client, "deltager", "demo-deltager-2020").content.decode()
    assert "Mine tilmeldinger" in page and "Sæson" in page
    assert "/data/import/" not in page


def test_the_overview_needs_a_login(client, demo):
    assert client.get("/overview/").status_code == 302


def test_the_back_office_carries_the_products_name(client, demo):
    page = client.get("/admin/login/").content.decode()
    assert "verdensmaal" in page and "Django" not in page.split("<title>")[1].split("</title>")[0]
