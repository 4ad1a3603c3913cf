"""The supervisor's 年报体检 page: upload annual reports, read their defects, download CSV.

The check runs on the worker (job ``supervision.report_check``), never in the request: the
upload is kept in the private files, the page shows "checking…" and reloads itself until
the worker has stored the result in the job, which the page and the CSV then read.
"""

import secrets
import shutil
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.policy import Capability, can
from gongkai.csvfile import csv_response
from gongkai.jobs.results import PENDING, awaited, latest, outcome_of
from gongkai.reportcheck import check_bytes
from gongkai.reportcheck.readers import SUPPORTED_SUFFIXES

CHECK_JOB = "supervision.report_check"
UPLOADS = "report-check"
REFRESH_SECONDS = 3

MAX_FILES = 60
MAX_FILE_BYTES = 20 * 1024 * 1024
CSV_HEADER = ["文件", "格式", "年度", "机关", "规则", "严重程度", "说明", "原文"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        if not files:
            # An empty selection is "required", as for a single file field.
            return super().clean(None, initial)
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("年度报告文件"),
        help_text=gettext_lazy("可多选：.txt .html .htm .docx .pdf，每个不超过20MB，一次最多60个"),
        error_messages={"required": gettext_lazy("请选择至少一个报告文件。")},
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("一次最多上传%(n)d个文件。") % {"n": MAX_FILES})
        problems = []
        for upload in files:
            suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if suffix not in SUPPORTED_SUFFIXES:
                problems.append(_("%(name)s：不支持的文件类型") % {"name": upload.name})
            elif upload.size > MAX_FILE_BYTES:
                problems.append(_("%(name)s：文件超过20MB") % {"name": upload.name})
        if problems:
            raise forms.ValidationError(problems)
        return files


def _require_supervisor(request):
    if not can(request.user, Capability.SUPERVISE):
        raise Http404("Supervisors only")


def _token_ok(token: str) -> bool:
    return 0 < len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)


def _keep_uploads(files) -> tuple[str, list[str]]:
    """Store the uploads where the worker reads them: (folder under the private files, names)."""
    folder = f"{UPLOADS}/{secrets.token_hex(16)}"
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / folder
    directory.mkdir(parents=True)
    for number, upload in enumerate(files):
        with open(directory / str(number), "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return folder, [upload.name for upload in files]


def check_uploads(folder: str, names: list[str]) -> list[dict]:
    """The worker's job: check each kept upload and return the reports; the files go once
    checked (a failed try keeps them for the next)."""
    directory = Path(settings.PRIVATE_MEDIA_ROOT) / folder
    if not folder.startswith(f"{UPLOADS}/") or ".." in Path(folder).parts:
        raise ValueError("report-check folder outside its place")
    reports = [
        check_bytes(name, (directory / str(number)).read_bytes()).to_dict()
        for number, name in enumerate(names)
    ]
    shutil.rmtree(directory, ignore_errors=True)
    return reports


def _outcome(request, token):
    """The job's outcome for this user's token: (state, reports); 404 for a token this user
    never had (or a malformed one)."""
    job = latest(_job_key(request, token)) if _token_ok(token) else None
    if job is None:
        raise Http404("No such check")
    outcome = outcome_of(job)
    return outcome.state, outcome.result


def report_check(request):
    _require_supervisor(request)
    reports = None
    token = request.GET.get("run", "")
    state = None
    if request.method == "POST":
        form = ReportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            folder, names = _keep_uploads(form.cleaned_data["files"])
            token = secrets.token_urlsafe(16)
            outcome = awaited(CHECK_JOB, _job_key(request, token), folder=folder, names=names)
            state, reports = outcome.state, outcome.result
        else:
            token = ""
    else:
        form = ReportUploadForm()
        if token:
            state, reports = _outcome(request, token)
    for report in reports or []:
        report["errors"] = sum(1 for f in report["findings"] if f["severity"] == "error")
        report["warnings"] = sum(1 for f in report["findings"] if f["severity"] == "warning")
        for finding in report["findings"]:
            finding["severity_label"] = SEVERITY_LABELS[finding["severity"]]
    return TemplateResponse(
        request,
        "supervision/report_check.html",
        {
            "form": form,
            "reports": reports,
            "token": token if state else None,
            "state": state,
            "refresh": REFRESH_SECONDS if state == PENDING else None,
            "page_title": _("年报体检"),
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


def report_check_csv(request, token):
    _require_supervisor(request)
    state, reports = _outcome(request, token)
    if state != "done":
        raise Http404("Result not ready")
    return csv_response("report-check", CSV_HEADER, _finding_rows(reports))


def _finding_rows(reports):
    for report in reports:
        base = [report["path"], report["format"], report["year"] or "", report["agency"] or ""]
        for finding in report["findings"]:
            yield [
                *base,
                finding["rule"],
                SEVERITY_LABELS[finding["severity"]],
                finding["message"],
                finding["evidence"],
            ]
        if not report["findings"]:
            yield [*base, "", "", "未发现问题", ""]


def _job_key(request, token):
    # Bound to the user, so a result link is no use to anyone else.
    return f"report-check:{request.user.pk}:{token}"
