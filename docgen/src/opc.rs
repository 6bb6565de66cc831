//! Open Packaging Conventions pieces shared by docx, pptx and hand-written xlsx: content types,
//! relationship parts and the core/app property parts.

use crate::pkg::esc;

/// Relationship type URIs (ECMA-376 part 1, 2006 namespaces).
pub mod rel {
    pub const OFFICE_DOCUMENT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    pub const CORE: &str =
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
    pub const APP: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
    const BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

    /// A relationship type in the officeDocument namespace, such as `header` or `slide`.
    pub fn office(kind: &str) -> String {
        format!("{BASE}{kind}")
    }
}

/// One relationship: id, type, target, external or not.
pub struct Rel<'a> {
    pub id: &'a str,
    pub kind: String,
    pub target: &'a str,
    pub external: bool,
}

impl<'a> Rel<'a> {
    /// An internal relationship.
    pub fn new(id: &'a str, kind: impl Into<String>, target: &'a str) -> Self {
        Rel {
            id,
            kind: kind.into(),
            target,
            external: false,
        }
    }

    /// An external relationship (hyperlink).
    pub fn external(id: &'a str, kind: impl Into<String>, target: &'a str) -> Self {
        Rel {
            id,
            kind: kind.into(),
            target,
            external: true,
        }
    }
}

/// A `.rels` part.
pub fn rels(rels: &[Rel<'_>]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for r in rels {
        s.push_str(&format!(
            r#"<Relationship Id="{}" Type="{}" Target="{}"{}/>"#,
            r.id,
            r.kind,
            esc(r.target),
            if r.external {
                r#" TargetMode="External""#
            } else {
                ""
            }
        ));
    }
    s.push_str("</Relationships>");
    s
}

/// The package relationships of a document whose main part is `main`.
pub fn package_rels(main: &str) -> String {
    rels(&[
        Rel::new("rId1", rel::OFFICE_DOCUMENT, main),
        Rel::new("rId2", rel::CORE, "docProps/core.xml"),
        Rel::new("rId3", rel::APP, "docProps/app.xml"),
    ])
}

/// `[Content_Types].xml` with the usual defaults and one override per `(part, type)`.
pub fn content_types(overrides: &[(&str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    );
    for (part, ct) in overrides {
        s.push_str(&format!(
            r#"<Override PartName="/{part}" ContentType="{ct}"/>"#
        ));
    }
    s.push_str("</Types>");
    s
}

/// `docProps/core.xml`.
pub fn core_props(title: &str, creator: &str, last_modified_by: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy><cp:revision>2</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-15T10:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-15T11:00:00Z</dcterms:modified></cp:coreProperties>"#,
        esc(title),
        esc(creator),
        esc(last_modified_by)
    )
}

/// `docProps/app.xml`.
pub fn app_props(application: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>{}</Application></Properties>"#,
        esc(application)
    )
}

/// Content types of the parts used here.
pub mod ct {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    const PML: &str = "application/vnd.openxmlformats-officedocument.presentationml.";
    const SML: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.";

    /// A WordprocessingML part type, such as `document.main` or `header`.
    pub fn wml(kind: &str) -> String {
        format!("{WML}{kind}+xml")
    }

    /// A PresentationML part type, such as `slide`.
    pub fn pml(kind: &str) -> String {
        format!("{PML}{kind}+xml")
    }

    /// A SpreadsheetML part type, such as `worksheet`.
    pub fn sml(kind: &str) -> String {
        format!("{SML}{kind}+xml")
    }

    pub const THEME: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
}
