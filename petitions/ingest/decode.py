"""Bytes of a CSV file to text, with the line named when something is wrong (contract §1–§2).

Messages never quote the file's content: a broken line may hold a name or an ID number.
"""

from __future__ import annotations

from petitions.ingest.errors import UnreadableFile

BOM = b"\xef\xbb\xbf"


def _decode_lines(data: bytes) -> str:
    """A file whose lines are UTF-8 and GBK/GB18030 in turns (a register pasted together): each line
    decoded on its own, so one GBK line costs nothing and a broken line is named."""
    lines = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                raise UnreadableFile(f"line {number} is neither UTF-8 nor GBK/GB18030 text") from None
    return "\n".join(lines)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK), line endings made ``\\n``.

    Where UTF-8 fails after UTF-8 Chinese text was already seen, the file mixes encodings and is
    decoded line by line instead of being misread as GB18030 as a whole."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not data[: exc.start].isascii():
            text = _decode_lines(data)
        else:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                text = _decode_lines(data)
    # CR-only files (old Mac exports) and CRLF both become one line per record
    return text.replace("\r\n", "\n").replace("\r", "\n")


def unterminated_quote_line(text: str) -> int | None:
    """The line where a quoted field opens and never closes, or None.

    Reads like a spreadsheet does: a quote opens a field only at its start (``x"y`` is text),
    ``""`` inside a quoted field is one quote. Used on the slow path only, after polars refused."""
    line, i, n, field_start = 1, 0, len(text), True
    while i < n:
        ch = text[i]
        if field_start and ch == '"':
            opened, i = line, i + 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    return opened
                line += text.count("\n", i, j)
                i = j + 1
                if i < n and text[i] == '"':
                    i += 1
                    continue
                break
            field_start = False
            continue
        field_start = ch in ",\n"
        line += ch == "\n"
        i += 1
    return None
