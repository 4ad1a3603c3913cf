"""A refused action comes back inside the form that asked for it, and the page opens at
that form (the form posts to a URL whose fragment is the form's section): no JavaScript."""

import re

import pytest
import time_machine

from gongkai.applications.models import Application, State

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(at(2026, 10, 20), tick=False):
        yield


def section(html: str, name: str) -> str:
    start = html.index(f'id="action-{name}"')
    return html[start : html.index("</section>", start)]


def test_each_form_posts_to_its_own_section(client, persona, register):
    app = register().application
    persona(client, "officer_a")
    html = client.get(f"/admin/applications/{app.pk}/").content.decode()
    targets = re.findall(r'action="/admin/applications/\d+/do/([a-z_]+)/#action-([a-z_]+)"', html)
    assert targets and all(name == anchor for name, anchor in targets)
    assert {"reply", "extend", "request_correction"} <= {name for name, _ in targets}


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        # Refused by the action (a rule of the Regulations): shown among the form's errors.
        (
            "reply",
            {
                "outcome": "art36_2_disclose",
                "text": "予以公开。",
                "replied_on": "2026-09-01",
                "obtain_how": "电子邮件",
            },
            "答复日期不能早于收到申请之日（2026-09-21）",
        ),
        # Refused by the form: at its field.
        ("start_consultation", {"on": "2026-10-21"}, ""),
        (
            "request_correction",
            {"on": "2026-10-19", "correct_by": "2026-10-30", "note": " "},
            "",
        ),
    ],
)
def test_a_refusal_is_shown_inside_its_form_and_not_elsewhere(
    client, persona, register, name, data, error
):
    app = register().application
    persona(client, "officer_a")
    response = client.post(f"/admin/applications/{app.pk}/do/{name}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    bound = dict((a.name, f) for a, f in response.context["case_forms"])[name]
    assert bound.errors
    inside = section(html, name)
    for message in [error] if error else [m for ms in bound.errors.values() for m in ms]:
        assert message in inside
        # Nowhere else on the page: not in another form, not in the page's notices.
        assert html.count(message) == inside.count(message)
    assert f'action="/admin/applications/{app.pk}/do/{name}/#action-{name}"' in inside
    assert Application.objects.get(pk=app.pk).state == State.PROCESSING
