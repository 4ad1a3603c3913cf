"""The public form's defences (challenge, CSRF, rate limit, duplicates, input) and statistics."""

import hashlib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client, RequestFactory, override_settings

from gongkai.agencies.models import Agency, Department
from gongkai.formguard import spam
from gongkai.interaction import actions
from gongkai.interaction.forms import MessageForm
from gongkai.interaction.models import Campaign, Message
from gongkai.interaction.statistics import yearly_statistics
from tests.challenge import spam_answer

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW = "/messages/agency-a/new/"
T0 = 1_600_000_000  # 2020-09-13 20:26:40 in Shanghai
MONDAY = datetime(2024, 5, 6, 9, tzinfo=SHANGHAI).timestamp()
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()


def issued(at):
    """A challenge shown at ``at`` (a timestamp): its question and token."""
    with time_machine.travel(at, tick=False):
        return spam.new_challenge()


def solved(at):
    """A token shown ten seconds before ``at`` and its answer."""
    question, token = issued(at - 10)
    return {"token": token, "answer": spam_answer(question)}


def form_data(at, **fields):
    return {
        "kind": "inquiry",
        "subject": "出租车巡游价格如何投诉",
        "body": "出租车不打表应向哪个部门反映？",
        "name": "郑十一",
        "phone": "13312345678",
        "public_allowed": "on",
        "website": "",
        **solved(at),
        **fields,
    }


@pytest.mark.parametrize(("age", "passes"), [(2, False), (3, True), (1800, True), (1801, False)])
def test_a_challenge_is_good_from_three_seconds_to_thirty_minutes(age, passes):
    question, token = issued(T0)
    with time_machine.travel(T0 + age, tick=False):
        assert (spam.check_challenge(token, spam_answer(question)) is spam.Verdict.PASSED) is passes


def test_a_tampered_or_foreign_token_fails():
    question, token = issued(T0)
    other_question, other_token = issued(T0)
    with override_settings(SECRET_KEY="another-installation-key-" + "k" * 30):
        foreign_question, foreign_token = issued(T0)
    signer = signing.TimestampSigner(salt=spam.CHALLENGE_SALT)
    with time_machine.travel(T0 + 60, tick=False):
        answer = spam_answer(question)
        assert spam.check_challenge(token, answer) is spam.Verdict.PASSED
        payload, stamp, signature = token.rsplit(":", 2)
        other_payload = other_token.rsplit(":", 2)[0]
        older = signing.b62_encode(T0 - 600)
        other_salt = signing.TimestampSigner(salt="another.form").sign_object(
            signer.unsign_object(token)
        )
        refused = {
            "payload swapped": (
                f"{other_payload}:{stamp}:{signature}",
                spam_answer(other_question),
            ),
            "made to look older": (f"{payload}:{older}:{signature}", answer),
            "signature altered": (f"{payload}:{stamp}:{signature[:-2]}xx", answer),
            "another salt": (other_salt, answer),
            "another key": (foreign_token, spam_answer(foreign_question)),
            "not a dict": (signer.sign_object(["nonce", "digest"]), answer),
            "no digest": (signer.sign_object({"nonce": "00"}), answer),
            "empty": ("", answer),
        }
    with time_machine.travel(T0 + 60, tick=False):
        for name, (bad_token, bad_answer) in refused.items():
            assert spam.check_challenge(bad_token, bad_answer) is not spam.Verdict.PASSED, name


def test_the_answer_is_read_as_a_person_types_it():
    question, token = issued(T0)
    answer = spam_answer(question)
    with time_machine.travel(T0 + 60, tick=False):
        for typed in (answer, f" {answer} ", f"0{answer}", answer.translate(FULL_WIDTH)):
            assert spam.check_challenge(token, typed) is spam.Verdict.PASSED, typed
        for typed in (str(int(answer) + 1), "", "八", f"-{answer}", f"{answer}.0"):
            assert spam.check_challenge(token, typed) is not spam.Verdict.PASSED, typed


