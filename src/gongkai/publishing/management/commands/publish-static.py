"""``gongkai publish-static``: work off the rewrite queue once; ``--all`` rebuilds the
published site from the database, ``--agency SLUG`` one agency's site and the portal pages
that list it (gongkai.publishing). When the templates are not those the site was last
rebuilt with (a new release, ``fingerprint.py``), a plain run rebuilds everything first."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing import fingerprint
from gongkai.publishing.build import RebuildFailed, rebuild_agency, rebuild_all
from gongkai.publishing.queue import work_off


class Command(BaseCommand):
    help = "把公开页面发布为静态文件 / publish the public pages as static files"

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--all", action="store_true", help="rebuild everything")
        scope.add_argument("--agency", metavar="SLUG", help="rebuild one agency's site")
        parser.add_argument(
            "--retry-failed", action="store_true", help="also retry the failed addresses"
        )

    def handle(self, *args, **options):
        if options["all"] or options["agency"]:
            self._rebuild(options)
            return
        if fingerprint.changed():
            self.stdout.write("templates changed since the last full rebuild: rebuilding all")
            self._rebuild({**options, "all": True})
        outcome = work_off(include_failed=options["retry_failed"])
        self.stdout.write(
            f"written {len(outcome.written)}, unchanged {len(outcome.unchanged)}, "
            f"removed {len(outcome.removed)}, "
            f"failed {len(outcome.failed)}"
        )
        for address in outcome.failed:
            self.stderr.write(f"failed: {address}")
        if outcome.failed:
            raise CommandError("some addresses failed; see the back office's 静态发布 screen")

    def _rebuild(self, options):
        last = [0]

        def progress(done, total, address):
            # A line every 100 addresses and at the end: a log, not a terminal animation.
            if done == total or done - last[0] >= 100:
                last[0] = done
                self.stdout.write(f"{done}/{total} {address}")

        try:
            if options["all"]:
                result = rebuild_all(progress)
            else:
                result = rebuild_agency(options["agency"], progress)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        except RebuildFailed as exc:
            raise CommandError(f"rebuild failed, the published site is unchanged: {exc}") from None
        self.stdout.write(
            f"written {result.written}, removed {result.removed} stale, "
            f"not published {result.skipped}"
        )
