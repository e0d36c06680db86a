"""Pure rules of evidence files: names, sizes and what the bytes are.

No ORM, no I/O, no clock. An upload is refused, never silently changed, when its name
tries to climb out of a folder or hides control characters; its type is told from its
bytes (the name only tells the text formats apart), and only the formats of the
allow-list pass: PDF, images, plain text, CSV, JSON, Markdown and office documents.
Everything that could run (executables, scripts, HTML, SVG) or hide other files
(archives) is refused with a message that names the problem. Its dates are at most
YEARS_AHEAD_MAX years ahead (`today` is a parameter).
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

import filetype

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 25 * MB
SAFE_NAME_MAX = 150  # characters of the download name, extension included
HEAD_BYTES = 8192  # what filetype reads to recognise a format

# Formats recognised from their bytes (by filetype) that the allow-list accepts,
# with the extensions a file of that format may carry.
BINARY_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
}
# Legacy Office files share one container (OLE); the extension says which it is.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel"}
# Valid UTF-8 without NUL bytes is text; its extension says which text format it is.
TEXT_TYPES = {
    "txt": "text/plain",
    "csv": "text/csv",
    "json": "application/json",
    "md": "text/markdown",
}
SCRIPT_EXTENSIONS = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "js", "mjs"}
EXECUTABLE_MAGIC = (
    b"\x7fELF",  # Linux
    b"MZ",  # Windows (PE)
    b"\xfe\xed\xfa\xce",  # Mach-O, 32 and 64 bits, both byte orders, and universal
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # a script with an interpreter line
)
EXECUTABLE_KINDS = {"application/x-msdownload", "application/x-executable", "application/wasm"}
# Markup a browser would run: anywhere in a text file, whatever its extension.
SCRIPT_PATTERN = re.compile(
    r"<\s*(script|html|svg|iframe|object|embed)\b|<!doctype\s+html|javascript\s*:"
    r"|<[a-z][^>]*\son[a-z]+\s*=",
    re.IGNORECASE,
)
SCRIPT_OVERLAP = 256  # characters kept between chunks, so a marker split in two is found

EMPTY = "The file is empty."
EXECUTABLE = "Executable files are not accepted."
SCRIPT = "HTML and SVG files can run script and are not accepted."
ARCHIVE = "Archives are not accepted (office documents are); upload the files themselves."
ACCEPTED = (
    "PDF, PNG, JPEG, GIF, WebP, .txt, .csv, .json, .md, .docx, .xlsx, .pptx, .odt, .ods, "
    ".doc or .xls"
)


def readable_size(size: int) -> str:
    """31.2 MB, 25 MB, 4.1 KB, 12 bytes: one decimal, none when it is whole."""
    for unit, scale in (("MB", MB), ("KB", 1024)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} byte{'s' if size != 1 else ''}"


def size_problem(size: int, max_bytes: int) -> str:
    """Empty, or over the limit: the message; else ""."""
    if size == 0:
        return EMPTY
    if size > max_bytes:
        return f"The file is {readable_size(size)}; the limit is {readable_size(max_bytes)}."
    return ""


def name_problem(name: str) -> str:
    """Refuse a name that climbs folders or hides characters; "" when the name is fine."""
    if not name or not name.strip():
        return "The file has no name."
    if len(name) > 255:
        return "The file name is longer than 255 characters."
    if "../" in name or "..\\" in name or name in {".", ".."}:
        return "The file name may not contain '../' or '..\\' (a path out of its folder)."
    if "/" in name or "\\" in name:
        return "The file name may not contain a path separator ('/' or '\\')."
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name):
        return "The file name contains control characters."
    return ""


def extension_of(name: str) -> str:
    """The lower-case extension without its dot ("" when there is none)."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem.strip(". ") and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext):
        return ext.lower()
    return ""


def safe_name(original: str) -> str:
    """The name a file is downloaded as: letters, digits, '.', '-', '_' and spaces only,
    never empty, never with a separator, at most SAFE_NAME_MAX characters, and with the
    original's extension."""
    ext = extension_of(original)
    stem = original[: -(len(ext) + 1)] if ext else original
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w.\- ]", "_", stem, flags=re.ASCII)
    stem = re.sub(r"[_ ]{2,}", "_", stem).strip(" ._-")
    stem = re.sub(r"\.{2,}", ".", stem)
    room = SAFE_NAME_MAX - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(" .") or "evidence"
    return f"{stem}.{ext}" if ext else stem


@dataclass(frozen=True)
class Detected:
    """What the bytes are: a content type when accepted, else the refusal's message."""

    content_type: str = ""
    problem: str = ""


class ContentScan:
    """Feed an upload chunk by chunk, then `result()`: its type or why it is refused.

    Keeps the first HEAD_BYTES for the binary formats and checks the text on the way
    (valid UTF-8, no NUL, no markup that would run); a JSON file's text is kept to
    parse at the end.
    """

    def __init__(self, name: str) -> None:
        self.ext = extension_of(name)
        self.head = b""
        self.size = 0
        self.text_ok = True
        self.script = False
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._tail = ""
        self._json: list[str] | None = [] if self.ext == "json" else None

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.size += len(chunk)
        if self.text_ok:
            self._feed_text(chunk, final=False)

    def _feed_text(self, chunk: bytes, *, final: bool) -> None:
        try:
            text = self._decoder.decode(chunk, final=final)
        except UnicodeDecodeError:
            self.text_ok, self._json = False, None
            return
        if "\x00" in text:
            self.text_ok, self._json = False, None
            return
        window = self._tail + text
        if SCRIPT_PATTERN.search(window):
            self.script = True
        self._tail = window[-SCRIPT_OVERLAP:]
        if self._json is not None:
            self._json.append(text)

    def result(self) -> Detected:
        if self.text_ok:
            self._feed_text(b"", final=True)
        return detect(
            self.head, self.ext, text_ok=self.text_ok, script=self.script, json_text=self._json
        )


