#!/bin/sh
# Copies the seed documents into corpus/<target>/ (not committed; see .gitignore).
# usage: ./seed.sh [REAL_DOCS_DIR]   default: the shared corpus next to the repository
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$here/../../shared/corpus/real-docs}
[ -d "$src" ] || { echo "no corpus at $src (give its path)" >&2; exit 1; }
cd "$here"
mkdir -p corpus/office corpus/pdf corpus/ole corpus/rtf corpus/doc corpus/archive corpus/mail
for ext in docx xlsx xlsb ods odt odp pptx; do
    [ -d "$src/$ext" ] && cp "$src/$ext"/* corpus/office/
done
[ -d "$src/pdf" ] && cp "$src/pdf"/* corpus/pdf/
for ext in xls doc; do
    [ -d "$src/$ext" ] && cp "$src/$ext"/* corpus/ole/
done
# Office files that are OLE containers (password-protected OOXML) seed `ole` as well.
for f in corpus/office/*; do
    if [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "d0cf11e0a1b11ae1" ]; then
        cp "$f" corpus/ole/
    fi
done
# The container readers snuffel implements itself (issue 6).
[ -d "$src/rtf" ] && cp "$src/rtf"/* corpus/rtf/
cp ../fixtures/documents/lo-brief.rtf corpus/rtf/
[ -d "$src/eml" ] && cp "$src/eml"/* corpus/mail/
for ext in zip tar mbox; do
    [ -d "$src/$ext" ] && cp "$src/$ext"/* corpus/archive/
done
python3 docseed.py corpus/doc ../fixtures/documents/lo-brief.doc "$src"/doc/*.doc
for t in office pdf ole rtf doc archive mail; do echo "corpus/$t: $(ls corpus/$t | wc -l) files"; done
