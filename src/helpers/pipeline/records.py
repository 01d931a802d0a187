"""Row accounting independent of the CSV parser: physical lines and records counted byte by byte, respecting quotes.

:func:`scan` reads the raw file once (numpy over 16 MiB blocks, the sha256 in the same pass) and finds every
physical line (ended by LF, CRLF or a lone CR), the header, blank lines, and the lines that hold quotes. Lines
without a quote are one record each. A line with quotes must follow strict CSV quoting (RFC 4180: a field is
either unquoted without quotes, or quoted with ``""`` for a quote); a line that opens a quote without closing
it is the start of a multi-line record only if the lines up to the next such line form one strict record with
the header's number of fields. Otherwise the line is quarantined alone (``unbalanced_quote``, or
``malformed_line`` for other broken quoting) and reading resumes at the next line, so one stray quote can never
swallow the rest of the file.

The CSV parser (DuckDB) then reads what is left: the file itself when it is clean, otherwise a normalised copy
(:func:`write_normalised`: LF endings, no BOM, no blank or quarantined lines, decompressed). The validator
checks that the parser's rows plus its rejected lines equal the records counted here; any difference is an
error, never a silent loss. :meth:`Layout.physical_line` maps the parser's record numbers back to the physical
line numbers a reader's editor shows.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import itertools
import re
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers.fsutil import sha256_of

BLOCK = 1 << 24
_BOM = codecs.BOM_UTF8
LF, CR, QUOTE = 10, 13, 34
_FIELD = rb'(?:[^",\r\n]*|"(?:[^"]|"")*")'
#: One record with strict CSV quoting (a quoted field may hold delimiters and line breaks).
STRICT_RECORD = re.compile(_FIELD + rb"(?:," + _FIELD + rb")*", re.S)
#: How the first bytes give away a file that is not plain UTF-8 text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive: extract the CSV file from it first"),
    (b"BZh", "bzip2-compressed: decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "xz-compressed: decompress it first (unxz)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed: decompress it first (unzstd)"),
    (codecs.BOM_UTF16_LE, "UTF-16 text (little-endian byte-order mark): save it as UTF-8"),
    (codecs.BOM_UTF16_BE, "UTF-16 text (big-endian byte-order mark): save it as UTF-8"),
)


class LayoutError(ValueError):
    """The file cannot be read as CSV text at all (archive, UTF-16, no header); the message says what to do."""


def shorten(value: object, limit: int = 60) -> str:
    """``value`` for a message: repr-quoted, cut to ``limit`` characters with its full length when longer."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text):,} characters)"


@dataclass
class Special:
    """A physical line (or a multi-line record) the plain one-line-one-record rule does not cover."""

    line: int  # physical line number (1-based)
    start: int  # byte offset of its first byte
    end: int  # byte offset just past its content (its line break excluded)
    stop: int  # byte offset just past its line break
    kind: str  # 'blank', 'quotes' (strict), 'odd' (opens a quote), 'bad' (broken quoting)
    lines: int = 1  # physical lines it spans (multi-line records)


@dataclass
class Layout:
    """What the byte-level pass found in one raw file."""

    path: Path  # the file as given
    text_path: Path  # the uncompressed bytes scanned (``path`` unless it was gzip-compressed)
    sha256: str  # of ``path`` as stored
    size: int  # bytes of ``path`` as stored
    compression: str | None
    bom: bool
    header_line: int  # physical line of the header
    header: bytes  # the header's content
    lines: int  # physical lines (a last line without a line break counts)
    endings: dict[str, int]  # line breaks by kind: LF, CRLF, CR
    blank: list[int]  # physical numbers of blank lines (leading ones included), not inside a quoted field
    multi: list[Special]  # records spanning more than one physical line
    quarantined: list[tuple[int, str, str]]  # (physical line, reason, detail) of lines taken out before parsing
    specials: list[Special] = field(default_factory=list)  # every special line in file order (for the normaliser)
    expected_fields: int = 0
    _k_at: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))
    _extra: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))

    @property
    def records(self) -> int:
        """Data records: physical lines after the header, less blank lines and the extra lines of multi-line records."""
        return self.lines - self.header_line - len([b for b in self.blank if b > self.header_line]) - sum(
            s.lines - 1 for s in self.multi)

    @property
    def needs_normalising(self) -> bool:
        """Whether the parser must read a normalised copy rather than the file itself."""
        return bool(self.compression or self.endings["CR"] or self.endings["CRLF"] or self.blank or self.quarantined)

    def physical_line(self, k: np.ndarray | int) -> np.ndarray:
        """Physical line where the parser's data record ``k`` starts (1-based, header excluded)."""
        k = np.asarray(k, dtype="int64")
        i = np.searchsorted(self._k_at, k, side="right") - 1
        extra = np.where(i >= 0, self._extra[np.maximum(i, 0)] if len(self._extra) else 0, 0)
        return self.header_line + k + extra

    def notes(self) -> list[str]:
        """What was done to read the file, one sentence each, for the curation report."""
        out = []
        if self.compression:
            out.append(f"the file is {self.compression}-compressed; it was read decompressed")
        if self.bom:
            out.append("the file starts with a UTF-8 byte-order mark, which was skipped")
        leading = [b for b in self.blank if b < self.header_line]
        if leading:
            out.append(f"{len(leading)} blank line(s) before the header were skipped")
        inner = len(self.blank) - len(leading)
        if inner:
            out.append(f"{inner} blank line(s) among the records were skipped (lines {_lines(self.blank[len(leading):])})")
        kinds = {k: n for k, n in self.endings.items() if n}
        if set(kinds) - {"LF"}:
            out.append("line breaks " + ", ".join(f"{k} x{n:,}" for k, n in kinds.items()) + ": every kind was read as a line break")
        if self.multi:
            out.append(f"{len(self.multi)} record(s) span several physical lines (a quoted field holds a line break; "
                       f"first at line {self.multi[0].line})")
        return out


