//! 7z archives (sevenz-rust2, pure Rust), read in a worker process: a 7z header may ask for
//! large decoder dictionaries, and a worker's memory limit is what keeps that from the scan.
//! Each member is read into memory and handed back as a `Member` reply, to be scanned by the
//! scan stage as the file it is.

use std::io::Read;

use sevenz_rust2::{ArchiveReader, Error, Password};

use super::document::{human_bytes, Emitter, Failure, Input, Stop};

/// Memory the 7z decoders may ask for (dictionaries, models), in KiB: `7z -mx=9` uses 64 MiB.
const MEMORY_KIB: usize = 256 << 10;
/// A member travels back in one message: larger ones stop the archive with a reason.
pub const MAX_MEMBER: u64 = 192 << 20;

/// Reads the members of a 7z archive and hands each on.
pub fn extract(input: Box<dyn Input>, out: &mut Emitter<'_>) -> Result<(), Failure> {
    out.format("7z")?;
    let mut archive = ArchiveReader::new_with_memory_limit(input, Password::empty(), MEMORY_KIB)
        .map_err(failure)?;
    archive.set_thread_count(1);
    let mut stopped = None;
    let result = archive.for_each_entries(|entry, reader| {
        if entry.is_directory || !entry.has_stream {
            return Ok(true);
        }
        match read_member(entry.size, reader, out) {
            Ok(bytes) => {
                if let Err(stop) = out.member(entry.name.clone(), bytes) {
                    stopped = Some(stop);
                    return Ok(false);
                }
                Ok(true)
            }
            Err(ReadError::Stop(stop)) => {
                stopped = Some(stop);
                Ok(false)
            }
            Err(ReadError::Archive(e)) => Err(e),
        }
    });
    if let Some(stop) = stopped {
        return Err(Failure::Stop(stop));
    }
    result.map_err(failure)
}

enum ReadError {
    Stop(Stop),
    Archive(Error),
}

/// A member's bytes, within the document's budget.
fn read_member(size: u64, reader: &mut dyn Read, out: &Emitter<'_>) -> Result<Vec<u8>, ReadError> {
    if size > MAX_MEMBER {
        return Err(ReadError::Stop(Stop::Limit(format!(
            "a 7z member is larger than {}",
            human_bytes(MAX_MEMBER)
        ))));
    }
    out.budget.check_time().map_err(ReadError::Stop)?;
    let mut bytes = Vec::with_capacity(size as usize);
    reader
        .take(MAX_MEMBER + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Archive(Error::from(e)))?;
    Ok(bytes)
}

/// A 7z error as a status: a password it needs means `protected`.
fn failure(e: Error) -> Failure {
    match e {
        Error::PasswordRequired | Error::MaybeBadPassword(_) => Failure::Protected("7z".into()),
        other => Failure::Error(format!("damaged 7z archive: {other}")),
    }
}
