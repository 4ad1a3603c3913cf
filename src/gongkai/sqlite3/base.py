import sqlite3
from pathlib import Path

from django.db.backends.sqlite3 import base

from gongkai import sqlite3 as policy


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(conn_params["database"])
        on_disk = not (self.is_in_memory_db() or name.startswith("file:"))
        if on_disk and not policy.creation_allowed() and not Path(name).exists():
            # Raised inside Django's error wrapper: callers see django.db.OperationalError.
            raise sqlite3.OperationalError(
                f"数据库文件不存在 / the database file does not exist: {name} "
                "(run `gongkai migrate` to create it, or restore a backup)"
            )
        return super().get_new_connection(conn_params)
