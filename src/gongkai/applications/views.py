"""The public side of 依申请公开: how to apply, the online application form, and the
applicant's own view of a case, opened with the tracking code and secret.

After a correct tracking code and secret the session remembers the case (its pk only), so
that the case page, the downloads and the withdrawal are plain links that check it. The
secret never travels in a URL (server logs, Referer): the private link carries it in the
fragment, which browsers do not send.
"""

from urllib.parse import urlencode

from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.applications import letters, particulars
from gongkai.applications.access import access_by_tracking
from gongkai.applications.actions import (
    ActionError,
    Registration,
    do_register,
    do_submit_correction,
    do_withdraw,
)
from gongkai.applications.clock import clock_settings, compute
from gongkai.applications.forms import (
    ApplicationForm,
    CorrectionForm,
    TrackingForm,
    privacy_findings,
)
from gongkai.applications.models import (
    Application,
    Channel,
    FeeNotice,
    Notice,
    NoticeKind,
    Reply,
    ReplyFile,
)
from gongkai.applications.notices import notice_response
from gongkai.catalog.addresses import absolute_url
from gongkai.catalog.models import GuidePage
from gongkai.catalog.privacy_gate import NOT_FINISHED
from gongkai.catalog.templatetags.portal import page_stub
from gongkai.formguard import spam
from gongkai.rules.clock import ClockError, EventKind, china_today, compute_clock
from gongkai.workdays.models import current_calendar

SESSION_KEY = "applications.tracked"
APPLY_SCOPE, APPLY_LIMIT = "applications", 10  # applications per IP per hour
TRACK_SCOPE, TRACK_LIMIT = "applications-track", 20  # tracking attempts per IP per hour
CORRECT_SCOPE, CORRECT_LIMIT = "applications-correct", 10  # corrections per IP per hour


# --- how to apply, and the form ---------------------------------------------------------------


