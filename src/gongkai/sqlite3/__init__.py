"""Django's SQLite backend that never creates a missing database file by connecting.

SQLite creates an empty file for any path it is asked to open. A server started against a
moved or deleted database then answered 500 on every page over an empty file, and the
real one was easy to overwrite. Here only the commands that build a database (``migrate``
and ``demo``, see :func:`allow_creation`) may open a path that does not exist; everything
else gets an OperationalError, which the site answers with 503 (``gongkai.availability``).
"""

_creation_allowed = False


def allow_creation() -> None:
    """Let this process create the SQLite database file (``gongkai migrate``/``demo``)."""
    global _creation_allowed
    _creation_allowed = True


def creation_allowed() -> bool:
    return _creation_allowed
