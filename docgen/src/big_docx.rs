//! The large benchmark docx: case notes about generated people, streamed into the package until
//! the file reaches the requested size, so it never sits in memory.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use crate::docx::{self, para, run, table};
use crate::opc::{self, ct};
use crate::pkg::{deflated, Package};
use crate::values::*;

/// One case note: a paragraph naming a person with every kind of value, then prose.
fn record(rng: &mut Rng, id: u64) -> String {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let nn = rng.national_number();
    let mail = format!(
        "{}.{}{}@{}",
        first.to_lowercase(),
        last.to_lowercase().replace(' ', ""),
        id % 97,
        rng.pick(DOMAINS)
    );
    let iban = format_iban(&rng.belgian_iban());
    let date = format!(
        "{:02}/{:02}/{}",
        1 + rng.below(28),
        1 + rng.below(12),
        2015 + rng.below(10)
    );
    let amount = format!("{},{:02}", rng.below(5000), rng.below(100));
    let phone = format!(
        "0470/{:02}.{:02}.{:02}",
        rng.below(100),
        rng.below(100),
        rng.below(100)
    );
    let mut s = format!(
        "<w:p>{}{}{}</w:p>",
        run(&format!("Dossier {id} – {first} {last}, ")),
        run(&format!("rijksregisternummer {}", format_national(&nn))),
        run(&format!(
            ", woonachtig te {}. Contact: {mail}, tel. {phone}. Op {date} werd EUR {amount} \
             gestort op rekening {iban}.",
            rng.pick(TOWNS)
        ))
    );
    let mut prose = String::new();
    for _ in 0..1 + rng.below(4) {
        prose.push_str(rng.pick::<&str>(PROSE));
        prose.push(' ');
    }
    if rng.below(40) == 0 {
        prose.push_str(&format!("Opvolging wegens {}.", rng.pick(HEALTH_TERMS)));
    }
    s.push_str(&para(prose.trim_end()));
    s
}

/// A small table of payments, every so often.
fn payments(rng: &mut Rng) -> String {
    let rows: Vec<[String; 3]> = (0..5)
        .map(|_| {
            [
                format!("{:02}/{:02}/2024", 1 + rng.below(28), 1 + rng.below(12)),
                format_iban(&rng.belgian_iban()),
                format!("{},{:02}", rng.below(2000), rng.below(100)),
            ]
        })
        .collect();
    let cells: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()])
        .collect();
    let mut table_rows: Vec<&[&str]> = vec![&["datum", "rekening", "bedrag"]];
    table_rows.extend(cells.iter().map(|r| &r[..]));
    table(&table_rows)
}

/// Writes a docx of about `target_bytes` to `path`.
pub fn big_docx(path: &Path, target_bytes: u64) -> io::Result<()> {
    let file = File::create(path)?;
    // A second handle on the same file tells how much the package has written so far.
    let probe = file.try_clone()?;
    let mut p = Package::new(file);
    p.add(
        "[Content_Types].xml",
        opc::content_types(&[("word/document.xml", &ct::wml("document.main"))]),
    )?
    .add("_rels/.rels", opc::package_rels("word/document.xml"))?
    .add(
        "docProps/core.xml",
        opc::core_props("Dossiers", "docgen", "docgen"),
    )?
    .add("docProps/app.xml", opc::app_props("docgen"))?;
    p.start("word/document.xml", deflated())?;
    let mut rng = Rng::new(0x5EED_0002);
    let mut id = 1u64;
    {
        let w = p.writer();
        w.write_all(docx::open("document").as_bytes())?;
        w.write_all(b"<w:body>")?;
        w.write_all(para("Dossieroverzicht sociale dienst").as_bytes())?;
        // The central directory adds little; stop once the data reaches the target.
        while probe.metadata()?.len() < target_bytes {
            for _ in 0..200 {
                w.write_all(record(&mut rng, id).as_bytes())?;
                id += 1;
            }
            w.write_all(payments(&mut rng).as_bytes())?;
        }
        w.write_all(
            br#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        )?;
    }
    p.finish()?.flush()
}
