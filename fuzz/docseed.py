#!/usr/bin/env python3
"""Writes seeds for the `doc` target: the WordDocument and table streams of Word 97 files, in
the target's input format (two bytes that place the split, then the two streams).

usage: docseed.py OUT_DIR FILE.doc...      needs olefile (pip install olefile)
"""
import os
import struct
import sys

import olefile


def seed(path):
    ole = olefile.OleFileIO(path)
    word = ole.openstream("WordDocument").read()
    flags = struct.unpack("<H", word[10:12])[0]
    table = ole.openstream("1Table" if flags & 0x200 else "0Table").read()
    data = bytearray(2) + word + table
    # The target splits at 2 + (u16 % (len - 1)); choose the u16 that lands on len(word).
    split = len(word) % (len(data) - 1)
    if split >= 1 << 16:
        return None
    data[0:2] = struct.pack("<H", split)
    return bytes(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        data = seed(path)
        if data is not None:
            with open(os.path.join(out, os.path.basename(path)), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
