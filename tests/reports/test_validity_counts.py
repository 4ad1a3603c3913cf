"""gb2021 第二十条第（一）项 counts 本年废止件数 and 现行有效件数 with the catalog's 有效性
(gongkai.rules.validity; the practice is in docs/validity.md): 现行有效 = 有效 on 31 December."""

from datetime import datetime

import pytest

from gongkai.reports.generate import generate
from tests.reports.conftest import SHANGHAI, d
from tests.sitegroup import publish_item

pytestmark = pytest.mark.django_db

ROW = "t2_art20_1.admin_normative_docs"


def doc(title, made, **fields):
    return publish_item(
        "agency-a",
        "notices",
        title,
        generated_on=made,
        published=datetime(made.year, made.month, made.day, 15, tzinfo=SHANGHAI),
        category="normative_doc",
        **fields,
    )


@pytest.fixture
def documents():
    return {
        "valid": doc("有效的", d(2021, 2, 1), validity="valid"),
        # In force from 1 January 2022: not yet in force on 31 December 2021.
        "later": doc("明年施行的", d(2021, 11, 1), validity="valid", effective_from=d(2022, 1, 1)),
        "pending": doc(
            "尚未生效的", d(2021, 12, 1), validity="not_yet_effective", effective_from=d(2022, 3, 1)
        ),
        "revised": doc(
            "已修订的", d(2019, 4, 1), validity="revised", validity_changed_on=d(2021, 8, 1)
        ),
        "repealed": doc(
            "已废止的", d(2019, 4, 2), validity="abolished", validity_changed_on=d(2021, 12, 31)
        ),
        "expired": doc(
            "已失效的", d(2019, 4, 3), validity="expired", validity_changed_on=d(2021, 3, 1)
        ),
        "repealed_next_year": doc(
            "明年废止的", d(2019, 4, 4), validity="abolished", validity_changed_on=d(2022, 1, 1)
        ),
        "unrecorded": doc("未填有效性的", d(2020, 5, 1)),
    }


def pks(cell, documents):
    names = {v.pk: k for k, v in documents.items()}
    return sorted(names[s.pk] for s in cell.sources)


def test_2021_counts(agency_a, documents):
    cells = generate(agency_a, 2021).cells
    assert pks(cells[f"{ROW}.made"], documents) == ["later", "pending", "valid"]
    # Repealed on 31 December counts in 2021; a revision or an expiry is not a repeal.
    assert pks(cells[f"{ROW}.repealed"], documents) == ["repealed"]
    assert pks(cells[f"{ROW}.in_force"], documents) == ["repealed_next_year", "unrecorded", "valid"]
    assert cells[f"{ROW}.in_force"].value == 3


def test_2022_counts(agency_a, documents):
    cells = generate(agency_a, 2022).cells
    assert pks(cells[f"{ROW}.repealed"], documents) == ["repealed_next_year"]
    assert pks(cells[f"{ROW}.in_force"], documents) == ["later", "pending", "unrecorded", "valid"]


def test_2020_counts_the_documents_ended_later_as_in_force(agency_a, documents):
    cells = generate(agency_a, 2020, "gb2021").cells
    assert pks(cells[f"{ROW}.in_force"], documents) == [
        "expired",
        "repealed",
        "repealed_next_year",
        "revised",
        "unrecorded",
    ]
    assert cells[f"{ROW}.repealed"].value == 0


def test_the_trace_says_when_a_document_takes_effect(agency_a, documents):
    cells = generate(agency_a, 2022).cells
    labels = {s.label for s in cells[f"{ROW}.in_force"].sources}
    assert any("明年施行的" in label and "2022-01-01起施行" in label for label in labels)
