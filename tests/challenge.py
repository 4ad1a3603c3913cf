"""Answering the public forms' arithmetic challenge as a person reads it."""

from gongkai.formguard.spam import CHINESE_DIGITS


def spam_answer(question: str) -> str:
    """「三加五等于几？…」 → "8": the two numerals around 加."""
    first, plus, second = question[:3]
    assert plus == "加", question
    return str(CHINESE_DIGITS.index(first) + CHINESE_DIGITS.index(second))
