//! The bytes as a zip, tar or mbox unpacked by snuffel: the zip crate's central directory and
//! member readers, the overlap check, tar and mbox splitting, and the limits every member is
//! metered by. Each member is read to its end through the meter, as the scan stage does.
#![no_main]

use std::io::Cursor;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use snuffel::extract::archive::{self, Flow, Member, UnpackLimits, Unpacking};

fuzz_target!(|data: &[u8]| {
    let unpacking = Unpacking::new(UnpackLimits {
        max_depth: 4,
        max_bytes: 32 << 20,
        max_members: 1000,
        max_ratio: 250,
        timeout: Duration::from_secs(5),
    });
    let mut visit = |member: Member<'_>| {
        if unpacking.count_member().is_err() {
            return Flow::Break(());
        }
        if let Ok(stream) = member.content {
            let mut metered = unpacking.meter(stream, member.size, member.stored);
            let _ = std::io::copy(&mut metered, &mut std::io::sink());
        }
        match unpacking.tripped() {
            Some(_) => Flow::Break(()),
            None => Flow::Continue(()),
        }
    };
    if let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(data)) {
        let _ = archive::is_package(&mut zip);
        if !archive::overlapping_entries(&zip) {
            let _ = archive::zip_members(&mut zip, &mut visit);
        }
    }
    let _ = archive::tar_members(Box::new(Cursor::new(data)), &mut visit);
    let _ = archive::mbox_members(Box::new(Cursor::new(data)), 1 << 20, &mut visit);
});
