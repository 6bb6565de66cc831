//! What snuffel reads of an xls workbook's BIFF8 records itself, before calamine opens it:
//! the extent of every sheet's cells, and the cell notes (comments), which calamine does not
//! read.
//!
//! A BIFF8 `Workbook` stream is a run of records: a 2-byte type, a 2-byte length, the data.
//! The workbook globals come first (with a BOUNDSHEET record naming each sheet), then one
//! substream per sheet, each between a BOF and an EOF record (charts embedded in a sheet nest
//! their own BOF/EOF inside). A note is three records: an OBJ with the note's object id, a TXO
//! whose following CONTINUE record holds the text, and, at the end of the sheet, a NOTE that
//! ties the object id to a row and column.

use std::collections::HashMap;
use std::io::Read;

use super::document::Failure;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const OBJ: u16 = 0x005D;
const TXO: u16 = 0x01B6;
const CONTINUE: u16 = 0x003C;
const NOTE: u16 = 0x001C;

/// A cell note: sheet name, 0-based row and column, text.
pub type Note = (String, u32, u32, String);

/// What the survey found.
#[derive(Debug, Default)]
pub struct Survey {
    /// Cells of the dense grids calamine builds for all sheets (first to last used cell).
    pub grid_cells: u64,
    pub notes: Vec<Note>,
}

/// Reads the records of a `Workbook` stream; stops at `max_grid_cells`, and at a FILEPASS
/// record (the rest is encrypted: the workbook is protected).
pub fn survey(stream: impl Read, max_grid_cells: u64) -> Result<Survey, Failure> {
    let mut stream = std::io::BufReader::new(stream);
    let mut state = State::default();
    let mut header = [0u8; 4];
    let mut data = Vec::new();
    while stream.read_exact(&mut header).is_ok() {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = u64::from(u16::from_le_bytes([header[2], header[3]]));
        data.clear();
        (&mut stream).take(len).read_to_end(&mut data)?;
        if kind == FILEPASS {
            return Err(Failure::Protected("xls".into()));
        }
        state.record(kind, &data);
        if state.survey.grid_cells > max_grid_cells {
            return Err(Failure::Error(format!(
                "stopped: xls sheets span more than {max_grid_cells} cells as calamine lays them out"
            )));
        }
    }
    Ok(state.survey)
}

#[derive(Default)]
struct State {
    survey: Survey,
    sheet_names: Vec<String>,
    /// BOF nesting: 1 in the globals or a sheet, 2 in a chart inside a sheet.
    depth: u32,
    /// Substreams begun: 1 is the globals, 2 the first sheet …
    substreams: usize,
    grid: Grid,
    /// Note texts of the current sheet by object id.
    texts: HashMap<u16, String>,
    last_obj: Option<u16>,
    /// A TXO was seen: the next CONTINUE holds its text.
    awaiting_text: Option<(u16, usize)>,
}

impl State {
    fn record(&mut self, kind: u16, data: &[u8]) {
        let word = |at: usize| -> Option<u16> {
            Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
        };
        match kind {
            BOF => {
                self.depth += 1;
                if self.depth == 1 {
                    self.substreams += 1;
                    self.grid = Grid::default();
                    self.texts.clear();
                }
            }
            EOF => {
                if self.depth == 1 && self.substreams > 1 {
                    self.survey.grid_cells += self.grid.cells();
                }
                self.depth = self.depth.saturating_sub(1);
            }
            BOUNDSHEET => self.sheet_names.push(sheet_name(data)),
            OBJ if word(0) == Some(0x15) => self.last_obj = word(6),
            TXO => {
                self.awaiting_text = self
                    .last_obj
                    .zip(word(10))
                    .map(|(id, chars)| (id, usize::from(chars)));
            }
            CONTINUE => {
                if let Some((id, chars)) = self.awaiting_text.take() {
                    self.texts.insert(id, continued_text(data, chars));
                }
            }
            NOTE if self.depth == 1 => {
                if let (Some(row), Some(col), Some(id)) = (word(0), word(2), word(6)) {
                    if let Some(text) = self.texts.remove(&id) {
                        let sheet = self
                            .sheet_names
                            .get(self.substreams.saturating_sub(2))
                            .cloned()
                            .unwrap_or_default();
                        self.survey
                            .notes
                            .push((sheet, u32::from(row), u32::from(col), text));
                    }
                }
            }
            _ if self.depth == 1 => {
                if let Some((row, first, last)) = cell_span(kind, data) {
                    self.grid.add(row, first, last);
                }
            }
            _ => {}
        }
    }
}

