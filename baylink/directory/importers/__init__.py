"""Imports and exports of the directory: organisations and people (CSV or XLSX).

See baylink.core.tabular for the file handling and the preview every import returns.
"""

from baylink.directory.importers.indexes import (
    CityIndex,
    OrganisationIndex,
    UnitIndex,
    UnresolvedError,
)
from baylink.directory.importers.organisations import (
    COLUMNS as ORGANISATION_COLUMNS,
)
from baylink.directory.importers.organisations import (
    OrganisationImporter,
    export_organisations,
)
from baylink.directory.importers.people import COLUMNS as PERSON_COLUMNS
from baylink.directory.importers.people import PersonImporter, export_people

__all__ = [
    "ORGANISATION_COLUMNS",
    "PERSON_COLUMNS",
    "CityIndex",
    "OrganisationImporter",
    "OrganisationIndex",
    "PersonImporter",
    "UnitIndex",
    "UnresolvedError",
    "export_organisations",
    "export_people",
]
