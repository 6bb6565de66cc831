//! Spreadsheets: `leden.xlsx` and `decoys.xlsx` through rust_xlsxwriter, `inline.xlsx` and
//! `huge-dim.xlsx` by hand, and the large benchmark workbook in constant-memory mode.

use std::io;
use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Note, Workbook, Worksheet, XlsxError,
};

use crate::opc::{self, ct, rel, Rel};
use crate::pkg::{esc, Package};
use crate::values::*;

/// Turns a rust_xlsxwriter error into an I/O error.
pub fn xlsx_err(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        other => io::Error::other(other),
    }
}

/// Fixed document properties, so that the bytes do not depend on the clock.
fn properties(author: &str) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2024, 3, 15)?.and_hms(10, 0, 0)?;
    Ok(DocProperties::new()
        .set_author(author)
        .set_creation_datetime(&created))
}

fn header(ws: &mut Worksheet, names: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    Ok(())
}

fn decoy_sheet(ws: &mut Worksheet) -> Result<(), XlsxError> {
    header(ws, &["omschrijving", "waarde"])?;
    for (row, (label, value)) in DECOYS.iter().enumerate() {
        ws.write_string(row as u32 + 1, 0, *label)?;
        ws.write_string(row as u32 + 1, 1, *value)?;
    }
    let mut row = DECOYS.len() as u32 + 1;
    // The same kinds of decoy as typed cells: an order number and an amount as numbers, a date.
    ws.write_string(row, 0, "Bestelnummer (getal)")?;
    ws.write_number(row, 1, 20_240_011_873.0)?;
    row += 1;
    ws.write_string(row, 0, "Bedrag (getal)")?;
    ws.write_number_with_format(row, 1, 1234.56, &Format::new().set_num_format("#,##0.00"))?;
    row += 1;
    ws.write_string(row, 0, "Datum (datum)")?;
    let date = ExcelDateTime::from_ymd(2024, 3, 15)?;
    ws.write_datetime_with_format(row, 1, &date, &Format::new().set_num_format("dd/mm/yyyy"))?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 24)?;
    Ok(())
}

fn leden_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties("Secretariaat")?);

    let ws = wb.add_worksheet();
    ws.set_name("Leden")?;
    header(
        ws,
        &["naam", "rijksregisternummer", "iban", "e-mail", "diagnose"],
    )?;
    // Row 2: everything as text.
    ws.write_string(1, 0, "Jan Peeters")?;
    ws.write_string(1, 1, NN_1990)?;
    ws.write_string(1, 2, IBAN_BE_1)?;
    ws.write_string(1, 3, "jan.peeters@example.be")?;
    ws.write_string(1, 4, "diabetes")?;
    // A note on the name cell A2, with a former account number.
    let note = Note::new(format!("Vroegere rekening: {IBAN_BE_3}"))
        .set_author("Secretariaat")
        .add_author_prefix(false);
    ws.insert_note(1, 0, &note)?;
    // Row 3: the national number as a plain number; the e-mail only as a formula's cached result
    // (the formula text itself has no `@`).
    ws.write_string(2, 0, "Marie Dubois")?;
    ws.write_number(2, 1, 85_073_003_328.0)?;
    ws.write_string(2, 2, IBAN_NL)?;
    ws.write_formula(
        2,
        3,
        Formula::new(r#"=CONCATENATE("marie.dubois",CHAR(64),"example.org")"#)
            .set_result("marie.dubois@example.org"),
    )?;
    ws.write_string(2, 4, "depressie")?;
    // Row 4: born 2005, the leading zero lost in the number, shown again by a custom format.
    ws.write_string(3, 0, "Lotte Peeters")?;
    ws.write_number_with_format(
        3,
        1,
        NN_2005_AS_NUMBER,
        &Format::new().set_num_format(r"00\.00\.00-000\.00"),
    )?;
    ws.write_string(3, 2, IBAN_DE)?;
    ws.write_string(3, 3, "lotte.peeters@example.be")?;
    ws.write_string(3, 4, "chemotherapie")?;
    // Row 5: a number shown in scientific notation (7.81E+10); the stored value is exact.
    ws.write_string(4, 0, "Luc Maes")?;
    ws.write_number_with_format(
        4,
        1,
        78_120_412_324.0,
        &Format::new().set_num_format("0.00E+00"),
    )?;
    ws.write_string(4, 2, IBAN_BE_2)?;
    ws.write_string(4, 3, "luc.maes@example.net")?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(3, 28)?;

    let hidden = wb.add_worksheet();
    hidden.set_name("Verborgen")?;
    header(hidden, &["naam", "bisnummer"])?;
    hidden.write_string(1, 0, "Sophie Claes")?;
    hidden.write_string(1, 1, BIS_1985)?;
    hidden.set_hidden(true);

    let decoys = wb.add_worksheet();
    decoys.set_name("Overzicht")?;
    decoy_sheet(decoys)?;

    wb.save_to_buffer()
}