def test_each_challenge_has_its_own_nonce_and_a_keyed_digest():
    signer = signing.TimestampSigner(salt=spam.CHALLENGE_SALT)
    payloads = [signer.unsign_object(issued(T0)[1]) for _ in range(20)]
    nonces = {p["nonce"] for p in payloads}
    assert len(nonces) == 20 and all(re.fullmatch("[0-9a-f]{16}", n) for n in nonces)
    # Without the server's key no script can rebuild the digest of any possible answer.
    guesses = {
        hashlib.sha256(text.encode()).hexdigest()
        for p in payloads
        for n in range(2, 19)
        for text in (str(n), f"{p['nonce']}:{n}")
    }
    assert not guesses & {p["digest"] for p in payloads}


def test_a_new_challenge_keeps_what_the_person_typed_and_empties_the_answer():
    agency = Agency.objects.get(slug="agency-a")
    form = MessageForm(QueryDict("subject=公交卡&body=退卡&answer=7&token=old"), agency=agency)
    with time_machine.travel(T0, tick=False):
        question = spam.refresh_challenge(form)
        blank = MessageForm(agency=agency)
        blank_question = spam.refresh_challenge(blank)
    assert (form.data["subject"], form.data["body"], form.data["answer"]) == ("公交卡", "退卡", "")
    assert re.fullmatch(
        "[一二三四五六七八九]加[一二三四五六七八九]等于几？（请填写阿拉伯数字）", question
    )
    with time_machine.travel(T0 + 60, tick=False):
        assert (
            spam.check_challenge(form.data["token"], spam_answer(question)) is spam.Verdict.PASSED
        )
        assert (
            spam.check_challenge(blank.initial["token"], spam_answer(blank_question))
            is spam.Verdict.PASSED
        )


def test_rate_limit_counts_each_scope_and_address_and_forgets_after_an_hour():
    with time_machine.travel(T0, tick=False):
        assert [spam.rate_limited("address-1") for _ in range(7)] == [False] * 5 + [True] * 2
        assert spam.rate_limited("address-1", scope="tracking") is False
        assert spam.rate_limited("address-2") is False
    with time_machine.travel(T0 + 3599, tick=False):
        assert spam.rate_limited("address-1") is True
    with time_machine.travel(T0 + 3601, tick=False):
        assert spam.rate_limited("address-1") is False


def test_the_address_is_kept_only_as_a_keyed_hash():
    def hashed(ip):
        return spam.client_ip_hash(RequestFactory().get("/", REMOTE_ADDR=ip))

    first = hashed("10.1.2.3")
    assert re.fullmatch("[0-9a-f]{64}", first) and first == hashed("10.1.2.3")
    assert first != hashed("10.1.2.4")
    assert first != hashlib.sha256(b"10.1.2.3").hexdigest()
    with override_settings(SECRET_KEY="another-installation-key-" + "k" * 30):
        assert hashed("10.1.2.3") != first


def test_a_person_reading_the_form_submits_it_through_the_csrf_check():
    browser = Client(enforce_csrf_checks=True)
    with time_machine.travel(MONDAY, tick=False):
        page = browser.get(NEW)
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode())[1]
    data = {**form_data(MONDAY), "token": token, "answer": spam_answer(page.context["question"])}
    with time_machine.travel(MONDAY + 10, tick=False):
        assert browser.post(NEW, data).status_code == 403
        assert browser.post("/messages/track/", {"tracking_code": "x"}).status_code == 403
        assert not Message.objects.exists()
        csrf = browser.cookies["csrftoken"].value
        accepted = browser.post(NEW, {**data, "csrfmiddlewaretoken": csrf})
    assert accepted.status_code == 200 and "留言已提交" in accepted.content.decode()
    assert Message.objects.get().subject == "出租车巡游价格如何投诉"


