//! Mail: `bericht.eml`, one RFC 5322 message with every encoding a mail reader must undo (an
//! RFC 2047 encoded subject, a quoted-printable text part, a base64 HTML part, a base64
//! attachment), and `inbox.mbox`, three messages in mboxrd form, one with a zip attachment and
//! one with a forwarded message. The MIME is written by hand, so each byte is where the fixture
//! says it is.
//!
//! A finding in a mail is reported under the mail; an attachment is a member named by its file
//! name (`bericht.eml!/bijlage.csv`), an mbox message by its 1-based number (`inbox.mbox!/2`).

use std::io;

use crate::archives;
use crate::pkg::deflated;
use crate::values::*;
use crate::xlsx;

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (RFC 2045, section 6.8) in lines of 76 characters, each ending in `\n`.
pub fn base64(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 57 + 4);
    for line in data.chunks(57) {
        for group in line.chunks(3) {
            let b = [
                group[0],
                *group.get(1).unwrap_or(&0),
                *group.get(2).unwrap_or(&0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..4 {
                if i <= group.len() {
                    out.push(BASE64_ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// One word in quoted-printable: printable ASCII as is, `=` and every other byte as `=XX`.
fn qp_word(word: &str) -> String {
    let mut out = String::new();
    for &b in word.as_bytes() {
        if b.is_ascii_graphic() && b != b'=' {
            out.push(b as char);
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    out
}

/// Quoted-printable (RFC 2045, section 6.7) with soft line breaks (`=` at the end of a line)
/// only between words, so a number or an address always stays on one encoded line. Lines end
/// in `\n`; no encoded line is longer than 76 characters as long as no single word encodes to
/// more than 73.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut current = String::new();
        for (i, word) in line.split(' ').map(qp_word).enumerate() {
            if i > 0 && current.len() + 1 + word.len() > 73 {
                // The space before the soft break is not trailing white space: `=` follows it.
                out.push_str(&current);
                out.push_str(" =\n");
                current = word;
            } else {
                if i > 0 {
                    current.push(' ');
                }
                current.push_str(&word);
            }
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}

/// An RFC 2047 encoded word in the "Q" encoding: `_` for a space, letters and digits as is,
/// everything else as `=XX`.
pub fn encoded_word(text: &str) -> String {
    let mut out = String::from("=?UTF-8?Q?");
    for &b in text.as_bytes() {
        match b {
            b' ' => out.push('_'),
            b if b.is_ascii_alphanumeric() => out.push(b as char),
            b => out.push_str(&format!("={b:02X}")),
        }
    }
    out.push_str("?=");
    out
}

/// A MIME part: its header lines, a blank line, its body (which ends in a newline).
pub fn part(headers: &[&str], body: &str) -> String {
    let mut out = headers.join("\n");
    out.push_str("\n\n");
    out.push_str(body);
    out
}

/// A multipart body: each part after `--boundary`, then the closing `--boundary--`.
pub fn multipart(boundary: &str, parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(&format!("--{boundary}\n{p}"));
    }
    out.push_str(&format!("--{boundary}--\n"));
    out
}

/// An attachment in base64, with its file name in both `name` and `filename`.
pub fn attachment(content_type: &str, filename: &str, data: &[u8]) -> String {
    part(
        &[
            &format!("Content-Type: {content_type}; name=\"{filename}\""),
            &format!("Content-Disposition: attachment; filename=\"{filename}\""),
            "Content-Transfer-Encoding: base64",
        ],
        &base64(data),
    )
}

/// The plain text of `bericht.eml`: a national number and an e-mail address, accents, and
/// lines long enough to need soft breaks.
fn bericht_text() -> String {
    format!(
        "Beste Marie,\n\n\
         Na de vergadering van het comité stuur ik je de gegevens van het nieuwe lid voor de \
         aansluiting bij het ziekenfonds: rijksregisternummer {NN_1990}, ingeschreven op 15 maart. \
         Vragen over de inschrijving mag je richten aan an.janssens@example.com, zij volgt het \
         dossier verder op.\n\n\
         De betaalgegevens staan in de tabel hieronder en de ledenlijst zit in bijlage.\n\n\
         Met vriendelijke groeten,\n\
         Jan Peeters\n\
         Secretariaat — vzw De Brug\n"
    )
}

/// The HTML of `bericht.eml`: an IBAN in a table cell.
fn bericht_html() -> String {
    format!(
        "<html><body><p>Betaalgegevens:</p>\n<table><tr><th>Naam</th><th>Rekening</th></tr>\n\
         <tr><td>Marie Dubois</td><td>{IBAN_BE_1}</td></tr></table>\n</body></html>\n"
    )
}

/// The subject of `bericht.eml`, before encoding: a health term.
pub const BERICHT_SUBJECT: &str = "Opvolging diabetes – vertrouwelijk";

/// `bericht.eml`: addresses in From, To, Cc and Reply-To; a health term in the encoded
/// subject; a national number and an e-mail address in the quoted-printable text; an IBAN in
/// the base64 HTML; `bijlage.csv` with a national number. Lines end in CRLF, as RFC 5322 says.
pub fn bericht_eml() -> Vec<u8> {
    let csv = format!("naam;rijksregisternummer\nLotte Peeters;{NN_2005}\n");
    let body = multipart(
        "=_docgen_bericht",
        &[
            part(
                &[
                    "Content-Type: text/plain; charset=utf-8",
                    "Content-Transfer-Encoding: quoted-printable",
                ],
                &quoted_printable(&bericht_text()),
            ),
            part(
                &[
                    "Content-Type: text/html; charset=utf-8",
                    "Content-Transfer-Encoding: base64",
                ],
                &base64(bericht_html().as_bytes()),
            ),
            attachment("text/csv; charset=utf-8", "bijlage.csv", csv.as_bytes()),
        ],
    );
    let message = part(
        &[
            "From: \"Jan Peeters\" <jan.peeters@example.be>",
            "To: \"Marie Dubois\" <marie.dubois@example.org>",
            "Cc: Luc Maes <luc.maes@example.net>",
            "Reply-To: lotte.peeters@example.be",
            &format!("Subject: {}", encoded_word(BERICHT_SUBJECT)),
            "Date: Fri, 15 Mar 2024 10:00:00 +0100",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"=_docgen_bericht\"",
        ],
        &format!("This is a multi-part message in MIME format.\n\n{body}"),
    );
    message.replace('\n', "\r\n").into_bytes()
}

/// The headers every mbox message starts with, between Sophie and Koen.
fn inbox_headers(from_sophie: bool, subject: &str, hour: u8) -> Vec<String> {
    let sophie = "Sophie Claes <sophie.claes@example.be>";
    let koen = "Koen Hermans <koen.hermans@example.org>";
    let (from, to) = if from_sophie {
        (sophie, koen)
    } else {
        (koen, sophie)
    };
    vec![
        format!("From: {from}"),
        format!("To: {to}"),
        format!("Subject: {subject}"),
        format!("Date: Mon, 1 Jan 2024 {hour:02}:00:00 +0100"),
        "MIME-Version: 1.0".into(),
    ]
}

fn with_headers(headers: Vec<String>, more: &[&str], body: &str) -> String {
    let mut all: Vec<&str> = headers.iter().map(String::as_str).collect();
    all.extend_from_slice(more);
    part(&all, body)
}

/// Message 1: plain text with a BIS number and an e-mail address, and a line that starts with
/// "From " (quoted as ">From " when the mbox is written).
fn inbox_message_1() -> String {
    let body = format!(
        "Dag Koen,\n\n\
         Het BIS-nummer van de nieuwe vrijwilliger is {BIS_1985}.\n\
         Zij is bereikbaar op ines.willems@example.net.\n\n\
         From nu af aan komen de inschrijvingen via het secretariaat.\n\n\
         Sophie\n"
    );
    with_headers(
        inbox_headers(true, "Nieuwe vrijwilliger", 10),
        &[
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        &body,
    )
}

/// Message 2: `bijlage.zip`, which holds `leden.xlsx` with a national number in Leden!B2.
fn inbox_message_2() -> io::Result<String> {
    let workbook = xlsx::text_sheet_xlsx(
        &["naam", "rijksregisternummer"],
        &[&["Bart Goossens", NN_1967]],
    )?;
    let zip = archives::zip(&[("leden.xlsx", &workbook, deflated())])?;
    let body = multipart(
        "=_docgen_2",
        &[
            part(
                &["Content-Type: text/plain; charset=utf-8"],
                "De ledenlijst zit in bijlage.\n",
            ),
            attachment("application/zip", "bijlage.zip", &zip),
        ],
    );
    Ok(with_headers(
        inbox_headers(true, "Ledenlijst", 11),
        &["Content-Type: multipart/mixed; boundary=\"=_docgen_2\""],
        &body,
    ))
}

/// The message forwarded in message 3: an IBAN in its body.
fn forwarded_message() -> String {
    part(
        &[
            "From: Julie Lambert <julie.lambert@example.be>",
            "To: Koen Hermans <koen.hermans@example.org>",
            "Subject: Terugbetaling",
            "Date: Fri, 29 Dec 2023 16:30:00 +0100",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ],
        &format!("Gelieve het voorschot terug te storten op {IBAN_BE_4}.\n\nJulie\n"),
    )
}

/// Message 3: a forwarded mail attached as `message/rfc822`, file name `doorgestuurd.eml`.
fn inbox_message_3() -> String {
    let body = multipart(
        "=_docgen_3",
        &[
            part(
                &["Content-Type: text/plain; charset=utf-8"],
                "Zie het doorgestuurde bericht.\n",
            ),
            part(
                &[
                    "Content-Type: message/rfc822; name=\"doorgestuurd.eml\"",
                    "Content-Disposition: attachment; filename=\"doorgestuurd.eml\"",
                ],
                &forwarded_message(),
            ),
        ],
    );
    with_headers(
        inbox_headers(false, "Fwd: Terugbetaling", 12),
        &["Content-Type: multipart/mixed; boundary=\"=_docgen_3\""],
        &body,
    )
}

/// The mboxrd form of `messages`: each after a `From ` line, each line that starts with
/// `From ` or `>From ` (any number of `>`) quoted with one more `>`, and a blank line after
/// each message.
pub fn mbox(messages: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for m in messages {
        out.push_str("From sender@example.be Mon Jan  1 10:00:00 2024\n");
        for line in m.lines() {
            if line.trim_start_matches('>').starts_with("From ") {
                out.push('>');
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// `inbox.mbox`: three messages (see [`inbox_message_1`] and the next two).
pub fn inbox_mbox() -> io::Result<Vec<u8>> {
    Ok(mbox(&[
        inbox_message_1(),
        inbox_message_2()?,
        inbox_message_3(),
    ]))
}

/// Every mail fixture, by name.
pub fn all() -> io::Result<Vec<(String, Vec<u8>)>> {
    Ok(vec![
        ("bericht.eml".into(), bericht_eml()),
        ("inbox.mbox".into(), inbox_mbox()?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unbase64(text: &str) -> Vec<u8> {
        let mut bits = 0u32;
        let mut count = 0;
        let mut out = Vec::new();
        for c in text
            .bytes()
            .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        {
            let v = BASE64_ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
            bits = bits << 6 | v;
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        out
    }

    fn unqp(text: &str) -> String {
        let joined = text.replace("=\n", "");
        let mut out = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' {
                out.push(u8::from_str_radix(&joined[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn base64_round_trips_every_length() {
        for n in 0..200 {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 % 256) as u8).collect();
            let text = base64(&data);
            assert!(text.lines().all(|l| l.len() <= 76));
            assert_eq!(unbase64(&text), data, "{n}");
        }
        assert_eq!(base64(b"Ma"), "TWE=\n");
    }

    #[test]
    fn quoted_printable_breaks_softly_between_words() {
        let text = bericht_text();
        let qp = quoted_printable(&text);
        assert!(qp.lines().all(|l| l.len() <= 76), "{qp}");
        assert!(qp.contains(" =\n"), "soft breaks");
        assert!(qp.contains("comit=C3=A9"));
        assert_eq!(unqp(&qp), text);
        // Each value whole on one encoded line.
        assert!(qp.lines().any(|l| l.contains(NN_1990)));
        assert!(qp.lines().any(|l| l.contains("an.janssens@example.com")));
    }

    #[test]
    fn bericht_eml_is_crlf_and_holds_its_parts() {
        let eml = String::from_utf8(bericht_eml()).unwrap();
        assert!(!eml.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(eml.contains("Subject: =?UTF-8?Q?Opvolging_diabetes_=E2=80=93_vertrouwelijk?="));
        let html_b64 = eml
            .split("Content-Transfer-Encoding: base64\r\n\r\n")
            .nth(1)
            .unwrap()
            .split("--=_docgen")
            .next()
            .unwrap();
        let html = String::from_utf8(unbase64(html_b64)).unwrap();
        assert!(html.contains(&format!("<td>{IBAN_BE_1}</td>")));
        assert!(eml.contains("Content-Disposition: attachment; filename=\"bijlage.csv\""));
    }

    #[test]
    fn inbox_mbox_has_three_messages_and_quotes_from_lines() {
        let mbox = String::from_utf8(inbox_mbox().unwrap()).unwrap();
        let separators = mbox
            .lines()
            .filter(|l| l.starts_with("From sender@example.be "))
            .count();
        assert_eq!(separators, 3);
        assert!(mbox.contains("\n>From nu af aan"));
        assert!(mbox.contains("filename=\"bijlage.zip\""));
        assert!(mbox.contains("Content-Type: message/rfc822; name=\"doorgestuurd.eml\""));
        assert!(mbox.contains(IBAN_BE_4));
        // Every message but the first follows a blank line.
        assert_eq!(mbox.matches("\n\nFrom sender@example.be ").count(), 2);
    }
}
