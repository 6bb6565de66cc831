//! `slides.pptx`, written by hand: two slides, speaker notes on the first, with the master,
//! layout, notes master and themes PowerPoint requires.

use std::io;

use crate::opc::{self, ct, rel, Rel};
use crate::pkg::{esc, Package};
use crate::values::*;

const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
"#;
const GROUP: &str = r#"<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>"#;
const CLR_MAP: &str = r#"<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#;

/// A text box shape with one paragraph per line.
fn text_box(id: u32, name: &str, y: u32, lines: &[&str]) -> String {
    let mut paras = String::new();
    for l in lines {
        paras.push_str(&format!(
            r#"<a:p><a:r><a:rPr lang="nl-BE" sz="2400"/><a:t>{}</a:t></a:r></a:p>"#,
            esc(l)
        ));
    }
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="{y}"/><a:ext cx="8229600" cy="1143000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{paras}</p:txBody></p:sp>"#
    )
}

fn slide(shapes: &str) -> String {
    format!(
        r#"{XML_DECL}<p:sld {NS}><p:cSld><p:spTree>{GROUP}{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#
    )
}

fn notes_slide(text: &str) -> String {
    format!(
        r#"{XML_DECL}<p:notes {NS}><p:cSld><p:spTree>{GROUP}<p:sp><p:nvSpPr><p:cNvPr id="2" name="Notities"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="nl-BE"/><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"#,
        esc(text)
    )
}

/// A minimal complete DrawingML theme.
pub fn theme() -> String {
    let solid = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = format!(r#"<a:ln w="9525">{solid}</a:ln>"#);
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let accents: String = ["4F81BD", "C0504D", "9BBB59", "8064A2", "4BACC6", "F79646"]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"<a:accent{n}><a:srgbClr val="{c}"/></a:accent{n}>"#,
                n = i + 1
            )
        })
        .collect();
    let font = r#"<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>"#;
    format!(
        r#"{XML_DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>{accents}<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst><a:lnStyleLst>{line}{line}{line}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst><a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#
    )
}

