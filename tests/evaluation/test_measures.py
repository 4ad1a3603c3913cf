"""The measured indicators on the records of the small site group, in 2020's first quarter
(its items are from then)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.applications.actions import do_register
from gongkai.applications.models import Application
from gongkai.evaluation import measures
from gongkai.evaluation.periods import Period
from gongkai.interaction import actions as messages
from gongkai.interaction.models import Message, MessageState
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
Q1 = Period(2020, 1)
AT = datetime(2020, 3, 31, 23, tzinfo=SHANGHAI)


def agencies():
    return list(Agency.objects.order_by("slug"))


def by_slug(found):
    return {a.slug: found[a.pk] for a in agencies()}


def test_art26_share_of_items_published_within_20_working_days():
    # 成文 2 January, published 20 March: far beyond 20 working days.
    late = publish_item(
        "agency-a",
        "work-news",
        "甲市交通运输局关于春运工作的总结",
        generated_on=date(2020, 1, 2),
        published=datetime(2020, 3, 20, 10, tzinfo=SHANGHAI),
    )
    assert late.publication_late
    found = by_slug(measures.art26_timeliness(agencies(), Q1, AT))
    a, b = found["agency-a"], found["agency-b"]
    assert (a.numerator, a.denominator, a.share) == (1, 2, 0.5)
    assert [e["label"].split("（")[0] for e in a.evidence] == ["甲市交通运输局关于春运工作的总结"]
    assert (b.numerator, b.denominator, b.share) == (1, 1, 1.0)
    # a quarter with nothing published costs nothing
    assert (
        by_slug(measures.art26_timeliness(agencies(), Period(2020, 2), AT))["agency-a"].share == 1
    )


def _register(agency, arrived):
    return do_register(
        agency=agency,
        acting_user=get_user_model().objects.get(username="officer_a"),
        channel="in_person",
        arrived_at=arrived,
        applicant_kind="natural_person",
        applicant_name="张三",
        id_document_type="id_card",
        id_document_number="11010519491231002X",
        description="公交线路调整的决定",
        provision_form="electronic",
        delivery_route="email",
        phone="13812345678",
    ).application


def test_applications_answered_by_their_due_date():
    agency = Agency.objects.get(slug="agency-a")
    on_time = _register(agency, datetime(2020, 1, 6, 9, tzinfo=SHANGHAI))
    unanswered = _register(agency, datetime(2020, 1, 7, 9, tzinfo=SHANGHAI))
    assert on_time.reply_due < date(2020, 3, 31)
    # the reply itself is casework of its own; here only its date matters
    Application.objects.filter(pk=on_time.pk).update(
        replied_on=on_time.reply_due - timedelta(days=1)
    )
    found = by_slug(measures.applications_on_time(agencies(), Q1, AT))
    a = found["agency-a"]
    assert (a.numerator, a.denominator) == (1, 2)
    assert [e["label"].split("：")[0] for e in a.evidence] == [unanswered.tracking_code]
    assert found["agency-b"].denominator == 0 and found["agency-b"].share == 1.0
    # before the due dates nothing counts yet
    early = datetime(2020, 1, 8, tzinfo=SHANGHAI)
    assert (
        by_slug(measures.applications_on_time(agencies(), Q1, early))["agency-a"].denominator == 0
    )


def test_message_replies_by_their_due_date_redirected_ones_aside():
    agency = Agency.objects.get(slug="agency-b")

    def submit(subject, day):
        return messages.do_submit(
            agency,
            received_at=datetime(2020, 2, day, 9, tzinfo=SHANGHAI),
            kind="inquiry",
            subject=subject,
            body="请问办理时间？",
            name="吴十",
            phone="13612345678",
            public_allowed=True,
        )[0]

    answered, late, redirected = submit("甲", 3), submit("乙", 4), submit("丙", 5)
    Message.objects.filter(pk=answered.pk).update(
        state=MessageState.ANSWERED,
        replied_at=datetime.combine(answered.due_on, datetime.min.time(), SHANGHAI),
    )
    Message.objects.filter(pk=late.pk).update(
        state=MessageState.ANSWERED,
        replied_at=datetime.combine(late.due_on + timedelta(days=3), datetime.min.time(), SHANGHAI),
    )
    Message.objects.filter(pk=redirected.pk).update(state=MessageState.REDIRECTED)
    b = by_slug(measures.message_replies_on_time(agencies(), Q1, AT))["agency-b"]
    assert (b.numerator, b.denominator) == (1, 2)
    assert b.evidence[0]["label"].startswith("乙：")


def test_the_annual_report_before_and_after_its_deadline():
    # The 2019 report (due in 2020) is not published: nothing is lost before its deadline,
    # everything after it.
    before = datetime(2020, 1, 10, tzinfo=SHANGHAI)
    after = datetime(2020, 6, 30, tzinfo=SHANGHAI)
    assert measures.annual_report(agencies(), Q1, before)[agencies()[0].pk].share == 1.0
    assert measures.annual_report(agencies(), Period(2020, 2), after)[agencies()[0].pk].share == 0


def test_contributions_adopted_of_the_quarter_from_the_records():
    from gongkai.contributions.actions import do_adopt, do_return, do_submit
    from gongkai.contributions.mapping import do_set_intake
    from gongkai.contributions.models import Contribution
    from tests.sitegroup import column

    users = get_user_model().objects
    target = column("agency-b", "work-news")
    do_set_intake(target, True, acting_user=users.get(username="group_supervisor"))
    for number, (day, decide) in enumerate(
        [(date(2020, 1, 10), do_adopt), (date(2020, 2, 3), do_adopt), (date(2020, 3, 5), None)]
        + [(date(2020, 3, 20), "return"), (date(2020, 4, 2), do_adopt)]
    ):
        item = publish_item("agency-a", "notices", f"报送的信息{number}", generated_on=day)
        contribution = do_submit(item, target, acting_user=users.get(username="reviewer_a"))
        if decide == "return":
            do_return(contribution, "不属本栏目", acting_user=users.get(username="clerk_b"))
        elif decide:
            decide(contribution, acting_user=users.get(username="clerk_b"))
        moment = datetime.combine(day, datetime.min.time(), SHANGHAI) + timedelta(hours=10)
        Contribution.objects.filter(pk=contribution.pk).update(
            submitted_at=moment, decided_at=moment if decide else None
        )
    found = by_slug(measures.contributions_adoption(agencies(), Q1, AT))
    # Q1 2020: four submitted (10 Jan, 3 Feb, 5 Mar, 20 Mar), two adopted; 2 April is Q2.
    assert (found["agency-a"].share, found["agency-a"].note) == (0.5, "采用 2/报送 4")
    assert found["agency-b"].share == 0  # nothing submitted: nothing earned
