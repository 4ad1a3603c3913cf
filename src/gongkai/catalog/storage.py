"""The storage of uploaded files (settings.STORAGES): Django loads it before the models, so
it imports none of the project's."""

import os
import posixpath
import secrets

from django.core.files.storage import FileSystemStorage

# Wagtail's upload folders: documents, original images and their renditions.
RANDOM_FOLDERS = frozenset({"documents", "original_images", "images"})
# Wagtail's file fields are at most 100 characters long (documents).
MAX_NAME_LENGTH = 100


class UnguessableStorage(FileSystemStorage):
    """The media root, with Wagtail's uploads stored as ``<folder>/<random>/<name>``."""

    def generate_filename(self, filename):
        name = super().generate_filename(filename)
        folder, base = posixpath.split(name)
        if folder not in RANDOM_FOLDERS:
            return name
        token = secrets.token_urlsafe(12)  # 96 random bits
        room = MAX_NAME_LENGTH - len(folder) - len(token) - 2
        if len(base) > room:
            stem, extension = os.path.splitext(base)
            base = stem[: max(room - len(extension), 1)] + extension
        return posixpath.join(folder, token, base)