def _lines(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit:,} more" if len(numbers) > limit else "")


def sniff(path: Path) -> str | None:
    """``'gzip'`` for a gzip file, None for plain text; raises :class:`LayoutError` for what cannot be read."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise LayoutError(f"{path}: the file is {what}")
    if len(head) >= 4 and head[1:4:2] == b"\x00\x00" and head[0:4:2] != b"\x00\x00":
        raise LayoutError(f"{path}: the file looks like UTF-16 text (every other byte is zero): save it as UTF-8")
    return None


def _decompress(path: Path, workdir: Path) -> Path:
    out = workdir / (path.name.removesuffix(".gz") + ".decompressed")
    try:
        with gzip.open(path, "rb") as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst, BLOCK)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise LayoutError(f"{path}: the gzip file is damaged ({exc}); fetch it again") from exc
    return out



def _blocks(path: Path, digest) -> tuple:
    """Yield (buffer, file offset of its first byte, at_eof) over whole lines; the hash sees every byte once."""
    carry = b""
    offset = 0
    with open(path, "rb") as fh:
        while True:
            data = fh.read(BLOCK)
            if digest is not None and data:
                digest.update(data)
            eof = len(data) < BLOCK
            buf = carry + data
            if eof:
                if buf:
                    yield buf, offset, True
                return
            # cut after the last complete line break; a final CR may be the first half of a CRLF: keep it for later
            last = max(buf.rfind(b"\n"), buf.rfind(b"\r", 0, len(buf) - 1))
            if last < 0:
                carry = buf
                continue
            yield buf[: last + 1], offset, False
            offset += last + 1
            carry = buf[last + 1 :]


def scan(path: Path, workdir: Path) -> Layout:
    """The byte-level pass over ``path`` (see the module docstring); ``workdir`` holds a decompressed copy if needed."""
    path = Path(path)
    compression = sniff(path)
    text_path = _decompress(path, workdir) if compression else path
    digest = hashlib.sha256() if not compression else None
    endings = {"LF": 0, "CRLF": 0, "CR": 0}
    specials: list[Special] = []
    line_no = 0
    header: tuple[int, bytes] | None = None
    bom = False
    for buf, base, _eof in _blocks(text_path, digest):
        a = np.frombuffer(buf, dtype=np.uint8)
        if base == 0 and buf.startswith(_BOM):
            bom = True
        lf = np.flatnonzero(a == LF)
        cr = np.flatnonzero(a == CR) if buf.find(b"\r") >= 0 else lf[:0]
        crlf = cr[(cr + 1 < len(a))]
        crlf = crlf[a[crlf + 1] == LF]
        lone = np.setdiff1d(cr, crlf, assume_unique=True)
        ends = np.union1d(lf, lone) if len(lone) else lf  # the last byte of each line break
        n_crlf = len(crlf)
        endings["CRLF"] += n_crlf
        endings["LF"] += len(lf) - n_crlf
        endings["CR"] += len(lone)
        starts = np.r_[0, ends + 1]
        content_end = np.r_[ends, len(a)]  # exclusive: the line break's first byte
        if n_crlf:
            is_crlf = np.zeros(len(ends), dtype=bool)
            is_crlf[np.searchsorted(ends, crlf + 1)] = True
            content_end[:-1][is_crlf] -= 1
        stops = np.r_[ends + 1, len(a)]
        if starts[-1] == len(a):  # no bytes after the last line break: no last line
            starts, content_end, stops = starts[:-1], content_end[:-1], stops[:-1]
        if base == 0 and bom:
            starts[0] = len(_BOM) if len(starts) else 0
        q = np.flatnonzero(a == QUOTE)
        nq = np.searchsorted(q, content_end) - np.searchsorted(q, starts)
        length = content_end - starts
        odd_or_quoted = np.flatnonzero((nq > 0) | (length == 0))
        for i in odd_or_quoted.tolist():
            s, e = int(starts[i]), int(content_end[i])
            no = line_no + i + 1
            if e == s:
                kind = "blank"
            elif nq[i] % 2:
                kind = "odd"
            else:
                kind = "quotes" if STRICT_RECORD.fullmatch(buf, s, e) else "bad"
            specials.append(Special(no, base + s, base + e, base + int(stops[i]), kind))
        if header is None:
            nonblank = np.flatnonzero(length > 0)
            if len(nonblank):
                i = int(nonblank[0])
                header = (line_no + i + 1, bytes(buf[starts[i] : content_end[i]]))
        line_no += len(starts)
    sha = digest.hexdigest() if digest is not None else sha256_of(path)
    if header is None:
        raise LayoutError(f"{path}: the file is empty (no header line)")
    header_line, header_bytes = header
    names = header_names(header_bytes, path, header_line)
    layout = Layout(path, text_path, sha, path.stat().st_size, compression, bom, header_line, header_bytes, line_no,
                    endings, [], [], [], [], len(names))
    _resolve(layout, specials)
    return layout


def header_names(header: bytes, path: Path, line: int) -> list[str]:
    """The header's column names (stripped), read with Python's csv module."""
    try:
        text = header.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LayoutError(f"{path}, line {line} (header): not valid UTF-8 at byte {exc.start}: save the file as UTF-8") from exc
    return [c.strip() for c in next(csv.reader(io.StringIO(text)))]


def _fields(record: bytes) -> int:
    return len(next(csv.reader(io.StringIO(record.decode("utf-8", "replace"), newline=""))))


def _resolve(layout: Layout, specials: list[Special]) -> None:
    """Pair lines that open a quote into multi-line records or quarantine them; fill the layout's lists and line map."""
    k_at, extra = [], []
    shift = 0  # physical lines so far that start no parser record
    out: list[Special] = []
    i = 0
    odd_after = [j for j, s in enumerate(specials) if s.kind == "odd"]
    next_odd = dict(itertools.pairwise(odd_after))
    with open(layout.text_path, "rb") as fh:
        while i < len(specials):
            s = specials[i]
            if s.line < layout.header_line or s.line == layout.header_line:
                if s.kind == "blank":
                    layout.blank.append(s.line)
                    out.append(s)
                elif s.kind in ("odd", "bad"):
                    raise LayoutError(f"{layout.path}, line {s.line} (header): broken quoting in the header")
                i += 1
                continue
            k = s.line - layout.header_line - shift  # the parser record this line would be
            if s.kind == "blank":
                layout.blank.append(s.line)
            elif s.kind == "odd" and i in next_odd:
                j = next_odd[i]
                e = specials[j]
                fh.seek(s.start)
                span = fh.read(e.end - s.start)
                if STRICT_RECORD.fullmatch(span) and _fields(span) == layout.expected_fields:
                    m = Special(s.line, s.start, e.end, e.stop, "multi", e.line - s.line + 1)
                    layout.multi.append(m)
                    out.append(m)
                    shift += m.lines - 1
                    k_at.append(k + 1)
                    extra.append(shift)
                    i = j + 1
                    continue
            if s.kind == "odd" or s.kind == "bad":
                fh.seek(s.start)
                text = fh.read(min(s.end - s.start, 200))
                if s.kind == "odd":
                    detail = f"a quote opened on this line is never closed: {shorten(text)}"
                    layout.quarantined.append((s.line, "unbalanced_quote", detail))
                else:
                    detail = f"quotes that do not follow CSV rules (a quote inside an unquoted field?): {shorten(text)}"
                    layout.quarantined.append((s.line, "malformed_line", detail))
            if s.kind in ("blank", "odd", "bad"):
                out.append(s)
                shift += 1
                k_at.append(k)
                extra.append(shift)
            i += 1
    layout.specials = out
    layout._k_at = np.asarray(k_at, dtype="int64")
    layout._extra = np.asarray(extra, dtype="int64")