/// `leden.xlsx`: a member list (see `expected.toml` for every planted cell).
pub fn leden_xlsx() -> io::Result<Vec<u8>> {
    leden_workbook().map_err(xlsx_err)
}

/// A workbook with one sheet "Leden": a bold header row, then `rows` as text cells. The
/// spreadsheets inside the container fixtures (`exports.zip`, `inbox.mbox`) are these.
pub fn text_sheet_xlsx(names: &[&str], rows: &[&[&str]]) -> io::Result<Vec<u8>> {
    named_text_sheet_xlsx("Leden", names, rows)
}

/// A workbook with one sheet called `sheet`: a bold header row, then `rows` as text cells.
pub fn named_text_sheet_xlsx(sheet: &str, names: &[&str], rows: &[&[&str]]) -> io::Result<Vec<u8>> {
    let run = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_properties(&properties("Secretariaat")?);
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header(ws, names)?;
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *text)?;
            }
        }
        wb.save_to_buffer()
    };
    run().map_err(xlsx_err)
}

/// `decoys.xlsx`: one sheet of decoys.
pub fn decoys_xlsx() -> io::Result<Vec<u8>> {
    let run = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_properties(&properties("Boekhouding")?);
        let ws = wb.add_worksheet();
        ws.set_name("Referenties")?;
        decoy_sheet(ws)?;
        wb.save_to_buffer()
    };
    run().map_err(xlsx_err)
}

/// `huge-dim.xlsx`: two cells, at A1 and at XFD1048576, the last cell a sheet can have. A reader
/// that allocates the used range as a grid asks for 17 billion cells.
pub fn huge_dim_xlsx() -> io::Result<Vec<u8>> {
    let run = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        wb.set_properties(&properties("docgen")?);
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "begin")?;
        ws.write_string(1_048_575, 16_383, "einde")?;
        wb.save_to_buffer()
    };
    run().map_err(xlsx_err)
}

/// A cell with an inline string.
fn inline_cell(r: &str, text: &str) -> String {
    format!(
        r#"<c r="{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
        esc(text)
    )
}

/// `inline.xlsx`, by hand: no shared strings table, every string inline, and a `<dimension>`
/// claiming the whole sheet although six cells exist.
pub fn inline_xlsx() -> io::Result<Vec<u8>> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:XFD1048576"/><sheetData><row r="1">{}{}{}</row><row r="2">{}{}<c r="C2"><v>42</v></c></row></sheetData></worksheet>"#,
        inline_cell("A1", "e-mail"),
        inline_cell("B1", "iban"),
        inline_cell("C1", "aantal"),
        inline_cell("A2", "an.janssens@example.com"),
        inline_cell("B2", IBAN_BE_4),
    );
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let workbook_rels = opc::rels(&[Rel::new(
        "rId1",
        rel::office("worksheet"),
        "worksheets/sheet1.xml",
    )]);
    let mut p = Package::in_memory();
    p.add(
        "[Content_Types].xml",
        opc::content_types(&[
            ("xl/workbook.xml", &ct::sml("sheet.main")),
            ("xl/worksheets/sheet1.xml", &ct::sml("worksheet")),
        ]),
    )?
    .add("_rels/.rels", opc::package_rels("xl/workbook.xml"))?
    .add(
        "docProps/core.xml",
        opc::core_props("Export", "Export", "Export"),
    )?
    .add("docProps/app.xml", opc::app_props("docgen"))?
    .add("xl/workbook.xml", workbook)?
    .add("xl/_rels/workbook.xml.rels", workbook_rels)?
    .add("xl/worksheets/sheet1.xml", sheet)?;
    p.into_bytes()
}

