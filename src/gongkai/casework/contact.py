"""How the public forms of every case app read a contact number."""

import re

#: A mainland mobile (11 digits from 13–19) or a landline with its area code.
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