/// `slides.pptx`.
pub fn slides_pptx() -> io::Result<Vec<u8>> {
    let presentation = format!(
        r#"{XML_DECL}<p:presentation {NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="rId4"/></p:notesMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId3"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#
    );
    let presentation_rels = opc::rels(&[
        Rel::new(
            "rId1",
            rel::office("slideMaster"),
            "slideMasters/slideMaster1.xml",
        ),
        Rel::new("rId2", rel::office("slide"), "slides/slide1.xml"),
        Rel::new("rId3", rel::office("slide"), "slides/slide2.xml"),
        Rel::new(
            "rId4",
            rel::office("notesMaster"),
            "notesMasters/notesMaster1.xml",
        ),
        Rel::new("rId5", rel::office("theme"), "theme/theme1.xml"),
    ]);
    let master = format!(
        r#"{XML_DECL}<p:sldMaster {NS}><p:cSld><p:spTree>{GROUP}</p:spTree></p:cSld>{CLR_MAP}<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>"#
    );
    let master_rels = opc::rels(&[
        Rel::new(
            "rId1",
            rel::office("slideLayout"),
            "../slideLayouts/slideLayout1.xml",
        ),
        Rel::new("rId2", rel::office("theme"), "../theme/theme1.xml"),
    ]);
    let layout = format!(
        r#"{XML_DECL}<p:sldLayout {NS} type="blank" preserve="1"><p:cSld name="Leeg"><p:spTree>{GROUP}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
    );
    let layout_rels = opc::rels(&[Rel::new(
        "rId1",
        rel::office("slideMaster"),
        "../slideMasters/slideMaster1.xml",
    )]);
    let notes_master = format!(
        r#"{XML_DECL}<p:notesMaster {NS}><p:cSld><p:spTree>{GROUP}</p:spTree></p:cSld>{CLR_MAP}</p:notesMaster>"#
    );
    let notes_master_rels = opc::rels(&[Rel::new(
        "rId1",
        rel::office("theme"),
        "../theme/theme2.xml",
    )]);

    let slide1 = slide(&format!(
        "{}{}",
        text_box(2, "Titel", 457_200, &["Ledenvergadering 2024"]),
        text_box(
            3,
            "Agenda",
            1_828_800,
            &["Verslag vorige vergadering", "Begroting", "Varia"]
        )
    ));
    let slide1_rels = opc::rels(&[
        Rel::new(
            "rId1",
            rel::office("slideLayout"),
            "../slideLayouts/slideLayout1.xml",
        ),
        Rel::new(
            "rId2",
            rel::office("notesSlide"),
            "../notesSlides/notesSlide1.xml",
        ),
    ]);
    let slide2 = slide(&format!(
        "{}{}",
        text_box(2, "Titel", 457_200, &["Lidgeld"]),
        text_box(
            3,
            "Tekst",
            1_828_800,
            &[
                "Lidgeld: 25 euro per jaar",
                &format!("Te storten op {IBAN_BE_1}"),
            ]
        )
    ));
    let slide2_rels = opc::rels(&[Rel::new(
        "rId1",
        rel::office("slideLayout"),
        "../slideLayouts/slideLayout1.xml",
    )]);
    let notes1 = notes_slide(&format!(
        "Voorzitter stelt zich voor, rijksregisternummer {NN_1985} voor de aangifte."
    ));
    let notes1_rels = opc::rels(&[
        Rel::new(
            "rId1",
            rel::office("notesMaster"),
            "../notesMasters/notesMaster1.xml",
        ),
        Rel::new("rId2", rel::office("slide"), "../slides/slide1.xml"),
    ]);

    let mut p = Package::in_memory();
    p.add(
        "[Content_Types].xml",
        opc::content_types(&[
            ("ppt/presentation.xml", &ct::pml("presentation.main")),
            ("ppt/slideMasters/slideMaster1.xml", &ct::pml("slideMaster")),
            ("ppt/slideLayouts/slideLayout1.xml", &ct::pml("slideLayout")),
            ("ppt/slides/slide1.xml", &ct::pml("slide")),
            ("ppt/slides/slide2.xml", &ct::pml("slide")),
            ("ppt/notesSlides/notesSlide1.xml", &ct::pml("notesSlide")),
            ("ppt/notesMasters/notesMaster1.xml", &ct::pml("notesMaster")),
            ("ppt/theme/theme1.xml", ct::THEME),
            ("ppt/theme/theme2.xml", ct::THEME),
        ]),
    )?
    .add("_rels/.rels", opc::package_rels("ppt/presentation.xml"))?
    .add(
        "docProps/core.xml",
        opc::core_props("Ledenvergadering", "jan.peeters@example.be", "Secretariaat"),
    )?
    .add("docProps/app.xml", opc::app_props("docgen"))?
    .add("ppt/presentation.xml", presentation)?
    .add("ppt/_rels/presentation.xml.rels", presentation_rels)?
    .add("ppt/slideMasters/slideMaster1.xml", master)?
    .add("ppt/slideMasters/_rels/slideMaster1.xml.rels", master_rels)?
    .add("ppt/slideLayouts/slideLayout1.xml", layout)?
    .add("ppt/slideLayouts/_rels/slideLayout1.xml.rels", layout_rels)?
    .add("ppt/notesMasters/notesMaster1.xml", notes_master)?
    .add(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        notes_master_rels,
    )?
    .add("ppt/slides/slide1.xml", slide1)?
    .add("ppt/slides/_rels/slide1.xml.rels", slide1_rels)?
    .add("ppt/slides/slide2.xml", slide2)?
    .add("ppt/slides/_rels/slide2.xml.rels", slide2_rels)?
    .add("ppt/notesSlides/notesSlide1.xml", notes1)?
    .add("ppt/notesSlides/_rels/notesSlide1.xml.rels", notes1_rels)?
    .add("ppt/theme/theme1.xml", theme())?
    .add("ppt/theme/theme2.xml", theme())?;
    p.into_bytes()
}
