from django.urls import path

from gongkai.applications import views

urlpatterns = [
    path("track/", views.track, name="applications_track"),
    path("track/case/", views.case, name="applications_case"),
    path("track/withdraw/", views.withdraw, name="applications_withdraw"),
    path("track/correct/", views.correct, name="applications_correct"),
    path("track/leave/", views.leave, name="applications_leave"),
    path("track/files/<int:file_pk>/", views.reply_file, name="applications_file"),
    path("track/letter.<str:ext>", views.reply_letter, name="applications_letter"),
    path(
        "track/notices/<int:notice_pk>.<str:ext>",
        views.notice_file,
        name="applications_notice",
    ),
    path("<slug:agency_slug>/", views.guide, name="applications_guide"),
    path("<slug:agency_slug>/new/", views.new_application, name="applications_new"),
]
