//! Every exit code snuffel uses, in one place.

use std::process::ExitCode;

use crate::report::Summary;

/// Nothing that `--fail-on` counts was found (files that could not be examined are listed, and
/// change the exit code only with `--fail-on-incomplete`).
pub const CLEAN: u8 = 0;
/// Personal data that `--fail-on` counts was found, or a file's risk reached its `risk:LEVEL`.
pub const FOUND: u8 = 1;
/// The scan itself could not run: bad arguments, an unreadable root, a bad pattern, policy or
/// key file. (clap also exits with 2 on a usage error.)
pub const FAILED: u8 = 2;
/// Nothing counted was found, but some files could not be examined (protected, unsupported,
/// without a text layer, or in error): with `--fail-on-incomplete`, and always in `check`.
pub const INCOMPLETE: u8 = 3;

/// The exit code for a finished scan.
pub fn for_summary(summary: &Summary, fail_on_incomplete: bool) -> ExitCode {
    ExitCode::from(code(summary, fail_on_incomplete))
}

fn code(summary: &Summary, fail_on_incomplete: bool) -> u8 {
    if summary.failing_findings > 0 || summary.failing_files > 0 {
        FOUND
    } else if fail_on_incomplete && summary.not_examined() > 0 {
        INCOMPLETE
    } else {
        CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_beats_incomplete_and_incomplete_needs_asking() {
        let mut s = Summary::default();
        assert_eq!(code(&s, true), CLEAN);
        s.files_protected = 1;
        assert_eq!(code(&s, false), CLEAN);
        assert_eq!(code(&s, true), INCOMPLETE);
        s.failing_files = 1;
        assert_eq!(code(&s, true), FOUND);
    }
}
