from datetime import date, timedelta

from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.talent.models import Placement


def placement(
    host: Organisation | None = None, *, starts_on: date = date(2019, 6, 3), city_code: str = "SZ"
) -> Placement:
    return Placement.objects.create(
        host=host or directory.organisation(types=("company",)),
        city=directory.city(city_code),
        title_en="Engineering Intern",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=10),
        hours=400,
    )
