"""The download of a case's archive (归档) in the back office."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from gongkai.applications.access import access_application
from gongkai.applications.archive import case_archive


@never_cache
def archive_download(request, pk):
    app = access_application(request.user, pk)
    data = case_archive(app, request.user)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{app.tracking_code}-archive.zip"'
    return response