def test_a_sixth_message_in_an_hour_is_refused_in_chinese_and_keeps_the_text(client):
    with time_machine.travel(MONDAY, tick=False):
        for number in range(1, 6):
            data = form_data(MONDAY, subject=f"第{number}个问题", body=f"问题内容{number}")
            assert client.post(NEW, data, REMOTE_ADDR="10.1.2.3").status_code == 200
        sixth = form_data(MONDAY, subject="第6个问题", body="问题内容6")
        refused = client.post(NEW, sixth, REMOTE_ADDR="10.1.2.3")
    html = refused.content.decode()
    assert refused.status_code == 429 and "提交过于频繁，请一小时后再试。" in html
    assert 'value="第6个问题"' in html and "问题内容6</textarea>" in html
    assert re.search(r'<input[^>]*name="answer"(?![^>]*value=)[^>]*>', html)
    assert f'value="{sixth["token"]}"' not in html  # a new question to answer
    assert Message.objects.count() == 5
    an_hour_later = MONDAY + 3601
    with time_machine.travel(an_hour_later, tick=False):
        data = form_data(an_hour_later, subject="第6个问题", body="问题内容6")
        again = client.post(NEW, data, REMOTE_ADDR="10.1.2.3")
    assert again.status_code == 200 and Message.objects.count() == 6


def test_bad_input_is_explained_in_chinese_and_the_text_is_kept(client):
    data = form_data(MONDAY, kind="petition", name="", phone="1331234567")
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "选择一个有效的选项。 petition 不在可用的选项中。" in html
    assert "请填写姓名。" in html
    assert "请填写有效的手机号码或带区号的固定电话。" in html
    assert 'value="出租车巡游价格如何投诉"' in html and "出租车不打表应向哪个部门反映？" in html
    assert not Message.objects.exists()


def test_only_an_open_campaign_of_the_same_agency_can_be_chosen(client):
    agency_a, agency_b = Agency.objects.get(slug="agency-a"), Agency.objects.get(slug="agency-b")
    closed = Campaign.objects.create(agency=agency_a, title="已结束的征集", is_open=False)
    foreign = Campaign.objects.create(agency=agency_b, title="乙局的征集")
    open_a = Campaign.objects.create(agency=agency_a, title="我为甲市交通献一策")
    with time_machine.travel(MONDAY, tick=False):
        for campaign in (closed, foreign):
            response = client.post(NEW, form_data(MONDAY, campaign=campaign.pk))
            assert (
                response.status_code == 400
                and "选择一个有效的选项： 该选择不在可用的选项中。" in response.content.decode()
            )
        assert client.post(NEW, form_data(MONDAY, campaign=open_a.pk)).status_code == 200
    assert Message.objects.get().campaign == open_a


def test_an_accepted_message_keeps_everything_as_typed(client):
    body = "长" * 2000  # the limit itself is allowed
    data = form_data(MONDAY, kind="complaint", body=body, phone="0792 8123456")
    del data["public_allowed"]
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(NEW, data, REMOTE_ADDR="10.1.2.3")
    message = Message.objects.get()
    assert response.status_code == 200 and message.tracking_code in response.content.decode()
    assert (message.kind, message.body, message.name) == ("complaint", body, "郑十一")
    assert (message.phone, message.public_allowed) == ("07928123456", False)
    assert message.received_at.timestamp() == MONDAY
    assert message.ip_hash == spam.client_ip_hash(RequestFactory().get("/", REMOTE_ADDR="10.1.2.3"))
    assert "10.1.2.3" not in str(Message.objects.values().get())


def test_duplicates_are_caught_across_spacing_but_not_across_agencies(client):
    with time_machine.travel(MONDAY, tick=False):
        assert client.post(NEW, form_data(MONDAY)).status_code == 200
        spaced = form_data(
            MONDAY, subject="出租车 巡游价格如何投诉", body=" 出租车不打表应向哪个部门反映？ "
        )
        response = client.post(NEW, spaced)
        assert response.status_code == 400
        assert "相同内容的留言已经提交过，请勿重复提交。" in response.content.decode()
        assert client.post("/messages/agency-b/new/", form_data(MONDAY)).status_code == 200
    assert sorted(Message.objects.values_list("agency__slug", flat=True)) == [
        "agency-a",
        "agency-b",
    ]