/// A BOUNDSHEET's name: a length, a flag (bit 0: UTF-16), the characters.
fn sheet_name(data: &[u8]) -> String {
    let (Some(&chars), Some(&flags)) = (data.get(6), data.get(7)) else {
        return String::new();
    };
    characters(
        data.get(8..).unwrap_or_default(),
        usize::from(chars),
        flags & 1 == 1,
    )
}

/// The text in the CONTINUE record after a TXO: a flag byte (1: UTF-16), then the characters.
fn continued_text(data: &[u8], chars: usize) -> String {
    let Some((&flag, rest)) = data.split_first() else {
        return String::new();
    };
    characters(rest, chars, flag & 1 == 1)
}

fn characters(bytes: &[u8], chars: usize, wide: bool) -> String {
    if wide {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .take(chars)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        // "Compressed" BIFF strings are the low bytes of UTF-16: Latin-1.
        bytes.iter().take(chars).map(|&b| char::from(b)).collect()
    }
}

/// The used range of one sheet.
#[derive(Default)]
struct Grid {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Grid {
    fn add(&mut self, row: u16, first: u16, last: u16) {
        let (r0, r1) = self.rows.unwrap_or((row, row));
        self.rows = Some((r0.min(row), r1.max(row)));
        let (c0, c1) = self.cols.unwrap_or((first, last));
        self.cols = Some((c0.min(first), c1.max(last)));
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1)
            }
            _ => 0,
        }
    }
}

/// (row, first column, last column) of a BIFF8 cell record.
fn cell_span(kind: u16, data: &[u8]) -> Option<(u16, u16, u16)> {
    let word = |at: usize| Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]));
    match kind {
        // FORMULA, NUMBER, LABEL, BOOLERR, BLANK, LABELSST, RK, RSTRING
        0x0006 | 0x0203 | 0x0204 | 0x0205 | 0x0201 | 0x00FD | 0x027E | 0x00D6 => {
            let col = word(2)?;
            Some((word(0)?, col, col))
        }
        // MULRK, MULBLANK: the last column closes the record.
        0x00BD | 0x00BE => Some((word(0)?, word(2)?, word(data.len().checked_sub(2)?)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn workbook(cells: &[(u16, u16)], note: Option<&str>) -> Vec<u8> {
        let mut w = Vec::new();
        w.extend(record(BOF, &[0, 6, 5, 0]));
        w.extend(record(
            BOUNDSHEET,
            &[0, 0, 0, 0, 0, 0, 5, 0, b'L', b'e', b'd', b'e', b'n'],
        ));
        w.extend(record(EOF, &[]));
        w.extend(record(BOF, &[0, 6, 0x10, 0]));
        for &(row, col) in cells {
            let mut number = row.to_le_bytes().to_vec();
            number.extend(col.to_le_bytes());
            number.extend([0; 10]);
            w.extend(record(0x0203, &number));
        }
        if let Some(text) = note {
            w.extend(record(OBJ, &[0x15, 0, 0x12, 0, 0x19, 0, 7, 0]));
            let mut txo = vec![0; 10];
            txo.extend((text.len() as u16).to_le_bytes());
            w.extend(record(TXO, &txo));
            let mut cont = vec![0];
            cont.extend(text.as_bytes());
            w.extend(record(CONTINUE, &cont));
            w.extend(record(NOTE, &[1, 0, 2, 0, 0, 0, 7, 0]));
        }
        w.extend(record(EOF, &[]));
        w
    }

    #[test]
    fn grids_are_measured_and_notes_read() {
        let s = survey(
            &workbook(&[(0, 0), (9, 3)], Some("BE68 5390 0754 7034"))[..],
            1000,
        )
        .unwrap();
        assert_eq!(s.grid_cells, 40);
        assert_eq!(
            s.notes,
            [("Leden".into(), 1, 2, "BE68 5390 0754 7034".into())]
        );
    }

    #[test]
    fn a_forged_extent_is_stopped_and_filepass_is_protected() {
        let forged = workbook(&[(0, 0), (65535, 255)], None);
        assert!(matches!(
            survey(&forged[..], 1_000_000),
            Err(Failure::Error(_))
        ));
        let mut locked = record(BOF, &[0, 6, 5, 0]);
        locked.extend(record(FILEPASS, &[1, 0]));
        assert!(matches!(
            survey(&locked[..], 10),
            Err(Failure::Protected(_))
        ));
    }
}
