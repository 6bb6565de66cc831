//! Every exit code snuffel uses, in one place.

use std::process::ExitCode;

use crate::report::Summary;

/// Nothing that `--fail-on` counts was found (files that could not be read are listed, but do
/// not change the exit code on their own).
pub const CLEAN: u8 = 0;
/// Personal data that `--fail-on` counts was found.
pub const FOUND: u8 = 1;
/// The scan itself could not run: bad arguments, an unreadable root, a bad pattern or key file.
/// (clap also exits with 2 on a usage error.)
pub const FAILED: u8 = 2;

/// The exit code for a finished scan.
pub fn for_summary(summary: &Summary) -> ExitCode {
    ExitCode::from(if summary.failing_findings > 0 {
        FOUND
    } else {
        CLEAN
    })
}
