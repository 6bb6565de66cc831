//! Documents: findings located by sheet and cell, part, slide and page, and the statuses a
//! document can end with (issue 5).

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

use crate::util::Env;

/// A one-page PDF whose page only paints an image: a scanned letter.
fn image_only_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    );
    let image_id = doc.add_object(image);
    let resources_id =
        doc.add_object(dictionary! { "XObject" => dictionary! { "Im1" => image_id } });
    let paint = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    500.into(),
                    0.into(),
                    0.into(),
                    700.into(),
                    0.into(),
                    0.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, paint.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_pdf_without_a_text_layer_is_no_text_never_clean() {
    let env = Env::new();
    env.write("scan.pdf", image_only_pdf());
    let (report, code) = env.scan_json(&[]);
    assert_eq!(code, 0);
    assert_eq!(report.summary.files_no_text, 1);
    assert_eq!(report.summary.files_scanned, 0, "nothing was checked");
    assert_eq!(report.no_text[0].format, "pdf");
    assert!(report.no_text[0].path.ends_with("scan.pdf"));
}

/// `lo-brief.doc` with the FIB's `fEncrypted` flag set. No tool on this machine writes an
/// encrypted Word 97 file (LibreOffice 7.4 crashes saving one with a password; msoffcrypto-tool
/// only decrypts them), and the flag is what marks one: whatever follows it is not text.
fn doc_marked_encrypted() -> Vec<u8> {
    let mut doc = crate::util::fixture("documents/lo-brief.doc");
    // The WordDocument stream starts on a sector with the FIB's magic number 0xA5EC.
    let fib = (0..doc.len())
        .step_by(512)
        .find(|&at| doc[at..].starts_with(&[0xEC, 0xA5]))
        .expect("a FIB");
    // The flags are a little-endian word at 0x0A; fEncrypted (0x0100) is bit 0 of byte 0x0B.
    doc[fib + 0x0B] |= 0x01;
    doc
}

#[test]
fn an_encrypted_word_97_document_is_protected() {
    let env = Env::new();
    env.write("gewoon.doc", crate::util::fixture("documents/lo-brief.doc"));
    env.write("geheim.doc", doc_marked_encrypted());
    let (report, _) = env.scan_json(&["--fail-on", "none"]);
    assert!(report.has_file("gewoon.doc"), "the letter is read");
    assert!(
        report
            .protected
            .iter()
            .any(|p| p.path.ends_with("geheim.doc") && p.format == "doc"),
        "{:?} {:?}",
        report.protected,
        report.errors
    );
    // The property sets (author …) sit outside the encrypted streams and are still read;
    // nothing of the text is.
    if report.has_file("geheim.doc") {
        let parts: Vec<_> = report
            .file("geheim.doc")
            .findings
            .iter()
            .map(|f| f.location.part.as_deref())
            .collect();
        assert!(parts.iter().all(|p| *p == Some("properties")), "{parts:?}");
    }
}
