"""A generated onboarding folder the size of a county: 30 agencies (two governments, 22
departments, four townships, two street offices), 90 departments and 101 staff."""

import csv
from pathlib import Path

from gongkai.agencies.models import credit_code_check_character

BUREAUS = [
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
]
TOWNS = [
    ("township", "白鹿镇"),
    ("township", "温泉镇"),
    ("township", "蛟塘镇"),
    ("township", "横塘镇"),
    ("street", "南康街道办事处"),
    ("street", "海会街道办事处"),
]
DEPARTMENTS = ["办公室", "业务股", "法规股"]


def credit_code(serial: int) -> str:
    first17 = f"11360400MB{serial:07d}"
    return first17 + credit_code_check_character(first17)


def agencies() -> list[dict]:
    rows = [
        {"slug": "jj-gov", "name": "九江市人民政府", "kind": "government", "government": ""},
        {"slug": "ls-gov", "name": "庐山市人民政府", "kind": "government", "government": "jj-gov"},
    ]
    for prefix, city, government in (("jj", "九江市", "jj-gov"), ("ls", "庐山市", "ls-gov")):
        for n, bureau in enumerate(BUREAUS, start=1):
            rows.append(
                {
                    "slug": f"{prefix}-b{n:02d}",
                    "name": city + bureau,
                    "kind": "department",
                    "government": government,
                }
            )
    for n, (kind, name) in enumerate(TOWNS, start=1):
        rows.append(
            {
                "slug": f"ls-t{n}",
                "name": f"庐山市{name}" if kind == "township" else f"庐山市{name}",
                "kind": kind,
                "government": "ls-gov",
            }
        )
    for n, row in enumerate(rows, start=1):
        row.update(
            credit_code=credit_code(n) if n != 5 else "",
            address=f"江西省九江市某路{n}号",
            phone=f"0792-26{n:05d}",
            postcode="332000",
            icp="赣ICP备00000001号",
            police_record="赣公网安备36040002000001号",
            site_code=f"36040{n:05d}",
            hostname="",
        )
    return rows


def staff(agency_rows) -> list[dict]:
    rows = [
        {
            "login": "sup-jj",
            "full_name": "九江市政务公开办",
            "agency": "jj-gov",
            "role": "supervisor",
            "department": "",
        }
    ]
    for n, agency in enumerate(agency_rows):
        slug = agency["slug"]
        rows.append(
            {
                "login": f"{slug}-admin",
                "full_name": f"{agency['name']}管理员",
                "agency": slug,
                "role": "agency_admin;disclosure_officer",
                "department": "",
            }
        )
        rows.append(
            {
                "login": f"{slug}-reviewer",
                "full_name": f"{agency['name']}审核人",
                "agency": slug,
                "role": "reviewer",
                "department": "",
            }
        )
        rows.append(
            {
                "login": f"{slug}-editor",
                "full_name": f"{agency['name']}信息员",
                "agency": slug,
                "role": "editor",
                "department": "业务股",
            }
        )
        if n < 10:
            rows.append(
                {
                    "login": f"{slug}-head",
                    "full_name": f"{agency['name']}公开办负责人",
                    "agency": slug,
                    "role": "disclosure_head",
                    "department": "",
                }
            )
    for n, row in enumerate(rows):
        row.update(email=f"{row['login']}@example.gov.cn", mobile=f"1380000{n:04d}")
    return rows


def write_folder(folder: Path, *, encoding="utf-8-sig", newline="\r\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    agency_rows = agencies()
    department_rows = [
        {
            "agency": a["slug"],
            "name": name,
            "columns": {"办公室": "work-news;notices", "业务股": "licensing;policies"}.get(
                name, ""
            ),
        }
        for a in agency_rows
        for name in DEPARTMENTS
    ]
    tables = {
        "agencies.csv": (
            [
                "name",
                "slug",
                "kind",
                "government",
                "credit_code",
                "address",
                "phone",
                "postcode",
                "icp",
                "police_record",
                "site_code",
                "hostname",
            ],
            agency_rows,
        ),
        "departments.csv": (["agency", "name", "columns"], department_rows),
        "staff.csv": (
            ["login", "full_name", "email", "mobile", "agency", "role", "department"],
            staff(agency_rows),
        ),
    }
    for name, (header, rows) in tables.items():
        with open(folder / name, "w", encoding=encoding, newline="") as out:
            writer = csv.DictWriter(out, header, lineterminator=newline)
            writer.writeheader()
            writer.writerows(rows)
    return folder
