"""Tag fields in the admin keep the names an editor confirmed with Enter."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", password="x")
    client.force_login(user)
    return user


def test_the_theme_form_loads_the_script_that_keeps_typed_tags(client, editor):
    html = client.get("/admin/themes/new/").content.decode()
    assert 'src="/static/leren/js/tag_input.js"' in html
    assert 'data-controller="w-tag"' in html
    assert finders.find("leren/js/tag_input.js")