/// Writes a header and `count` rows of the member export, numbered from `first_id`.
fn big_rows(ws: &mut Worksheet, rng: &mut Rng, first_id: u64, count: u32) -> Result<(), XlsxError> {
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let amount_format = Format::new().set_num_format("#,##0.00");
    header(
        ws,
        &[
            "id",
            "voornaam",
            "naam",
            "e-mail",
            "iban",
            "rijksregisternummer",
            "geboortedatum",
            "woonplaats",
            "bedrag",
            "telefoon",
            "opmerking",
        ],
    )?;
    for i in 1..=count {
        let id = first_id + u64::from(i) - 1;
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        let born = rng.birth_date();
        let nn = rng.national_number_born(born);
        let mail = format!(
            "{}.{}{}@{}",
            first.to_lowercase(),
            last.to_lowercase().replace(' ', ""),
            id % 97,
            rng.pick(DOMAINS)
        );
        ws.write_number(i, 0, id as f64)?;
        ws.write_string(i, 1, first)?;
        ws.write_string(i, 2, last)?;
        ws.write_string(i, 3, &mail)?;
        ws.write_string(i, 4, format_iban(&rng.belgian_iban()))?;
        // Every third number as a number, as a spreadsheet user's paste would leave it.
        if i % 3 == 0 {
            ws.write_number(i, 5, nn.parse::<f64>().unwrap_or_default())?;
        } else {
            ws.write_string(i, 5, format_national(&nn))?;
        }
        let birth = ExcelDateTime::from_ymd(born.0, born.1, born.2)?;
        ws.write_datetime_with_format(i, 6, &birth, &date_format)?;
        ws.write_string(i, 7, *rng.pick(TOWNS))?;
        let cents = rng.below(500_000) as f64 / 100.0;
        ws.write_number_with_format(i, 8, cents, &amount_format)?;
        ws.write_string(
            i,
            9,
            format!(
                "+32 4{:02} {:02} {:02} {:02}",
                rng.below(100),
                rng.below(100),
                rng.below(100),
                rng.below(100)
            ),
        )?;
        let mut remark = String::from(*rng.pick(PROSE));
        if rng.below(50) == 0 {
            remark.push_str(" Opvolging wegens ");
            remark.push_str(rng.pick::<&str>(HEALTH_TERMS));
            remark.push('.');
        }
        ws.write_string(i, 10, remark)?;
    }
    Ok(())
}

/// Rows per sheet of the large workbook (a sheet holds 1,048,576 rows).
const ROWS_PER_SHEET: u64 = 1_000_000;

fn big_workbook(path: Option<&Path>, rows: u64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties("docgen")?);
    let mut rng = Rng::new(0x5EED_0001);
    let mut done = 0;
    let mut sheet = 1;
    while done < rows || sheet == 1 {
        let count = (rows - done).min(ROWS_PER_SHEET);
        let ws = wb.add_worksheet_with_constant_memory();
        ws.set_name(if sheet == 1 {
            "Leden".to_string()
        } else {
            format!("Leden {sheet}")
        })?;
        // `count` is at most ROWS_PER_SHEET, which fits a u32.
        big_rows(ws, &mut rng, done + 1, count as u32)?;
        done += count;
        sheet += 1;
    }
    match path {
        Some(p) => {
            wb.save(p)?;
            Ok(Vec::new())
        }
        None => wb.save_to_buffer(),
    }
}

/// A large member export of about `target_bytes`, written in constant-memory mode (rows go to a
/// temporary file as they are written, strings inline). The row count comes from the size of a
/// sample workbook, so the result is within a few percent of the target.
pub fn big_xlsx(path: &Path, target_bytes: u64) -> io::Result<()> {
    const SAMPLE_ROWS: u64 = 5_000;
    let empty = big_workbook(None, 0).map_err(xlsx_err)?.len() as u64;
    let sample = big_workbook(None, SAMPLE_ROWS).map_err(xlsx_err)?.len() as u64;
    let per_row = (sample.saturating_sub(empty) as f64 / SAMPLE_ROWS as f64).max(1.0);
    let rows = (target_bytes.saturating_sub(empty) as f64 / per_row)
        .ceil()
        .max(1.0) as u64;
    big_workbook(Some(path), rows).map_err(xlsx_err)?;
    Ok(())
}
