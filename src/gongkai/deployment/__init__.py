"""What a production deployment must not start with, as Django system checks.

``runserver``, ``migrate`` and ``check --deploy`` run them; ``gongkai.wsgi`` runs them before
gunicorn serves a request (:func:`refuse_to_serve`).
"""
