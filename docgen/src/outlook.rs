//! `bericht.msg`: an Outlook message, written as Outlook stores one ([MS-OXMSG]): an OLE
//! compound file (cfb) with a stream per MAPI property, a storage per recipient and per
//! attachment, and an attached message as a storage of the same shape.

use std::io::{self, Cursor, Write};

use crate::values::{format_iban, BIS_1985, IBAN_BE_2, IBAN_NL, NN_1990, NN_2005};

type Msg = cfb::CompoundFile<Cursor<Vec<u8>>>;

/// The fixtures of this module, by file name.
pub fn all() -> io::Result<Vec<(String, Vec<u8>)>> {
    Ok(vec![("bericht.msg".to_string(), bericht_msg()?)])
}

/// A message from jan.peeters@example.be to marie.dubois@example.org, subject with "diabetes",
/// a national number in the plain body, a Dutch IBAN in the HTML body, `bijlage.csv` attached,
/// and an attached message (`doorgestuurd.msg`) with a BIS number in its body and its own
/// attachment `intern.txt` holding an address.
pub fn bericht_msg() -> io::Result<Vec<u8>> {
    let mut msg = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    properties_header(&mut msg, "/", 32)?;
    named_properties(&mut msg)?;
    let root = "/";
    unicode(&mut msg, root, 0x001A, "IPM.Note")?;
    unicode(&mut msg, root, 0x0037, "Opvolging diabetes")?;
    unicode(&mut msg, root, 0x0C1A, "Jan Peeters")?;
    unicode(&mut msg, root, 0x0C1F, "jan.peeters@example.be")?;
    unicode(&mut msg, root, 0x0E04, "Marie Dubois")?;
    unicode(
        &mut msg,
        root,
        0x1000,
        &format!("Beste Marie,\r\n\r\nRijksregisternummer {NN_1990}.\r\n"),
    )?;
    binary(
        &mut msg,
        root,
        0x1013,
        format!(
            "<html><body><table><tr><td>Rekening</td><td>{}</td></tr></table></body></html>",
            format_iban(IBAN_NL)
        )
        .as_bytes(),
    )?;
    let recipient = "/__recip_version1.0_#00000000";
    msg.create_storage(recipient)?;
    properties_header(&mut msg, recipient, 8)?;
    unicode(&mut msg, recipient, 0x3001, "Marie Dubois")?;
    unicode(&mut msg, recipient, 0x39FE, "marie.dubois@example.org")?;
    let csv = format!("naam;rijksregisternummer\nLotte Peeters;{NN_2005}\n");
    attachment(&mut msg, 0, "bijlage.csv", csv.as_bytes())?;
    forwarded(&mut msg)?;
    fix_times(&mut msg)?;
    Ok(msg.into_inner().into_inner())
}

/// Attachment 1: a message inside the message.
fn forwarded(msg: &mut Msg) -> io::Result<()> {
    let storage = "/__attach_version1.0_#00000001";
    msg.create_storage(storage)?;
    properties_header(msg, storage, 8)?;
    unicode(msg, storage, 0x3707, "doorgestuurd.msg")?;
    let inner = format!("{storage}/__substg1.0_3701000D");
    msg.create_storage(&inner)?;
    properties_header(msg, &inner, 24)?;
    unicode(msg, &inner, 0x001A, "IPM.Note")?;
    unicode(msg, &inner, 0x0037, "Doorgestuurd")?;
    unicode(
        msg,
        &inner,
        0x1000,
        &format!("BIS-nummer {BIS_1985}, rekening {IBAN_BE_2}.\r\n"),
    )?;
    let attach = format!("{inner}/__attach_version1.0_#00000000");
    msg.create_storage(&attach)?;
    properties_header(msg, &attach, 8)?;
    unicode(msg, &attach, 0x3707, "intern.txt")?;
    binary(msg, &attach, 0x3701, b"Contact: an.janssens@example.com\n")
}

/// Storages carry creation and modification times; fixed ones keep the file the same bytes on
/// every run.
fn fix_times(msg: &mut Msg) -> io::Result<()> {
    let fixed = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    let storages: Vec<_> = msg
        .walk()
        .filter(|e| e.is_storage())
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in storages {
        msg.set_created_time(&path, fixed)?;
        msg.set_modified_time(&path, fixed)?;
    }
    Ok(())
}

fn attachment(msg: &mut Msg, n: u32, name: &str, data: &[u8]) -> io::Result<()> {
    let storage = format!("/__attach_version1.0_#{n:08X}");
    msg.create_storage(&storage)?;
    properties_header(msg, &storage, 8)?;
    unicode(msg, &storage, 0x3707, name)?;
    binary(msg, &storage, 0x3701, data)
}

/// The `__properties_version1.0` stream: a header (32 bytes for the top-level message, 24 for
/// an attached one, 8 for recipients and attachments) and no fixed-size properties.
fn properties_header(msg: &mut Msg, storage: &str, len: usize) -> io::Result<()> {
    let path = format!("{}/__properties_version1.0", storage.trim_end_matches('/'));
    msg.create_stream(path)?.write_all(&vec![0u8; len])
}

/// The named-property map every message carries (here empty): GUID, entry and string streams.
fn named_properties(msg: &mut Msg) -> io::Result<()> {
    let storage = "/__nameid_version1.0";
    msg.create_storage(storage)?;
    for tag in ["00020102", "00030102", "00040102"] {
        stream(msg, storage, tag, &[])?;
    }
    Ok(())
}

/// A string property, UTF-16LE (type `001F`).
fn unicode(msg: &mut Msg, storage: &str, id: u16, text: &str) -> io::Result<()> {
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    stream(msg, storage, &format!("{id:04X}001F"), &bytes)
}

/// A binary property (type `0102`).
fn binary(msg: &mut Msg, storage: &str, id: u16, bytes: &[u8]) -> io::Result<()> {
    stream(msg, storage, &format!("{id:04X}0102"), bytes)
}

fn stream(msg: &mut Msg, storage: &str, tag: &str, bytes: &[u8]) -> io::Result<()> {
    let path = format!("{}/__substg1.0_{tag}", storage.trim_end_matches('/'));
    msg.create_stream(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_a_compound_file_with_its_parts() {
        let bytes = bericht_msg().unwrap();
        let msg = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
        assert!(msg.is_stream("/__substg1.0_0037001F"));
        assert!(msg.is_stream("/__attach_version1.0_#00000000/__substg1.0_37010102"));
        assert!(msg.is_storage("/__attach_version1.0_#00000001/__substg1.0_3701000D"));
    }
}
