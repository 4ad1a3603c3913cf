"""Two-factor authentication (TOTP) for the back office, on django-otp.

Every staff account may enrol an authenticator app (账号设置 → 双因素认证); from then on the
back office asks for its six-digit code after the password. The site group may require it of
the accounts that manage others (``SiteGroup.requires_two_factor``): such an account without
a device is sent to enrolment before any other page of the back office.
"""
