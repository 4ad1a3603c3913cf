"""Staff passwords: at least 10 characters, not common, not like the login."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    [
        "Jx7#kq2!p",  # nine characters
        "password123",  # a common password
        "zhangwei-agency-a",  # the login itself, lightly dressed
    ],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="zhangwei-agency-a", first_name="伟", last_name="张")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    user = get_user_model()(username="zhangwei-agency-a")
    validate_password("湖水-Jx7#kq2!p-蓝", user)