def handled(kind, received, replied=None, agency="agency-a", redirect=False):
    """A message received at ``received``; answered at ``replied`` if given."""
    username = "officer_a" if agency == "agency-a" else "officer_b"
    reviewer = get_user_model().objects.get(username=username)
    message, _secret = actions.do_submit(
        Agency.objects.get(slug=agency),
        kind=kind,
        subject=f"{kind}留言",
        body="内容",
        name="郑十一",
        phone="13312345678",
        public_allowed=True,
        received_at=received,
    )
    if redirect:
        actions.do_redirect(message, "转信访。", acting_user=reviewer)
    elif replied is not None:
        transport = Department.objects.get(agency__slug=agency, slug="transport")
        actions.do_assign(message, transport, acting_user=reviewer)
        actions.do_draft_reply(message, "答复。", acting_user=reviewer)
        with time_machine.travel(replied, tick=False):
            actions.do_approve_reply(message, acting_user=reviewer)
    return message


def test_yearly_statistics_count_by_kind_within_shanghai_years(client):
    monday = datetime(2020, 11, 2, 10, tzinfo=SHANGHAI)  # no holiday in November 2020
    handled("inquiry", monday, datetime(2020, 11, 3, 10, tzinfo=SHANGHAI))  # 1 working day
    handled("inquiry", monday, datetime(2020, 11, 4, 10, tzinfo=SHANGHAI))  # 2
    handled("inquiry", monday, datetime(2020, 11, 4, 16, tzinfo=SHANGHAI))  # 2
    handled("inquiry", monday)  # still open
    handled("suggestion", monday, redirect=True)  # finished, but not answered
    drafted = handled("suggestion", monday)
    actions.do_draft_reply(
        drafted, "草稿。", acting_user=get_user_model().objects.get(username="officer_a")
    )
    # 29, 30 Sep, 9 Oct and Saturday 10 Oct (worked); 1-8 Oct are the National Day holiday.
    handled(
        "complaint",
        datetime(2020, 9, 28, 10, tzinfo=SHANGHAI),
        datetime(2020, 10, 10, 10, tzinfo=SHANGHAI),
    )
    handled("complaint", datetime(2019, 12, 31, 15, 59, 59, tzinfo=UTC))  # 23:59:59 in Shanghai
    handled("complaint", datetime(2020, 12, 31, 16, 0, 0, tzinfo=UTC))  # 1 Jan 2021 in Shanghai
    handled("inquiry", monday, datetime(2020, 11, 3, 10, tzinfo=SHANGHAI), agency="agency-b")
    response = client.get("/messages/agency-a/statistics.json", {"year": "2020"})
    data = response.json()
    assert (data["agency"], data["year"]) == ("甲市交通运输局", 2020)
    assert {kind: list(row.values()) for kind, row in data["kinds"].items()} == {
        # label, received, answered, average reply time (5 / 3 days), longest reply time
        "inquiry": ["咨询", 4, 3, 1.7, 2],
        "suggestion": ["建议", 2, 0, None, None],
        "complaint": ["投诉", 1, 1, 4.0, 4],
    }
    agency = Agency.objects.get(slug="agency-a")
    for year, complaints in ((2019, 1), (2021, 1), (2022, 0)):
        kinds = yearly_statistics(agency, year)["kinds"]
        assert [row["received"] for row in kinds.values()] == [0, 0, complaints], year
    with time_machine.travel(datetime(2020, 12, 1, 9, tzinfo=SHANGHAI), tick=False):
        html = client.get("/messages/agency-a/").content.decode()
    assert "<tr><td>咨询</td><td>4</td><td>3</td><td>1.7</td><td>2</td></tr>" in html
    assert "<tr><td>建议</td><td>2</td><td>0</td><td>—</td><td>—</td></tr>" in html


def test_statistics_refuse_a_year_that_is_not_a_number():
    client = Client()
    response = client.get("/messages/agency-a/statistics.json", {"year": "二〇二〇"})
    assert response.status_code == 400
    assert response.json() == {"error": "年份参数应为数字 / year must be a number"}
    assert client.get("/messages/nowhere/statistics.json").status_code == 404
    readable = client.get("/messages/agency-a/statistics.json", {"year": "2020"})
    assert "咨询" in readable.content.decode()  # Chinese as text, not \u escapes
