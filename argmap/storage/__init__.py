"""Map files on disk: validated loading, atomic canonical saving, migrations (no Qt)."""

from argmap.storage.errors import MapFileError, Problem
from argmap.storage.io import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    SUFFIX,
    file_mode_for,
    load_map,
    loads_map,
    map_to_bytes,
    save_map,
    write_atomic,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "SUFFIX",
    "MapFileError",
    "Problem",
    "file_mode_for",
    "load_map",
    "loads_map",
    "map_to_bytes",
    "save_map",
    "write_atomic",
]
