import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

# gunicorn imports this module before it serves: production refuses unsafe settings here, as
# runserver and `check --deploy` do through the same system checks.
from gongkai.deployment.checks import refuse_to_serve  # noqa: E402

refuse_to_serve()