def detect(
    head: bytes,
    ext: str,
    *,
    text_ok: bool,
    script: bool,
    json_text: list[str] | None = None,
) -> Detected:
    """The type of a file from its first bytes and the facts gathered over its text."""
    # "#!" starts a script; the other signatures are binary (a text may start with "MZ").
    if head.startswith(b"#!") or (not text_ok and head.startswith(EXECUTABLE_MAGIC)):
        return Detected(problem=EXECUTABLE)
    kind = filetype.guess(head) if head else None
    if kind is not None:
        return _binary(kind.mime, kind.extension, ext)
    if head.startswith(OLE_MAGIC):
        return _legacy_office(ext)
    if text_ok:
        return _text(ext, script=script, json_text=json_text)
    return Detected(problem=f"This type of file is not accepted. Accepted: {ACCEPTED}.")


def _binary(mime: str, kind_ext: str, ext: str) -> Detected:
    if mime in EXECUTABLE_KINDS:
        return Detected(problem=EXECUTABLE)
    if mime in BINARY_TYPES:
        if ext not in BINARY_TYPES[mime]:
            shown = f".{ext}" if ext else "no extension"
            return Detected(
                problem=f"The file is a {kind_ext.upper()} file but its name has {shown}; "
                f"name it .{BINARY_TYPES[mime][0]}."
            )
        return Detected(content_type=mime)
    if mime in {"application/msword", "application/vnd.ms-excel"}:
        return _legacy_office(ext)
    if mime.startswith("application/") and kind_ext in ARCHIVE_EXTENSIONS:
        return Detected(problem=ARCHIVE)
    return Detected(problem=f"{kind_ext.upper()} files are not accepted. Accepted: {ACCEPTED}.")


ARCHIVE_EXTENSIONS = {
    *("zip", "tar", "rar", "7z", "cab", "ar"),  # archives
    *("gz", "bz2", "xz", "zst", "lz", "lz4", "lzo", "Z", "br"),  # compressed streams
    *("deb", "rpm", "crx", "epub"),  # packages and books: archives inside
}


def _legacy_office(ext: str) -> Detected:
    if ext in OLE_TYPES:
        return Detected(content_type=OLE_TYPES[ext])
    return Detected(problem="Of the legacy Office formats only .doc and .xls are accepted.")


def _text(ext: str, *, script: bool, json_text: list[str] | None) -> Detected:
    if script or ext in SCRIPT_EXTENSIONS:
        return Detected(problem=SCRIPT)
    if ext not in TEXT_TYPES:
        shown = f".{ext}" if ext else "no extension"
        return Detected(
            problem=f"A text file must be named .txt, .csv, .json or .md (this one has {shown})."
        )
    if ext == "json":
        try:
            json.loads("".join(json_text or []))
        except ValueError as exc:
            return Detected(problem=f"The JSON file does not parse: {exc}.")
    return Detected(content_type=TEXT_TYPES[ext])


def storage_name(sha256: str) -> str:
    """Where the bytes of this content live: one object per SHA-256."""
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


YEARS_AHEAD_MAX = 50  # no certificate, report or contract runs longer


def latest_date(today: date) -> date:
    """The last date an evidence file's dates may be: YEARS_AHEAD_MAX years after
    `today` (28 February when today is 29 February). Far enough for any real expiry,
    and far from the calendar's end, where the warning and due times computed from
    an expiry would overflow (9999-12-31 plus one day)."""
    year = today.year + YEARS_AHEAD_MAX
    return today.replace(year=year, day=min(today.day, monthrange(year, today.month)[1]))


def expiry_problem(applies_from: date, expires_on: date | None, *, today: date) -> str:
    """Why `expires_on` is refused ("" when it is fine or not given)."""
    if expires_on is None:
        return ""
    if expires_on > latest_date(today):
        return (
            f"The expiry date is more than {YEARS_AHEAD_MAX} years ahead; the latest accepted "
            f"is {latest_date(today):%Y-%m-%d}. Leave it empty if the evidence does not expire."
        )
    if expires_on < applies_from:
        return "The expiry date is before the date the evidence applies from."
    return ""


def applies_from_problem(applies_from: date, *, today: date) -> str:
    """Why the date the evidence applies from is refused ("" when it is fine)."""
    if applies_from > latest_date(today):
        return (
            f"The date it applies from is more than {YEARS_AHEAD_MAX} years ahead; the latest "
            f"accepted is {latest_date(today):%Y-%m-%d}."
        )
    return ""


def days_left(expires_on, today) -> int | None:
    """Days until it stops counting (0 on its last day, negative once expired)."""
    return None if expires_on is None else (expires_on - today).days
