//! Spreadsheets with calamine: xlsx, xlsm, xlsb, xls, ods. Also the other OLE compound files
//! (legacy Office, encrypted OOXML), since they are recognised the same way.
//!
//! Every sheet is read, hidden ones included, cell by cell. xlsx and xlsb are streamed with
//! calamine's cell readers, which never allocate from a sheet's declared dimension; xls and
//! ods have no streaming reader, so calamine builds each sheet's range (a worker process with
//! a memory limit is what keeps a hostile one from taking the machine).
//!
//! A cell's value becomes text: strings as they are, formulas by their cached value, integral
//! numbers in digits. A number with ten digits gets its leading zero back: a national number
//! typed into Excel by someone born in 2000-2009 loses it. Numeric cells are marked, so the
//! scan gives them lower confidence unless their column header vouches for them. The first
//! row of a sheet, when it holds only text, names the columns.

use std::io::{Read, Seek};

use calamine::{DataType, Ods, Reader, SheetType, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError};

use super::biff;
use super::document::{Emitter, Failure, Input, Part, Place};

pub fn extract_xlsx(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let mut book = Xlsx::new(input).map_err(xlsx_error)?;
    for name in worksheet_names(&book) {
        out.place(sheet_place(&name))?;
        let mut rows = Rows::default();
        let mut cells = book.worksheet_cells_reader(&name).map_err(xlsx_error)?;
        while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
            let (row, col) = cell.get_position();
            rows.cell(out, row, col, cell.get_value())?;
        }
    }
    Ok(())
}

pub fn extract_xlsb(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let mut book = Xlsb::new(input).map_err(xlsb_error)?;
    for name in worksheet_names(&book) {
        out.place(sheet_place(&name))?;
        let mut rows = Rows::default();
        let mut cells = book.worksheet_cells_reader(&name).map_err(xlsb_error)?;
        while let Some(cell) = cells.next_cell().map_err(xlsb_error)? {
            let (row, col) = cell.get_position();
            rows.cell(out, row, col, cell.get_value())?;
        }
    }
    Ok(())
}

pub fn extract_ods(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let book = Ods::new(input).map_err(|e| match e {
        calamine::OdsError::Password => Failure::Protected("ods".into()),
        e => Failure::Error(format!("ods: {e}")),
    })?;
    read_ranges(book, out, |e| format!("ods: {e}"))
}

fn read_xls(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let book = Xls::new(input).map_err(|e| match e {
        XlsError::Password => Failure::Protected("xls".into()),
        e => Failure::Error(format!("xls: {e}")),
    })?;
    read_ranges(book, out, |e| format!("xls: {e}"))
}

/// Formats without a streaming reader: each sheet as the range calamine builds.
fn read_ranges<RS, B>(
    mut book: B,
    out: &mut Emitter<'_>,
    describe: impl Fn(B::Error) -> String,
) -> Result<(), Failure>
where
    RS: Read + Seek,
    B: Reader<RS>,
{
    for name in worksheet_names(&book) {
        out.place(sheet_place(&name))?;
        let range = book
            .worksheet_range(&name)
            .map_err(|e| Failure::Error(describe(e)))?;
        let mut rows = Rows::default();
        for (row, col, value) in range.used_cells() {
            let (start_row, start_col) = range.start().unwrap_or((0, 0));
            rows.cell(out, start_row + row as u32, start_col + col as u32, value)?;
        }
    }
    Ok(())
}

/// Worksheets in workbook order, hidden and very hidden ones included; chart and dialog
/// sheets hold no cells.
fn worksheet_names<RS: Read + Seek, B: Reader<RS>>(book: &B) -> Vec<String> {
    book.sheets_metadata()
        .iter()
        .filter(|s| matches!(s.typ, SheetType::WorkSheet))
        .map(|s| s.name.clone())
        .collect()
}

fn sheet_place(name: &str) -> Place {
    Place {
        sheet: Some(name.to_string()),
        ..Place::default()
    }
}

fn xlsx_error(e: XlsxError) -> Failure {
    match e {
        XlsxError::Password => Failure::Protected("xlsx".into()),
        e => Failure::Error(format!("xlsx: {e}")),
    }
}

fn xlsb_error(e: XlsbError) -> Failure {
    match e {
        XlsbError::Password => Failure::Protected("xlsb".into()),
        e => Failure::Error(format!("xlsb: {e}")),
    }
}

/// Follows one sheet's cells in row order: finds its header row and sends every cell.
#[derive(Default)]
struct Rows {
    header_row: Option<u32>,
    headers: Vec<(u32, String)>,
    /// The first row held a number: it is data, not a header.
    header_spoiled: bool,
    decided: bool,
}

impl Rows {
    fn cell(
        &mut self,
        out: &mut Emitter<'_>,
        row: u32,
        col: u32,
        value: &impl DataType,
    ) -> Result<(), Failure> {
        out.budget.spend_cell()?;
        let Some((text, numeric)) = cell_text(value) else {
            return Ok(());
        };
        if !self.decided {
            let header_row = *self.header_row.get_or_insert(row);
            if row == header_row {
                self.header_spoiled |= numeric;
                self.headers.push((col, text.clone()));
            } else {
                self.decided = true;
                if !self.header_spoiled {
                    out.headers(std::mem::take(&mut self.headers))?;
                }
            }
        }
        out.cell(row, col, numeric, text)?;
        Ok(())
    }
}

