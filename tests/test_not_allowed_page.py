"""A 405 says what to do instead: an upload's address opened by hand sends the runner back
to the form, with a link; any other form's address says so too. Nothing changes."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.http import browser_client, page_text
from tests.world import World


def test_opening_the_upload_address_explains_the_upload_form_and_links_to_the_week(
    world: World,
) -> None:
    before = world.state()

    response = browser_client(world.runner.user).get(reverse("planner:upload_run"))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = page_text(response)
    assert "To upload a run, go back to your week and use the upload form there" in text
    assert f'href="{reverse("planner:my_week")}">Back to your week</a>' in text
    assert "Nothing was changed." in text
    assert world.state() == before


def test_opening_a_blocks_upload_address_links_the_coach_back_to_the_block(world: World) -> None:
    url = reverse("planner:coach_upload_run", args=[world.block.pk])

    response = browser_client(world.owner).get(url)

    assert response.status_code == 405
    text = page_text(response)
    assert "go back to the block and use its upload form" in text
    assert f'href="{reverse("planner:block_detail", args=[world.block.pk])}"' in text


def test_any_other_forms_address_says_to_send_the_form_from_its_page(world: World) -> None:
    before = world.state()
    url = reverse("planner:log_done", args=[world.session.pk])

    response = browser_client(world.runner.user).get(url)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = page_text(response)
    assert "Go back to the page with the form and send it from there." in text
    assert f'href="{reverse("planner:home")}">Back to Fast Finish</a>' in text
    assert world.state() == before


def test_a_405_page_is_private_like_every_signed_in_page(world: World) -> None:
    response = browser_client(world.runner.user).get(reverse("planner:upload_run"))

    assert response["Cache-Control"] == "private, no-store"
    assert "HX-Request" in response["Vary"]


def test_a_405_without_signing_in_has_a_body_too(db: None) -> None:
    response = Client().post("/healthz")

    assert response.status_code == 405
    assert "Go back to the page with the form" in page_text(response)


def test_opening_the_logout_address_says_how_to_log_out_and_keeps_you_signed_in(
    world: World,
) -> None:
    client = browser_client(world.runner.user)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert "To log out, press Log out at the top of any page." in page_text(response)
    assert client.get(reverse("planner:my_week")).status_code == 200
