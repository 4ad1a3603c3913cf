"""The publish root must be a real directory: a full rebuild swaps files inside it and
removes what it did not write, which through a symlink would reach somewhere else."""

from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=False)
def publish_root_is_a_directory(app_configs=None, **kwargs):
    root = Path(settings.GONGKAI_PUBLISH_ROOT)
    if root.is_symlink():
        problem = "is a symlink"
    elif root.exists() and not root.is_dir():
        problem = "is not a directory"
    else:
        return []
    return [
        checks.Error(
            f"GONGKAI_PUBLISH_ROOT ({root}) {problem}",
            hint="give the real directory nginx serves (README, Static publishing)",
            id="gongkai.publishing.E001",
        )
    ]