/// A cell's text and whether it was a number; `None` for cells that cannot hold an identifier
/// (empty, booleans, errors, dates, fractions).
fn cell_text(value: &impl DataType) -> Option<(String, bool)> {
    if let Some(s) = value.get_string() {
        return Some((s.to_string(), false));
    }
    if value.is_datetime() || value.is_datetime_iso() || value.is_duration_iso() {
        return None;
    }
    let number = match (value.get_int(), value.get_float()) {
        (Some(i), _) => i as f64,
        (None, Some(f)) => f,
        _ => return None,
    };
    integer_digits(number).map(|d| (d, true))
}

/// Digits of an integral number; ten digits get back the leading zero Excel dropped.
pub fn integer_digits(number: f64) -> Option<String> {
    if !number.is_finite() || number.fract() != 0.0 || number.abs() >= 1e15 {
        return None;
    }
    let digits = format!("{}", number as i64);
    Some(if digits.len() == 10 {
        format!("0{digits}")
    } else {
        digits
    })
}

/// OLE compound files: an encrypted OOXML package, an xls workbook, or a legacy format.
pub fn extract_ole(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    let ole = cfb::CompoundFile::open(input)
        .map_err(|e| Failure::Error(format!("damaged OLE compound file: {e}")))?;
    let has = |name: &str| ole.exists(name);
    if has("/EncryptionInfo") && has("/EncryptedPackage") {
        // The package inside is encrypted too: docx, xlsx or pptx cannot be told apart.
        out.format("ooxml")?;
        return Err(Failure::Protected("ooxml".into()));
    }
    if has("/WordDocument") {
        let mut ole = ole;
        out.format("doc")?;
        send_property_sets(&mut ole, out)?;
        return super::doc::extract(&mut ole, out);
    }
    if has("/__properties_version1.0") || has("/__substg1.0_0037001F") {
        let mut ole = ole;
        return super::msg::extract(&mut ole, out);
    }
    let legacy = [("/PowerPoint Document", "ppt (PowerPoint 97-2003)")];
    if let Some((_, name)) = legacy.iter().find(|(stream, _)| has(stream)) {
        return Err(Failure::Skip(format!("unsupported format: {name}")));
    }
    if has("/Workbook") || has("/Book") {
        out.format("xls")?;
        let mut ole = ole;
        send_property_sets(&mut ole, out)?;
        survey_xls(&mut ole, out)?;
        let mut input = ole.into_inner();
        input.rewind()?;
        return read_xls(input, out);
    }
    Err(Failure::Skip(
        "unsupported format: OLE compound file".into(),
    ))
}

/// Surveys an xls before calamine opens it (see `biff`): stops one whose grids are too large
/// to allocate (calamine lays out every sheet densely before any cell can be read, and a
/// failed allocation aborts the process), reports a FILEPASS as protected, and sends the cell
/// notes, which calamine does not read.
fn survey_xls(
    ole: &mut cfb::CompoundFile<Box<dyn Input>>,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    let name = if ole.exists("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let survey = biff::survey(ole.open_stream(name)?, out.budget.limits.max_grid_cells)?;
    for (sheet, row, col, text) in survey.notes {
        out.place(Place {
            part: Some(Part::Comment),
            sheet: Some(sheet),
            ..Place::default()
        })?;
        out.cell(row, col, false, text)?;
    }
    Ok(())
}

/// The author, last saved by, company … of a legacy Office file, from its OLE property sets.
///
/// These streams stay readable even when the workbook is encrypted. Their string values are
/// stored as length-prefixed, NUL-terminated Windows-1252 text; taking the runs of printable
/// bytes recovers them without a property-set parser (the `cfb` crate reads streams, not
/// property sets, and no well-kept crate does).
fn send_property_sets(
    ole: &mut cfb::CompoundFile<Box<dyn Input>>,
    out: &mut Emitter<'_>,
) -> Result<(), Failure> {
    const STREAMS: [&str; 2] = [
        "/\u{5}SummaryInformation",
        "/\u{5}DocumentSummaryInformation",
    ];
    let mut values = Vec::new();
    for name in STREAMS {
        let Ok(stream) = ole.open_stream(name) else {
            continue;
        };
        let mut bytes = Vec::new();
        stream.take(1 << 20).read_to_end(&mut bytes)?;
        values.extend(printable_runs(&bytes));
    }
    if !values.is_empty() {
        out.place(Place {
            part: Some(Part::Properties),
            ..Place::default()
        })?;
        for value in values {
            out.text(value)?;
        }
    }
    Ok(())
}

/// Runs of at least four printable Windows-1252 characters.
fn printable_runs(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b < 0x20 || b == 0x7F)
        .filter(|run| run.len() >= 4)
        .map(|run| {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(run)
                .0
                .into_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Data;

    #[test]
    fn property_set_strings() {
        let stream = b"\x1e\0\0\0\x15\0\0\0luc.maes@example.net\0\x03\0ab\0Caf\xe9 Noord\0";
        assert_eq!(
            printable_runs(stream),
            ["luc.maes@example.net", "Caf\u{e9} Noord"]
        );
    }

    #[test]
    fn numbers_become_digits() {
        assert_eq!(
            cell_text(&Data::Float(85073003328.0)),
            Some(("85073003328".into(), true))
        );
        assert_eq!(
            cell_text(&Data::Int(5061204562)),
            Some(("05061204562".into(), true))
        );
        assert_eq!(cell_text(&Data::Float(3.25)), None);
        assert_eq!(cell_text(&Data::Float(1e20)), None);
        assert_eq!(
            cell_text(&Data::String("x".into())),
            Some(("x".into(), false))
        );
        assert_eq!(cell_text(&Data::Bool(true)), None);
        assert_eq!(cell_text(&Data::Empty), None);
    }
}
