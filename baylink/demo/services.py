"""Loading the demo data set: the seed page's real entities plus generated records."""

import importlib.util
from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from baylink.core.content_version import bump_content_version
from baylink.demo import DATASET_VERSION
from baylink.demo.generate import DemoGenerator
from baylink.demo.loader import Registry, load_seed
from baylink.demo.models import DemoLoad
from baylink.reporting.partners import partner_flags_refresh

DEFAULT_SEED = 2019


# Each context's demo records, loaded after the shared ones: load(*, seed, today) -> counts.
DEMO_EXTENSIONS = [
    "baylink.talent.demo_data.load",
    "baylink.evaluations.demo_data.load",
    "baylink.exchange.demo_data.load",
    "baylink.ventures.demo_data.load",
    "baylink.expertise.demo_data.load",
]


class DemoAlreadyLoaded(Exception):  # noqa: N818  # reads as the situation it reports
    pass


def demo_is_loaded() -> bool:
    return DemoLoad.objects.exists()


@transaction.atomic
def demo_load(
    *,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    on_step: Callable[[str], None] = lambda step: None,
) -> DemoLoad:
    """Load everything in one transaction: a failure leaves the database as it was."""
    if demo_is_loaded():
        raise DemoAlreadyLoaded
    day = today or timezone.localdate()
    registry = Registry()
    on_step("seed page entities")
    load_seed(registry, day)
    on_step("generated records")
    counts = DemoGenerator(registry, seed=seed, today=day).run()
    for path in DEMO_EXTENSIONS:
        if importlib.util.find_spec(path.rsplit(".", 1)[0]) is None:
            continue  # that context ships no demo data
        on_step(path)
        counts.update(import_string(path)(seed=seed, today=day))
    # The generator writes in bulk, past the services' events.
    partner_flags_refresh()
    counts["organisations from ROR"] = sum(1 for o in registry.organisations.values() if o.ror_id)
    load = DemoLoad.objects.create(seed=seed, dataset_version=DATASET_VERSION, counts=counts)
    bump_content_version()
    transaction.on_commit(lambda: cache.delete("baylink:demo-loaded"))
    return load
