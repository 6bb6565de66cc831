#!/usr/bin/env python3
"""Structural minimiser for ZIP crash inputs of the `office` target.

libFuzzer's `tmin` works on raw bytes, and almost every byte it drops from a ZIP breaks an
offset or a CRC, so the package stops opening long before the crash goes away. This rebuilds
the package with Python's zipfile instead (fresh offsets and CRCs every time) and shrinks it:

1. the entries are read (through the local headers when the central directory is damaged);
   those that cannot be read are left out;
2. the package is rewritten with stored (uncompressed) entries, or deflated ones if only
   those keep the crash; when neither does, the crash needs the damaged bytes themselves and
   the script gives up (use `cargo fuzz tmin`);
3. entries are removed one by one while the crash stays;
4. each remaining entry's bytes are cut down (ddmin-style chunk removal).

A candidate "still crashes" when running the fuzz binary on it prints SIGNATURE (a substring
of the panic message, such as `cells_reader.rs:151`) on stderr.

usage: zipmin.py BINARY CRASH_FILE SIGNATURE OUT_FILE
"""

import io
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib


def build(entries, method):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def local_entries(raw):
    """Entries found by their local headers, for a package whose central directory is
    damaged (the zip crate may still open it where Python's zipfile does not)."""
    entries, seen = [], set()
    for m in re.finditer(rb"PK\x03\x04", raw):
        h = m.start()
        if h + 30 > len(raw):
            continue
        method, = struct.unpack_from("<H", raw, h + 8)
        csize, = struct.unpack_from("<I", raw, h + 18)
        nlen, elen = struct.unpack_from("<HH", raw, h + 26)
        name = raw[h + 30 : h + 30 + nlen].decode("utf-8", "replace")
        start = h + 30 + nlen + elen
        data = raw[start : start + csize]
        if method == 8:
            try:
                data = zlib.decompressobj(-15).decompress(data)
            except zlib.error:
                continue
        elif method != 0:
            continue
        if name not in seen:
            seen.add(name)
            entries.append((name, data))
    return entries


def main():
    binary, crash, signature, out = sys.argv[1:5]
    tests = 0

    def crashes(blob):
        nonlocal tests
        tests += 1
        with tempfile.NamedTemporaryFile(suffix=".zip") as f:
            f.write(blob)
            f.flush()
            r = subprocess.run(
                [binary, "-rss_limit_mb=2048", "-timeout=20", f.name],
                capture_output=True,
                timeout=120,
            )
        return r.returncode != 0 and signature.encode() in r.stderr

    raw = open(crash, "rb").read()
    if not crashes(raw):
        sys.exit(f"{crash} does not crash with {signature!r}")

    entries, unreadable = [], []
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as e:
        print(f"central directory unreadable ({e}): walking local headers", file=sys.stderr)
        entries = local_entries(raw)
    else:
        for info in z.infolist():
            try:
                entries.append((info.filename, z.read(info)))
            except Exception as e:  # damaged entry: the mutation that made the crash
                unreadable.append((info.filename, str(e)))
    for name, why in unreadable:
        print(f"unreadable entry {name}: {why}", file=sys.stderr)

    method = zipfile.ZIP_STORED
    if not crashes(build(entries, method)):
        method = zipfile.ZIP_DEFLATED
        if not crashes(build(entries, method)):
            sys.exit("the crash needs the damaged bytes themselves; use cargo fuzz tmin")

    # Drop whole entries.
    i = 0
    while i < len(entries):
        trial = entries[:i] + entries[i + 1 :]
        if crashes(build(trial, method)):
            entries = trial
        else:
            i += 1

    # Shrink each entry's bytes.
    for k in range(len(entries)):
        name, data = entries[k]
        chunk = max(1, len(data) // 2)
        while chunk >= 1:
            pos = 0
            while pos < len(data):
                cut = data[:pos] + data[pos + chunk :]
                trial = entries[:k] + [(name, cut)] + entries[k + 1 :]
                if crashes(build(trial, method)):
                    data = cut
                    entries[k] = (name, data)
                else:
                    pos += chunk
            chunk //= 2

    blob = build(entries, method)
    assert crashes(blob)
    open(out, "wb").write(blob)
    print(f"{len(raw)} -> {len(blob)} bytes in {tests} runs; entries:", file=sys.stderr)
    for name, data in entries:
        print(f"  {name}: {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
