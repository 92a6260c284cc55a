"""The resolution engine: free-text organisation names -> registry records. No Django here.

Build a Resolver from OrgRecords (from a ROR dump or from the database) and call resolve().
"""

from baylink.resolution.engine.model import Model
from baylink.resolution.engine.records import (
    Name,
    OrgRecord,
    RorDumpError,
    iter_ror_dump,
    record_from_ror,
)
from baylink.resolution.engine.resolver import Resolution, Resolver, load_curated_aliases

__all__ = [
    "Model",
    "Name",
    "OrgRecord",
    "Resolution",
    "Resolver",
    "RorDumpError",
    "iter_ror_dump",
    "load_curated_aliases",
    "record_from_ror",
]
