import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_smoke(tmp_path):
    from gongkai.publishing.build import rebuild_all
    from gongkai.publishing.files import existing_files
    with override_settings(GONGKAI_PUBLISH_ROOT=tmp_path / "pub"):
        result = rebuild_all(lambda d, t, a: None)
        print(result)
        for f in sorted(existing_files(tmp_path / "pub")):
            print(f)
        html = (tmp_path / "pub/agency-a/index.html").read_text()
        assert "csrfmiddlewaretoken" not in html
        print(html[:3000])
