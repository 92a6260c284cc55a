"""The search engine behind the expertise finder: plain Python and numpy, no Django."""

from baylink.expertise.engine.encoder import (
    Encoder,
    UniversalSentenceEncoder,
    VectorCache,
    default_encoder,
)
from baylink.expertise.engine.index import (
    BuildStats,
    Document,
    ExpertiseIndex,
    Hit,
    IndexOutOfDate,
    Mode,
    Progress,
)

__all__ = [
    "BuildStats",
    "Document",
    "Encoder",
    "ExpertiseIndex",
    "Hit",
    "IndexOutOfDate",
    "Mode",
    "Progress",
    "UniversalSentenceEncoder",
    "VectorCache",
    "default_encoder",
]
