//! Files whose name lies about their content: an HTML "xls" as online banking exports write it,
//! and an HTML page saved as `.docx`.

use crate::values::*;

/// `bankexport.xls`: an HTML table with a header row, as online banking exports produce it
/// (Excel opens it, with a warning that the format does not match the extension).
pub fn bankexport_xls() -> Vec<u8> {
    format!(
        r#"<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Rekeninguittreksel</title></head>
<body>
<table border="1">
<tr><th>Datum</th><th>Rekening tegenpartij</th><th>Naam tegenpartij</th><th>Bedrag</th><th>Mededeling</th></tr>
<tr><td>15/03/2024</td><td>{IBAN_BE_4}</td><td>Wouters Els</td><td>-125,00</td><td>Factuur F2024-000123</td></tr>
<tr><td>18/03/2024</td><td>{IBAN_NL}</td><td>Jacobs Pieter</td><td>250,00</td><td>Terugbetaling voorschot</td></tr>
<tr><td>20/03/2024</td><td></td><td>Kaartbetaling</td><td>-12,50</td><td>Bestelnummer 20240011873</td></tr>
</table>
</body>
</html>
"#
    )
    .into_bytes()
}

/// `fake.docx`: an HTML page with a `.docx` name.
pub fn fake_docx() -> Vec<u8> {
    br#"<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Uitnodiging</title></head>
<body>
<h1>Uitnodiging algemene vergadering</h1>
<p>Inschrijven kan tot 15 maart bij sophie.claes@example.be.</p>
</body>
</html>
"#
    .to_vec()
}
