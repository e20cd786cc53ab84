"""Every signed-in person finds the token page in the user menu, in Vietnamese."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_user_menu_links_the_token_page(client, world):
    client.force_login(world.reporter_hp_a)
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("api:tokens")}" data-testid="api-tokens">Mã truy cập API<' in page
    assert client.get(reverse("api:tokens")).status_code == 200
