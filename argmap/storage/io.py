"""Reading and writing map files: validated loads, canonical atomic saves."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from argmap.model import FORMAT_NAME, FORMAT_VERSION, ArgumentMap, EdgeKind, NodeKind
from argmap.model.map import integrity_problems
from argmap.storage.errors import MapFileError, Problem, json_path
from argmap.storage.migrations import MigrationError, migrate

#: Larger files are refused before they are read.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Deepest nesting of JSON arrays and objects accepted (the format itself needs 4).
MAX_DEPTH = 64

SUFFIX = ".argmap.json"


# -- writing -------------------------------------------------------------------


def map_to_bytes(amap: ArgumentMap) -> bytes:
    """The canonical file contents: file field order, defaults left out, 2-space indent."""
    text = json.dumps(amap.to_data(), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def file_mode_for(path: Path) -> int:
    """Permissions a file written over ``path`` should get: the old file's, or the umask's.

    Temporary files are created private (0600); a replacement must not silently
    make a user's map or picture unreadable to others.
    """
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the old file survives any failure mid-write.

    The bytes go to a temporary file in the same folder, are flushed and fsynced,
    and only then replace the old file in one ``os.replace``.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    mode = file_mode_for(path)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_map(amap: ArgumentMap, path: str | Path) -> None:
    """Save ``amap`` to ``path`` atomically; ``MapFileError`` if it cannot be written."""
    path = Path(path)
    data = map_to_bytes(amap)
    if path.is_dir():
        raise MapFileError(path, "is a folder; choose a file name to save to")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise MapFileError(path, f"could not save: {exc.strerror or exc}") from exc


# -- reading -------------------------------------------------------------------


def load_map(path: str | Path) -> ArgumentMap:
    """Read, migrate and validate a map file.

    Raises ``MapFileError`` naming the file and every problem found, each with
    its JSON path (``edges[3].target: no node 'kyiv2'``) or its line and column.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise MapFileError(path, "is a folder, not a map file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise MapFileError(path, "no such file") from None
    except PermissionError:
        raise MapFileError(path, "cannot read the file: permission denied") from None
    if size > MAX_FILE_BYTES:
        raise MapFileError(
            path,
            f"the file is {size / 1024 / 1024:.0f} MB; "
            f"Argmap opens map files up to {MAX_FILE_BYTES // 1024 // 1024} MB",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MapFileError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    return loads_map(raw, path)


def loads_map(raw: bytes | str, path: str | Path = "<map>") -> ArgumentMap:
    """Parse and validate the contents of a map file (see ``load_map``)."""
    data = _parse_json(raw, path)
    data = _check_header(data, path)
    return _validate(data, path)


def _parse_json(raw: bytes | str, path: str | Path) -> dict[str, Any]:
    if isinstance(raw, bytes):
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise MapFileError(
                path,
                [
                    Problem(
                        f"line {line}, column {column}",
                        f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); map files are UTF-8 JSON",
                    )
                ],
            ) from None
    else:
        text = raw
    if not text.strip():
        raise MapFileError(path, "the file is empty; expected a JSON object")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        # An unterminated string runs to the end of the text, so it means truncation too.
        truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        hint = " (the file ends too early: is it truncated?)" if truncated else ""
        msg = exc.msg.replace(" starting at", "")
        msg = msg[0].lower() + msg[1:]
        raise MapFileError(
            path,
            [Problem(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {msg}{hint}")],
        ) from None
    except ValueError as exc:  # NaN / Infinity
        raise MapFileError(path, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise MapFileError(path, _too_deep()) from None
    if _depth(data) > MAX_DEPTH:
        raise MapFileError(path, _too_deep())
    if not isinstance(data, dict):
        raise MapFileError(
            path,
            f'expected a JSON object with "format": "{FORMAT_NAME}", found {_json_type(data)}',
        )
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a map file")


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep; a map file is never that deep"


def _depth(data: Any) -> int:
    """How deeply arrays and objects nest (stops counting past MAX_DEPTH)."""
    if not isinstance(data, dict | list):
        return 0
    deepest = 1
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if depth > MAX_DEPTH:
                return depth
        children = value.values() if isinstance(value, dict) else value
        below = depth + 1
        stack.extend((child, below) for child in children if isinstance(child, dict | list))
    return deepest


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return "an object"


def _check_header(data: dict[str, Any], path: str | Path) -> dict[str, Any]:
    fmt = data.get("format")
    if "format" not in data:
        raise MapFileError(
            path,
            [
                Problem(
                    "format", f'missing; not an Argmap file (expected "format": "{FORMAT_NAME}")'
                )
            ],
        )
    if fmt != FORMAT_NAME:
        raise MapFileError(
            path, [Problem("format", f'expected "{FORMAT_NAME}", found {json.dumps(fmt)}')]
        )
    version = data.get("version")
    if "version" not in data:
        raise MapFileError(path, [Problem("version", "missing; expected a whole number such as 1")])
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise MapFileError(
            path,
            [Problem("version", f"expected a whole number from 1, found {json.dumps(version)}")],
        )
    if version > FORMAT_VERSION:
        raise MapFileError(
            path,
            [
                Problem(
                    "version",
                    f"written by a newer Argmap (format version {version}); this Argmap reads "
                    f"versions up to {FORMAT_VERSION}: update Argmap to open it",
                )
            ],
        )
    try:
        return migrate(data)
    except MigrationError as exc:
        raise MapFileError(path, [Problem("version", str(exc))]) from None


def _validate(data: dict[str, Any], path: str | Path) -> ArgumentMap:
    try:
        return ArgumentMap.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        problems = [Problem(json_path(err["loc"]), _message(err)) for err in errors]
        if not any(err["type"] == "integrity" for err in errors):
            # Field errors stop pydantic before the cross-field rules; report those too.
            problems += [Problem(json_path(loc), msg) for loc, msg in integrity_problems(data)]
        raise MapFileError(path, problems) from None


_KIND_CHOICES = {
    "nodes": ("node kind", [k.value for k in NodeKind]),
    "edges": ("edge kind", [k.value for k in EdgeKind]),
}


def _message(err: Any) -> str:
    loc = err["loc"]
    kind = err["type"]
    value = err.get("input")
    field = loc[-1] if loc else ""
    if kind == "integrity":
        return str(err["msg"])
    if kind == "missing":
        return "required field missing"
    if kind == "enum":
        if field == "kind" and loc and loc[0] in _KIND_CHOICES:
            what, choices = _KIND_CHOICES[str(loc[0])]
            return f"unknown {what} {json.dumps(value)}; expected one of {', '.join(choices)}"
        return f"unknown {field} {json.dumps(value)}; expected {err['ctx']['expected']}"
    if kind in ("less_than_equal", "greater_than_equal") and field == "belief":
        return f"belief {value} is outside [0, 1]"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "finite_number":
        return f"{field} must be a finite number"
    message = str(err["msg"])
    message = message[0].lower() + message[1:] if message else message
    if isinstance(value, str | int | float | bool) or value is None:
        message += f" (found {json.dumps(value)})"
    return message
