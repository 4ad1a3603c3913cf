"""``gongkai sitegroup import/export/template``: every error kind, all or nothing, idempotent,
round trip, encodings and line ends."""

import io
import os
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import ModelLogEntry

from gongkai.agencies import sheets
from gongkai.agencies.models import Agency, Department, SiteGroup, StaffProfile
from gongkai.agencies.onboard import check
from gongkai.catalog.models import ColumnPage

pytestmark = pytest.mark.django_db

AGENCIES = (
    "name,slug,kind,government,credit_code,address,phone,postcode,icp,police_record,"
    "site_code,hostname\n"
    "星子县人民政府,xz-gov,government,,11360400MB0000001M,某路1号,0792-1,332800,,,,\n"
    "星子县交通运输局,xz-transport,department,xz-gov,,某路2号,0792-2,332800,,,,\n"
)
DEPARTMENTS = "agency,name,columns\nxz-transport,运输股,licensing;policies\nxz-transport,办公室,\n"
STAFF = (
    "login,full_name,email,mobile,agency,role,department\n"
    "xz-editor,张三,zs@example.cn,13800001234,xz-transport,editor,运输股\n"
    "xz-admin,李四,,,xz-transport,agency_admin;disclosure_officer,\n"
)


def write(folder, agencies=AGENCIES, departments=DEPARTMENTS, staff=STAFF, encoding="utf-8"):
    folder.mkdir(exist_ok=True)
    for name, text in (
        ("agencies.csv", agencies),
        ("departments.csv", departments),
        ("staff.csv", staff),
    ):
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("sitegroup", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def failing(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("sitegroup", *map(str, args), stdout=io.StringIO(), stderr=err)
    assert error.value.returncode == 2
    return err.getvalue()


def snapshot():
    return (
        sorted(Agency.objects.values_list("slug", "name", "phone")),
        sorted(Department.objects.values_list("agency__slug", "name")),
        sorted(get_user_model().objects.values_list("username", "first_name", "is_active")),
        ModelLogEntry.objects.count(),
    )


def test_a_clean_import_creates_everything_and_a_second_changes_nothing(tmp_path):
    folder = write(tmp_path / "in")
    links = tmp_path / "links.tsv"
    output = run("import", folder, "--links-out", links)
    assert "新建机关 xz-gov" in output and "新增账号 xz-editor" in output
    assert "星子县交通运输局 缺统一社会信用代码" in output
    group = SiteGroup.objects.get()
    assert group.top_agency.slug == "xz-gov" and group.name == "星子县政府网站群"
    transport = Agency.objects.get(slug="xz-transport")
    assert transport.government.slug == "xz-gov"
    editor = StaffProfile.objects.get(user__username="xz-editor")
    assert editor.roles == {"editor"} and editor.department.name == "运输股"
    assert editor.mobile == "13800001234" and not editor.user.has_usable_password()
    admin = StaffProfile.objects.get(user__username="xz-admin")
    assert admin.roles == {"agency_admin", "disclosure_officer"}
    licensing = ColumnPage.objects.get(agency=transport, slug="licensing")
    assert licensing.department == editor.department
    lines = links.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["xz-editor", "xz-admin"]
    assert lines[0].split("\t")[1] == "张三" and "/admin/password_reset/confirm/" in lines[0]
    assert stat.S_IMODE(os.stat(links).st_mode) == 0o600
    # No mobile number in clear in the audit log.
    assert "13800001234" not in str(list(ModelLogEntry.objects.values_list("data", flat=True)))
    before = snapshot()
    assert "无变化" in run("import", folder)
    assert snapshot() == before


def test_new_accounts_get_their_link_by_mail_only_with_a_real_backend(
    tmp_path, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        run("import", write(tmp_path / "in"))
    assert mailoutbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff = STAFF + "xz-new,新人,new@example.cn,,xz-transport,reviewer,\n"
    with django_capture_on_commit_callbacks(execute=True):
        run("import", write(tmp_path / "in", staff=staff))
    assert [m.to for m in mailoutbox] == [["new@example.cn"]]
    assert "/admin/password_reset/confirm/" in mailoutbox[0].body


def test_an_edited_file_applies_only_the_differences_and_never_deletes(tmp_path):
    run("import", write(tmp_path / "in"))
    edited = write(
        tmp_path / "in",
        agencies=AGENCIES.replace("0792-2", "0792-9"),
        departments="agency,name,columns\nxz-transport,运输股,licensing;policies\n",
        staff=STAFF.replace("agency_admin;disclosure_officer", "agency_admin").replace(
            "xz-editor,张三", "xz-editor,张三丰"
        ),
    )
    output = run("import", edited)
    assert "修改机关 xz-transport：phone" in output
    assert "文件中没有股室 xz-transport/办公室，未删除" in output
    assert Department.objects.filter(agency__slug="xz-transport", name="办公室").exists()
    assert StaffProfile.objects.get(user__username="xz-admin").roles == {"agency_admin"}
    assert get_user_model().objects.get(username="xz-editor").first_name == "张三丰"
    assert "新建" not in output and "新增" not in output


def test_dry_run_writes_nothing(tmp_path):
    before = snapshot()
    output = run("import", write(tmp_path / "in"), "--dry-run", "--links-out", tmp_path / "l")
    assert "新建机关 xz-gov" in output and "试运行" in output
    assert snapshot() == before
    assert not (tmp_path / "l").exists()


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("gb18030", "\r\n"), ("gb18030", "\n")],
)
def test_encodings_and_line_ends(tmp_path, encoding, newline):
    texts = {
        k: v.replace("\n", newline)
        for k, v in {"agencies": AGENCIES, "departments": DEPARTMENTS, "staff": STAFF}.items()
    }
    book = sheets.read(write(tmp_path / "in", encoding=encoding, **texts))
    assert book.problems == [] and check(book) == []
    assert book.tables["agencies"].rows[1]["name"] == "星子县交通运输局"
    assert book.tables["staff"].rows[0]["department"] == "运输股"


def test_chinese_headers_are_accepted(tmp_path):
    agencies = AGENCIES.replace(
        "name,slug,kind,government,credit_code",
        "机关名称,网址名,机关类型,所属人民政府,统一社会信用代码",
    ).replace("人民政府,xz-gov,government", "人民政府,xz-gov,人民政府")
    book = sheets.read(write(tmp_path / "in", agencies=agencies))
    assert check(book) == []


BAD = [
    (
        "agencies",
        AGENCIES.replace("xz-transport,department", "XZ Transport,department"),
        "agencies.csv:3: slug: 网址名应为小写字母",
    ),
    ("agencies", AGENCIES.replace(",department,", ",ministry,"), "agencies.csv:3: kind:"),
    (
        "agencies",
        AGENCIES.replace("department,xz-gov", "department,"),
        "agencies.csv:3: government: 部门、乡镇、街道须填写",
    ),
    (
        "agencies",
        AGENCIES.replace("department,xz-gov", "department,nowhere"),
        "agencies.csv:3: government: 没有网址名为 nowhere",
    ),
    (
        "agencies",
        AGENCIES.replace("MB0000001M", "MB0000001K"),
        "agencies.csv:2: credit_code: 统一社会信用代码校验位错误，应为 M",
    ),
    ("agencies", AGENCIES.replace("332800,,,,\n星", "33280,,,,\n星"), "agencies.csv:2: postcode:"),
    (
        "agencies",
        AGENCIES + "星子县交通运输局,xz-transport2,department,xz-gov,,,,,,,,\n",
        "agencies.csv:4: name: 机关名称与第3行重复",
    ),
    (
        "agencies",
        AGENCIES + "另一个政府,other-gov,government,,,,,,,,,\n",
        "agencies.csv:4: government: 只有网站群主办单位",
    ),
    ("agencies", "", "agencies.csv: 工作表为空"),
    ("agencies", "星子县人民政府,xz-gov,government\n", "agencies.csv:1: 第一行应为表头"),
    ("agencies", AGENCIES.replace("hostname", "homepage"), "agencies.csv:1: homepage: 未知的列"),
    ("departments", DEPARTMENTS + "xz-nothing,办公室,\n", "departments.csv:4: agency: 没有网址名"),
    ("departments", DEPARTMENTS + "xz-transport,办公室,\n", "departments.csv:4: name: 与第3行重复"),
    (
        "departments",
        DEPARTMENTS.replace("licensing;policies", "licensing;nope"),
        "departments.csv:2: columns: 没有栏目 nope",
    ),
    ("staff", STAFF.replace("editor,运输股", "editor,"), "staff.csv:2: department: 股室信息员必须"),
    (
        "staff",
        STAFF.replace("editor,运输股", "editor,财务股"),
        "staff.csv:2: department: xz-transport 没有股室",
    ),
    ("staff", STAFF.replace("agency_admin;", "boss;"), "staff.csv:3: role: 未知角色 boss"),
    ("staff", STAFF.replace("13800001234", "12345"), "staff.csv:2: mobile:"),
    ("staff", STAFF.replace("zs@example.cn", "zs@"), "staff.csv:2: email:"),
    (
        "staff",
        STAFF.replace("xz-admin,李四", "xz-editor,李四"),
        "staff.csv:3: login: 登录名与第2行重复",
    ),
    ("staff", STAFF.replace("xz-admin,李四,", "xz admin!,李四,"), "staff.csv:3: login:"),
    (
        "staff",
        STAFF + "sup,监管,,,xz-transport,supervisor,\n",
        "staff.csv:4: agency: 监管人员的机关应为",
    ),
    (
        "staff",
        STAFF + "sup,监管,,,xz-gov,supervisor;reviewer,\n",
        "staff.csv:4: role: 监管人员不能",
    ),
    ("staff", STAFF + "nobody,某人,,,,reviewer,\n", "staff.csv:4: agency: 请填写所属机关"),
]


@pytest.mark.parametrize(("sheet", "text", "expected"), BAD)
def test_every_error_kind_exits_2_names_the_row_and_writes_nothing(tmp_path, sheet, text, expected):
    folder = write(tmp_path / "in", **{sheet: text})
    before = snapshot()
    err = failing("import", folder)
    assert expected in err
    assert " / " in err  # Chinese and English
    assert snapshot() == before


def test_every_problem_of_every_sheet_is_reported(tmp_path):
    folder = write(
        tmp_path / "in",
        agencies=AGENCIES.replace(",department,", ",ministry,"),
        departments="",
        staff=STAFF.replace("agency_admin;", "boss;").replace("13800001234", "1"),
    )
    err = failing("import", folder)
    found = [line.split("/in/")[1].split(" / ")[0] for line in err.splitlines() if ".csv:" in line]
    assert found == [
        "agencies.csv:3: kind: 机关类型应为 government、department、township 或 street",
        "departments.csv: 工作表为空",
        "staff.csv:2: mobile: 手机号码应为11位",
        "staff.csv:2: department: xz-transport 没有股室“运输股”",
        "staff.csv:3: role: 未知角色 boss",
    ]


def test_a_missing_file_or_sheet_is_a_problem(tmp_path):
    folder = write(tmp_path / "in")
    (folder / "staff.csv").unlink()
    assert "staff.csv: 缺少此文件" in failing("import", folder)


def test_xlsx_round_trip_is_byte_identical(tmp_path, migrated_only):
    run("import", write(tmp_path / "in"))
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run("export", first)
    assert "无变化" in run("import", first)
    run("export", second)
    assert first.read_bytes() == second.read_bytes()
    book = sheets.read(first)
    assert [s.title for s in sheets.SHEETS] == ["机关", "股室", "人员"]
    staff = {row["login"]: row for row in book.tables["staff"].rows}
    assert staff["xz-admin"]["role"] == "agency_admin;disclosure_officer"


def test_csv_export_is_utf8_with_bom_and_round_trips(tmp_path, migrated_only):
    run("import", write(tmp_path / "in"))
    run("export", tmp_path / "out1")
    data = (tmp_path / "out1" / "agencies.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "星子县交通运输局".encode() in data
    assert "无变化" in run("import", tmp_path / "out1")
    run("export", tmp_path / "out2")
    for name in ("agencies.csv", "departments.csv", "staff.csv"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()


def test_the_template_has_the_three_sheets_with_chinese_headers(tmp_path):
    run("template", tmp_path / "t.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["机关", "股室", "人员"]
    assert [c.value for c in book["人员"][1]] == [
        "登录名",
        "姓名",
        "电子邮箱",
        "手机号码",
        "机关网址名",
        "角色",
        "股室",
    ]