@require_GET
def guide(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    return TemplateResponse(
        request,
        "applications/public/guide.html",
        {
            "page": page_stub(_("依申请公开"), agency),
            "agency": agency,
            "guide": GuidePage.objects.live().filter(agency=agency).first(),
            "tracking_form": TrackingForm(),
        },
    )


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def new_application(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            refused = spam.refusal(request, form, scope=APPLY_SCOPE, limit=APPLY_LIMIT)
            if refused:
                status = refused
            else:
                try:
                    # The token is claimed with the case it creates: if registering fails,
                    # the claim is undone and the applicant's retry is not "already sent".
                    with transaction.atomic():
                        if not spam.claim_token(data["token"], "applications"):
                            raise _AlreadySubmitted
                        registration = _register(agency, form)
                except _AlreadySubmitted:
                    form.add_error(
                        None,
                        _(
                            "该申请已经提交，请勿重复提交。请凭提交成功时显示的查询码和查询密码查询。"
                        ),
                    )
                except ActionError as exc:
                    form.add_error(None, str(exc))
                else:
                    return _submitted(request, agency, registration)
    question = spam.refresh_challenge(form)
    return TemplateResponse(
        request,
        "applications/public/new.html",
        {
            "page": page_stub(_("申请政府信息公开"), agency),
            "agency": agency,
            "form": form,
            "question": question,
        },
        status=status,
    )


class _AlreadySubmitted(Exception):
    pass


def _register(agency: Agency, form: ApplicationForm) -> Registration:
    contact_person = "" if form.is_person else form.cleaned_data["contact_person"]
    return do_register(
        agency=agency,
        acting_user=None,
        channel=Channel.ONLINE,
        arrived_at=timezone.now(),
        contact_person=contact_person,
        **form.registration(),
    )


def _submitted(request, agency: Agency, registration: Registration):
    app = registration.application
    fragment = urlencode({"code": app.tracking_code, "secret": registration.secret})
    return TemplateResponse(
        request,
        "applications/public/submitted.html",
        {
            "page": page_stub(_("申请已提交"), agency),
            "agency": agency,
            "application": app,
            "secret": registration.secret,
            "private_link": absolute_url(reverse("applications_track"), agency) + "#" + fragment,
            "expected": _clock_if_confirmed_today(),
        },
    )


def _clock_if_confirmed_today():
    """An online application's clock starts only when both sides have confirmed it
    (Art. 31(3)); this tells the applicant what to expect if that happens today."""
    return compute_clock(
        china_today(), [], current_calendar(), settings=clock_settings(), provisional=True
    )


def _clock(app: Application):
    if app.received_on is None:
        return None
    try:
        return compute(app)
    except ClockError:
        return None


# --- the applicant's view of a case ----------------------------------------------------------


def _tracked(request) -> Application:
    """The case this session has opened with its tracking code and secret, else Http404."""
    pk = request.session.get(SESSION_KEY)
    app = Application.objects.select_related("agency").filter(pk=pk).first() if pk else None
    if app is None:
        raise Http404("No application opened in this session")
    return app


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackingForm(request.POST or None)
    if request.method == "GET":
        return _track_page(request, form)
    if spam.rate_limited(spam.client_ip_hash(request), scope=TRACK_SCOPE, limit=TRACK_LIMIT):
        return _track_page(request, form, _("查询过于频繁，请一小时后再试。"), status=429)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    try:
        app = access_by_tracking(form.cleaned_data["tracking_code"], form.cleaned_data["secret"])
    except Http404:
        # The same page whether the code is unknown or the secret wrong.
        return _track_page(request, form, _("查询码或查询密码不正确，请核对后重试。"), status=404)
    request.session.cycle_key()
    request.session[SESSION_KEY] = app.pk
    return redirect("applications_case")


def _track_page(request, form, error="", status=200):
    return TemplateResponse(
        request,
        "applications/public/track.html",
        {"page": page_stub(_("依申请公开查询")), "form": form, "error": error},
        status=status,
    )


@never_cache
@require_GET
def case(request):
    try:
        app = _tracked(request)
    except Http404:
        return redirect("applications_track")
    reply = Reply.objects.filter(application=app).first()
    remedies = ""
    if reply is not None:
        # The same paragraph as the letter as issued (and as served: online, it names the
        # online channel for 行政复议); composed now for a reply from before notices were kept.
        issued = app.notices.filter(kind=NoticeKind.REPLY).first()
        remedies = issued.content["remedies"] if issued else letters.letter_content(reply).remedies
    return TemplateResponse(
        request,
        "applications/public/case.html",
        {
            "page": page_stub(_("申请办理情况"), app.agency),
            "app": app,
            "clock": _clock(app),
            "corrections": app.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED),
            "sent_corrections": app.corrections.all(),
            "extensions": app.extensions.order_by("notice_sent_on", "pk"),
            "fee_notice": FeeNotice.objects.filter(application=app).first(),
            "deadline_changes": app.deadline_changes.all(),
            # The kind of party only: a third party's name is not the applicant's to know.
            "consultations": app.consultations.all(),
            "step_corrections": app.step_corrections.all(),
            "deadline_set": app.clock_events.filter(kind=EventKind.DEADLINE_SET).first(),
            "reply": reply,
            "reply_files": reply.files.all() if reply else [],
            "reply_stated": particulars.reply_paragraphs(reply) if reply else (),
            "remedies": remedies,
            # The notices addressed to the applicant (not the letters to third parties).
            "notices": app.notices.filter(to_applicant=True),
        },
    )


@require_POST
def leave(request):
    """Forget the opened case (a shared computer)."""
    request.session.pop(SESSION_KEY, None)
    return redirect("applications_track")


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request):
    """The applicant withdraws an open case, after a confirmation page."""
    app = _tracked(request)
    if not app.is_open:
        return redirect("applications_case")
    error = ""
    if request.method == "POST":
        try:
            do_withdraw(app, acting_user=None)
        except ActionError as exc:
            error = str(exc)
        else:
            return redirect("applications_case")
    return TemplateResponse(
        request,
        "applications/public/withdraw.html",
        {"page": page_stub(_("撤回申请"), app.agency), "app": app, "error": error},
        status=400 if error else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def correct(request):
    """The applicant answers the correction notice online: text and files (Art. 30)."""
    app = _tracked(request)
    if app.state != "awaiting_correction":
        return redirect("applications_case")
    form = CorrectionForm(request.POST or None, request.FILES or None)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if spam.rate_limited(
            spam.client_ip_hash(request), scope=CORRECT_SCOPE, limit=CORRECT_LIMIT
        ):
            error, status = _("提交过于频繁，请一小时后再试。"), 429
        elif form.is_valid() and form.cleaned_data["website"]:
            error = _("提交失败，请刷新页面后重试。")
        elif form.is_valid():
            files = form.cleaned_data["files"]
            # The applicant's own data is expected here: findings inform the staff, they do
            # not block. A file the worker has not scanned yet is marked for a person's check.
            findings = {}
            for i, upload in enumerate(files):
                found = privacy_findings(upload)
                if found is None:
                    found = [f"{NOT_FINISHED.kind}，{NOT_FINISHED.masked}"]
                if found:
                    findings[i] = found
            try:
                do_submit_correction(
                    app, text=form.cleaned_data["text"], files=files, findings=findings
                )
            except ActionError as exc:
                error = str(exc)
            else:
                return redirect("applications_case")
    return TemplateResponse(
        request,
        "applications/public/correct.html",
        {
            "page": page_stub(_("在线补正"), app.agency),
            "app": app,
            "form": form,
            "error": error,
            "requests": app.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED),
        },
        status=status,
    )


@never_cache
@require_GET
def reply_file(request, file_pk):
    """A released file, streamed to the session that opened its case (never a public URL)."""
    released = get_object_or_404(ReplyFile, pk=file_pk, reply__application=_tracked(request))
    return FileResponse(released.file.open("rb"), as_attachment=True, filename=released.name)


@never_cache
@require_GET
def notice_file(request, notice_pk, ext):
    """A notice addressed to the applicant, as issued, to the session that opened its case."""
    notice = get_object_or_404(
        Notice, pk=notice_pk, application=_tracked(request), to_applicant=True
    )
    return notice_response(notice, ext)


@never_cache
@require_GET
def reply_letter(request, ext):
    """The reply letter (告知书) as DOCX or PDF."""
    reply = get_object_or_404(Reply, application=_tracked(request))
    return letters.letter_response(reply, ext)