def write_normalised(layout: Layout, dest: Path) -> Path:
    """A copy the parser reads cleanly: LF line breaks, no BOM, no blank or quarantined lines (multi-line records kept).

    Runs of ordinary lines are copied in blocks with their CR/CRLF line breaks turned into LF; a multi-line record
    is copied as it is (line breaks inside its quoted field are data) and ended with LF.
    """
    skip = {"blank", "odd", "bad"}

    def copy_plain(src, dst, start: int, stop: int) -> None:
        src.seek(start)
        left = stop - start
        pending_cr = False
        while left > 0:
            block = src.read(min(BLOCK, left))
            left -= len(block)
            if pending_cr:
                block = b"\r" + block
            pending_cr = block.endswith(b"\r") and left > 0
            if pending_cr:
                block = block[:-1]
            dst.write(block.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        if stop > start:
            src.seek(stop - 1)
            if src.read(1) not in (b"\n", b"\r"):
                dst.write(b"\n")

    with open(layout.text_path, "rb") as src, open(dest, "wb") as dst:
        pos = len(_BOM) if layout.bom else 0
        for s in layout.specials:
            copy_plain(src, dst, pos, s.start)
            if s.kind not in skip:  # a multi-line record: as it is, then LF
                src.seek(s.start)
                dst.write(src.read(s.end - s.start) + b"\n")
            pos = s.stop
        copy_plain(src, dst, pos, layout.text_path.stat().st_size)
    return dest
