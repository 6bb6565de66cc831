#!/usr/bin/env python3
"""Structural minimiser for xls crash inputs of the `ole` target.

libFuzzer's `tmin` only removes bytes, and an OLE compound file is addressed by sector
numbers: every removal moves the streams and the file stops opening. This reads the
workbook stream (`Workbook` or `Book`) with olefile, writes it into a fresh, minimal
compound file (no other streams), and shrinks the stream as BIFF records:

1. runs of records, then single records, are removed while the crash stays (the sheet
   positions in BoundSheet8 records are rewritten to follow their sheets);
2. each remaining record's data is cut down (ddmin-style chunk removal), its length field
   rewritten.

The stream is padded with zeros to 4096 bytes so it lives in regular sectors (no mini
stream); a zero record (type 0, length 0) is what calamine skips.

A candidate "still crashes" when running the fuzz binary on it prints SIGNATURE (a substring
of the panic message, such as `xls.rs:1531`) on stderr.

usage: olemin.py BINARY CRASH_FILE SIGNATURE OUT_FILE [MAX_RUNS]   (needs olefile)

Byte cutting stops once MAX_RUNS (default 2000) runs have been spent.
"""

import struct
import subprocess
import sys
import tempfile

import olefile

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def dir_entry(name, kind, child, start, size):
    raw = (name + "\0").encode("utf-16-le") if name else b""
    e = bytearray(128)
    e[: len(raw)] = raw
    struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
    struct.pack_into("<III", e, 68, NOSTREAM, NOSTREAM, child)
    struct.pack_into("<IQ", e, 116, start, size)
    return bytes(e)


def compound_file(stream_name, data):
    """A version 3 compound file holding one stream, in regular sectors."""
    data = data.ljust(4096, b"\0")
    n = (len(data) + SECTOR - 1) // SECTOR
    k = 1
    while k + 1 + n > k * 128:
        k += 1
    assert k <= 109
    fat = [FATSECT] * k + [ENDOFCHAIN]
    first = k + 1
    fat += [first + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (k * 128 - len(fat))
    header = bytearray(SECTOR)
    header[0:8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, k, k, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    difat = list(range(k)) + [FREESECT] * (109 - k)
    struct.pack_into("<109I", header, 76, *difat)
    directory = (
        dir_entry("Root Entry", 5, 1, ENDOFCHAIN, 0)
        + dir_entry(stream_name, 2, NOSTREAM, first, len(data))
        + dir_entry("", 0, NOSTREAM, 0, 0) * 2
    )
    body = struct.pack(f"<{k * 128}I", *fat) + directory + data.ljust(n * SECTOR, b"\0")
    return bytes(header) + body


def records(stream):
    """BIFF records as [id, type, data, target]: `target` is, for a BoundSheet8 record, the
    id of the record its stream position (lbPlyPos) points at, so that position can be
    rewritten when records before it are removed."""
    out, at, pos = [], {}, 0
    while pos < len(stream):
        at[pos] = len(out)
        size = struct.unpack_from("<H", stream, pos + 2)[0] if pos + 4 <= len(stream) else None
        if size is None or pos + 4 + size > len(stream):
            # A truncated last record: kept as raw bytes (type None), written back as it is.
            out.append([len(out), None, stream[pos:], None])
            break
        typ = struct.unpack_from("<H", stream, pos)[0]
        out.append([len(out), typ, stream[pos + 4 : pos + 4 + size], None])
        pos += 4 + size
    for rec in out:
        if rec[1] == 0x0085 and len(rec[2]) >= 4:
            rec[3] = at.get(struct.unpack_from("<I", rec[2])[0])
    return out


def join(recs):
    offsets, pos = {}, 0
    for rid, typ, data, _ in recs:
        offsets[rid] = pos
        pos += len(data) + (0 if typ is None else 4)
    out = []
    for _, typ, data, target in recs:
        if typ is None:
            out.append(data)
            continue
        if target is not None and len(data) >= 4:
            data = struct.pack("<I", offsets.get(target, 0xFFFFFFFF)) + data[4:]
        out.append(struct.pack("<HH", typ, len(data)) + data)
    return b"".join(out)


def main():
    binary, crash, signature, out = sys.argv[1:5]
    max_runs = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    tests = 0

    def crashes(blob):
        nonlocal tests
        tests += 1
        with tempfile.NamedTemporaryFile(suffix=".xls") as f:
            f.write(blob)
            f.flush()
            r = subprocess.run(
                [binary, "-rss_limit_mb=2048", "-timeout=20", f.name],
                capture_output=True,
                timeout=120,
            )
        return r.returncode != 0 and signature.encode() in r.stderr

    if not crashes(open(crash, "rb").read()):
        sys.exit(f"{crash} does not crash with {signature!r}")
    ole = olefile.OleFileIO(crash)
    name = next(n for n in ("Workbook", "Book") if ole.exists(n))
    recs = records(ole.openstream(name).read())
    if not crashes(compound_file(name, join(recs))):
        sys.exit("the crash needs more than the workbook stream (or the damaged container)")

    chunk = max(1, len(recs) // 2)
    while chunk >= 1:
        i = 0
        while i < len(recs):
            trial = recs[:i] + recs[i + chunk :]
            if crashes(compound_file(name, join(trial))):
                recs = trial
            else:
                i += chunk
        chunk //= 2

    for k in range(len(recs)):
        rid, typ, data, target = recs[k]
        chunk = max(1, len(data) // 2)
        while chunk >= 1 and tests < max_runs:
            pos = 0
            while pos < len(data):
                cut = data[:pos] + data[pos + chunk :]
                trial = recs[:k] + [[rid, typ, cut, target]] + recs[k + 1 :]
                if crashes(compound_file(name, join(trial))):
                    data = cut
                    recs[k] = [rid, typ, data, target]
                else:
                    pos += chunk
            chunk //= 2

    stream = join(recs)
    blob = compound_file(name, stream)
    assert crashes(blob)
    open(out, "wb").write(blob)
    print(
        f"{name} stream: {len(stream)} bytes in {len(recs)} records "
        f"(file {len(blob)} bytes, stream padded to 4096), {tests} runs",
        file=sys.stderr,
    )
    for _, typ, data, _ in recs:
        kind = "raw tail" if typ is None else f"record 0x{typ:04x}"
        print(f"  {kind}: {data.hex()}", file=sys.stderr)


if __name__ == "__main__":
    main()
