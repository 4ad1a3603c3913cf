"""Protection of the public form without any third-party service.

- a self-hosted arithmetic challenge, signed so the server keeps no state, valid from a few
  seconds (faster than a person types) to 30 minutes after it was shown; the token carries
  only a keyed hash of the answer, so a script cannot read the answer from the page; one
  answer per token (a wrong one spends it) and one form per solved token, claimed in the
  same transaction as what the form stores;
- a honeypot field people never see;
- a per-IP rate limit in the shared cache (the IP itself is only kept hashed);
- duplicate detection by content hash.
"""

import enum
import hashlib
import hmac
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.formguard.models import UsedChallenge

CHALLENGE_SALT = "gongkai.interaction.challenge"
CHALLENGE_MIN_SECONDS = 3
CHALLENGE_MAX_SECONDS = 30 * 60
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60
CHINESE_DIGITS = "零一二三四五六七八九十"


def new_challenge() -> tuple[str, str]:
    """A question in Chinese numerals and the signed token that carries its answer."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = f"{CHINESE_DIGITS[a]}加{CHINESE_DIGITS[b]}等于几？（请填写阿拉伯数字）"
    nonce = secrets.token_hex(8)
    token = signing.TimestampSigner(salt=CHALLENGE_SALT).sign_object(
        {"nonce": nonce, "digest": _answer_digest(nonce, a + b)}
    )
    return question, token


def refresh_challenge(form) -> str:
    """Give ``form`` a new challenge (its answer emptied, all else the person typed kept) and
    return the question to show."""
    question, token = new_challenge()
    if form.is_bound:
        form.data = form.data.copy()
        form.data["token"], form.data["answer"] = token, ""
    else:
        form.initial["token"] = token
    return question


def _answer_digest(nonce: str, answer: int) -> str:
    key = f"{settings.SECRET_KEY}:{CHALLENGE_SALT}".encode()
    return hmac.new(key, f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


class Verdict(enum.Enum):
    PASSED = "passed"
    WRONG = "wrong"  # a wrong answer, or a token forged, expired or already answered
    TOO_FAST = "too fast"  # sent sooner than a person can read the question and type


def check_challenge(token: str, answer: str) -> Verdict:
    """The verdict on ``answer`` to the challenge in ``token``; keeps no state."""
    signer = signing.TimestampSigner(salt=CHALLENGE_SALT)
    try:
        data = signer.unsign_object(token, max_age=CHALLENGE_MAX_SECONDS)
    except signing.BadSignature:
        return Verdict.WRONG
    # A signed value reads "payload:timestamp:signature"; answers faster than a person could
    # type them are from a script.
    age = time.time() - signing.b62_decode(token.rsplit(":", 2)[1])
    if age < CHALLENGE_MIN_SECONDS:
        return Verdict.TOO_FAST
    answer = answer.strip()
    # isdecimal, not isdigit: "²" and "①" are digits that int() cannot read.
    if not answer.isdecimal() or not isinstance(data, dict) or "digest" not in data:
        return Verdict.WRONG
    expected = _answer_digest(str(data.get("nonce", "")), int(answer))
    if hmac.compare_digest(expected, str(data["digest"])):
        return Verdict.PASSED
    return Verdict.WRONG


def answer_challenge(token: str, answer: str) -> Verdict:
    """Like :func:`check_challenge`, but a token takes one answer: a wrong answer spends
    it, so a script cannot try the seventeen possible sums on one question."""
    spent = "challenge-spent:" + _token_digest(token)
    if cache.get(spent):
        return Verdict.WRONG
    verdict = check_challenge(token, answer)
    if verdict is Verdict.WRONG and token:
        cache.set(spent, 1, CHALLENGE_MAX_SECONDS)
    return verdict


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_ip(request) -> str:
    """The address the request came from, as the outermost of our reverse proxies saw it.

    Each of the GONGKAI_TRUSTED_PROXIES proxies appends the address it saw to
    X-Forwarded-For, so entries left of those are the client's own to invent and are never
    read. A request with fewer entries than proxies did not come through them all; its
    REMOTE_ADDR is the best there is.
    """
    proxies = settings.GONGKAI_TRUSTED_PROXIES
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_ip_hash(request) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()


def rate_limited(
    ip_hash: str,
    *,
    scope: str = "interaction",
    limit: int = RATE_LIMIT,
    window: int = RATE_WINDOW_SECONDS,
) -> bool:
    """Count one attempt for this IP in ``scope``; True once it exceeds ``limit`` in the
    window. Each scope (a form, the tracking page) has its own counter."""
    key = f"{scope}-rate:{ip_hash}"
    if cache.add(key, 1, window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        return False
    return count > limit


def refusal(request, form, **limits) -> int | None:
    """The checks of a valid public ``form``, in order: the honeypot, an answer given too
    fast, the per-IP limit (``limits`` are ``rate_limited``'s), the challenge's answer.

    None lets the submission go on; otherwise the refusal is added to the form and the
    status to answer with returned: 429 over the limit, 400 for the rest.
    """
    data = form.cleaned_data
    verdict = answer_challenge(data["token"], data["answer"])
    if data["website"]:
        form.add_error(None, _("提交失败，请刷新页面后重试。"))
    elif verdict is Verdict.TOO_FAST:
        form.add_error(None, _("提交过快，请核对填写的内容后再提交。"))
    # Every answered challenge counts toward the limit, a wrong one too: otherwise a script
    # could guess, fetching a new question each time, until one passed.
    elif rate_limited(client_ip_hash(request), **limits):
        form.add_error(None, _("提交过于频繁，请一小时后再试。"))
        return 429
    elif verdict is not Verdict.PASSED:
        form.add_error("answer", _("验证问题回答错误或已过期，请重新作答。"))
    else:
        return None
    return 400


def content_hash(agency_id: int, subject: str, body: str) -> str:
    normal = "".join((subject + body).split())
    return hashlib.sha256(f"{agency_id}:{normal}".encode()).hexdigest()


def claim_token(token: str, scope: str) -> bool:
    """True the first time a solved challenge token is used in ``scope``, False after.

    One solved challenge submits one form: a reload of the result page or a double click
    re-posts the same token, and a script must not replay it for half an hour. Call it
    inside the transaction that stores the form: if that transaction fails, the claim goes
    with it and the person's retry is not told the form was already sent.
    """
    now = timezone.now()
    UsedChallenge.objects.filter(
        used_at__lt=now - timedelta(seconds=CHALLENGE_MAX_SECONDS)
    ).delete()
    try:
        with transaction.atomic():
            UsedChallenge.objects.create(key=f"{scope}:{_token_digest(token)}", used_at=now)
    except IntegrityError:
        return False
    return True
