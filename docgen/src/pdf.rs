//! PDFs: `brief.pdf`, `decoys.pdf` and `scan.pdf` through lopdf, and the hostile PDFs by hand
//! (lopdf would repair what they need broken: it rewrites `/Length` on save).

use std::io;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use crate::values::*;

fn pdf_err(e: lopdf::Error) -> io::Error {
    io::Error::other(e)
}

/// A line of text: where it starts and its pieces, each drawn by its own `Tj`, each piece at the
/// given x offset from the previous one.
pub struct Line<'a> {
    pub x: f32,
    pub y: f32,
    pub pieces: &'a [(f32, &'a str)],
}

/// One `BT … ET` block for a line.
fn line_ops(line: &Line<'_>, ops: &mut Vec<Operation>) {
    ops.push(Operation::new("BT", vec![]));
    ops.push(Operation::new("Tf", vec!["F1".into(), 12.into()]));
    ops.push(Operation::new("Td", vec![line.x.into(), line.y.into()]));
    for (i, (dx, text)) in line.pieces.iter().enumerate() {
        if i > 0 {
            ops.push(Operation::new("Td", vec![(*dx).into(), 0.into()]));
        }
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(text.as_bytes())],
        ));
    }
    ops.push(Operation::new("ET", vec![]));
}

/// A document of A4 pages, each drawn by its content stream, with Helvetica (WinAnsiEncoding)
/// as `/F1` and the given XObjects in the shared resources.
fn document(pages: Vec<Vec<u8>>, xobjects: Vec<(&str, Stream)>) -> io::Result<Vec<u8>> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut xobject_dict = Dictionary::new();
    for (name, stream) in xobjects {
        let id = doc.add_object(stream);
        xobject_dict.set(name, id);
    }
    let mut resources = dictionary! { "Font" => dictionary! { "F1" => font_id } };
    if !xobject_dict.is_empty() {
        resources.set("XObject", xobject_dict);
    }
    let resources_id = doc.add_object(resources);
    let mut kids: Vec<Object> = Vec::new();
    for content in pages {
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id: ObjectId = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

fn text_page(lines: &[Line<'_>]) -> io::Result<Vec<u8>> {
    let mut ops = Vec::new();
    for l in lines {
        line_ops(l, &mut ops);
    }
    Content { operations: ops }.encode().map_err(pdf_err)
}

/// Advance of `85.07.30-` in Helvetica 12 pt (digits 556, period 278, hyphen 333 per 1000), so
/// the second `Tj` starts exactly where the first ends.
const SPLIT_ADVANCE: f32 = 50.7;

/// `brief.pdf`: page 1 the national number after its keyword, drawn as `85.07.30-` and `033.28`
/// by two `Tj` on one line, and a health term; page 2 an IBAN and an e-mail address.
pub fn brief_pdf() -> io::Result<Vec<u8>> {
    let page1 = text_page(&[
        Line {
            x: 72.0,
            y: 770.0,
            pieces: &[(0.0, "Geachte heer Peeters,")],
        },
        Line {
            x: 72.0,
            y: 740.0,
            pieces: &[
                (0.0, "Rijksregisternummer:"),
                (120.0, "85.07.30-"),
                (SPLIT_ADVANCE, "033.28"),
            ],
        },
        Line {
            x: 72.0,
            y: 710.0,
            pieces: &[(0.0, "De behandelende arts bevestigt de diagnose diabetes.")],
        },
    ])?;
    let iban_line = format!("Gelieve het bedrag over te schrijven op {IBAN_BE_1}.");
    let page2 = text_page(&[
        Line {
            x: 72.0,
            y: 770.0,
            pieces: &[(0.0, &iban_line)],
        },
        Line {
            x: 72.0,
            y: 740.0,
            pieces: &[(0.0, "Vragen? Mail naar jan.peeters@example.be")],
        },
        Line {
            x: 72.0,
            y: 710.0,
            pieces: &[(0.0, "Met vriendelijke groeten, het secretariaat")],
        },
    ])?;
    document(vec![page1, page2], vec![])
}

/// `decoys.pdf`: one page of decoys.
pub fn decoys_pdf() -> io::Result<Vec<u8>> {
    let texts: Vec<String> = DECOYS.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let pieces: Vec<[(f32, &str); 1]> = texts.iter().map(|t| [(0.0, t.as_str())]).collect();
    let lines: Vec<Line<'_>> = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| Line {
            x: 72.0,
            y: 770.0 - 20.0 * i as f32,
            pieces: p,
        })
        .collect();
    document(vec![text_page(&lines)?], vec![])
}

/// A grey "scanned letter": white paper, dark bars where lines of text would be, a little noise.
fn scanned_image(width: u32, height: u32) -> Vec<u8> {
    let mut rng = Rng::new(0x5CA7);
    let mut pixels = Vec::with_capacity((width * height) as usize);
    for y in 0..height {
        let in_line = y > 40 && y < height - 60 && (y % 14) < 6;
        for x in 0..width {
            // Mostly flat, with a speck now and then, so the image stays small.
            let speck = rng.below(61) == 0;
            let ink = in_line && x > 30 && x < width - 30 && (x / 7 + y / 14) % 9 != 0;
            pixels.push(match (ink, speck) {
                (true, false) => 40,
                (true, true) => 90,
                (false, false) => 242,
                (false, true) => 180,
            });
        }
    }
    pixels
}

/// `scan.pdf`: one page that only paints an image; there is no text operator at all.
pub fn scan_pdf() -> io::Result<Vec<u8>> {
    let (w, h) = (297_u32, 420_u32);
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(w),
            "Height" => i64::from(h),
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        scanned_image(w, h),
    );
    let content = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    595.into(),
                    0.into(),
                    0.into(),
                    842.into(),
                    0.into(),
                    0.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ],
    }
    .encode()
    .map_err(pdf_err)?;
    document(vec![content], vec![("Im1", image)])
}

/// A PDF from object bodies (numbered from 1, the first being the catalog), with a correct
/// cross-reference table. The bodies are written as given, so they may lie.
pub fn raw_pdf(objects: &[&[u8]]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A content stream object drawing one line, declaring `length` (the true length if `None`).
fn raw_stream(text: &str, length: Option<u64>) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 770 Td ({text}) Tj ET");
    let length = length.unwrap_or(content.len() as u64);
    format!("<< /Length {length} >>\nstream\n{content}\nendstream").into_bytes()
}

const RAW_FONT: &[u8] =
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
const RAW_PAGE: &[u8] =
    b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>";

/// `loop.pdf`: the page tree's `/Kids` holds the tree itself (and one real page).
pub fn loop_pdf() -> Vec<u8> {
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
        RAW_PAGE,
        &raw_stream("Lus in de boom", None),
        RAW_FONT,
    ])
}

/// `hugelen.pdf`: a content stream that declares `/Length 1099511627776` (1 TiB) for a few
/// dozen bytes.
pub fn hugelen_pdf() -> Vec<u8> {
    raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        RAW_PAGE,
        &raw_stream("Te lange stroom", Some(1 << 40)),
        RAW_FONT,
    ])
}
