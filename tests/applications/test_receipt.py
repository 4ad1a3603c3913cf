"""Art. 31: the legal receipt date for each channel."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications.actions import ActionError, do_confirm_receipt
from gongkai.applications.models import Channel, ReceiptError, State, legal_receipt_date
from tests.applications.conftest import at, d

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def test_in_person_is_the_day_handed_in():
    assert legal_receipt_date(Channel.IN_PERSON, at(2026, 9, 21, 16), None) == d(2026, 9, 21)


def test_signed_for_letter_is_the_day_of_signature_in_china():
    # Signed at 01:30 in Shanghai on 09-22 = 17:30 UTC on 09-21: the Chinese date counts.
    signed = datetime(2026, 9, 21, 17, 30, tzinfo=UTC)
    assert legal_receipt_date(Channel.SIGNED_LETTER, signed, None) == d(2026, 9, 22)


def test_arrival_channels_refuse_a_different_confirmation_date():
    with pytest.raises(ReceiptError):
        legal_receipt_date(Channel.IN_PERSON, at(2026, 9, 21), d(2026, 9, 22))
    assert legal_receipt_date(Channel.IN_PERSON, at(2026, 9, 21), d(2026, 9, 21)) == d(2026, 9, 21)


@pytest.mark.parametrize("channel", [Channel.ORDINARY_LETTER, Channel.ONLINE, Channel.FAX])
def test_confirmation_channels_use_the_confirmation_day(channel):
    arrived = at(2026, 9, 18, 17)
    assert legal_receipt_date(channel, arrived, None) is None
    assert legal_receipt_date(channel, arrived, d(2026, 9, 21)) == d(2026, 9, 21)
    with pytest.raises(ReceiptError):
        legal_receipt_date(channel, arrived, d(2026, 9, 17))


@pytest.mark.parametrize(
    ("channel", "confirmed_on", "state", "received_on"),
    [
        ("in_person", None, State.PROCESSING, d(2026, 9, 18)),
        ("signed_letter", None, State.PROCESSING, d(2026, 9, 18)),
        ("ordinary_letter", d(2026, 9, 18), State.PROCESSING, d(2026, 9, 18)),
        ("ordinary_letter", None, State.AWAITING_CONFIRMATION, None),
        ("fax", d(2026, 9, 21), State.PROCESSING, d(2026, 9, 21)),
        ("online", None, State.AWAITING_CONFIRMATION, None),
    ],
)
def test_staff_registration_per_channel(register, channel, confirmed_on, state, received_on):
    app = register(
        channel=channel, arrived=at(2026, 9, 18, 17), confirmed_on=confirmed_on
    ).application
    assert (app.state, app.received_on) == (state, received_on)


def test_fax_confirmed_two_days_later_moves_the_deadline(register, users):
    app = register(channel="fax", arrived=at(2026, 9, 17, 17)).application
    app = do_confirm_receipt(app, confirmed_on=d(2026, 9, 21), acting_user=users["officer_a"])
    assert app.received_on == d(2026, 9, 21)
    assert app.reply_due == d(2026, 10, 26)


def test_confirmation_before_arrival_is_refused(register, users):
    app = register(channel="ordinary_letter", arrived=at(2026, 9, 18)).application
    with pytest.raises(ActionError):
        do_confirm_receipt(app, confirmed_on=d(2026, 9, 17), acting_user=users["officer_a"])


def test_applicant_cannot_confirm_for_the_agency(register):
    with pytest.raises(ActionError, match="确认"):
        register(acting_user=None, channel="online", confirmed_on=d(2026, 9, 21))


def test_naive_arrival_is_refused(register):
    with pytest.raises(ActionError):
        register(arrived=datetime(2026, 9, 21, 10))  # noqa: DTZ001 - the case under test
