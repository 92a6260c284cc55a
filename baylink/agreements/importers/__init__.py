"""Imports and exports of agreements with their parties (CSV or XLSX).

See baylink.core.tabular for the file handling and the preview every import returns.
"""

from baylink.agreements.importers.agreements import AgreementImporter, importer_options
from baylink.agreements.importers.values import (
    COLUMNS,
    agreement_row,
    export_agreements,
    status_path,
)

__all__ = [
    "COLUMNS",
    "AgreementImporter",
    "agreement_row",
    "export_agreements",
    "importer_options",
    "status_path",
]
