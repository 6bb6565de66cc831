//! `docgen fixtures DIR | hostile DIR | containers DIR | hostile-containers DIR | share DIR |
//! big-xlsx PATH MB | big-docx PATH MB`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::SystemTime;

const USAGE: &str = "usage: docgen fixtures DIR | hostile DIR | containers DIR | \
                     hostile-containers DIR | share DIR | big-xlsx PATH MB | big-docx PATH MB";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let megabytes = |s: &str| -> Option<u64> { s.parse::<u64>().ok().map(|mb| mb * 1_000_000) };
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["fixtures", dir] => docgen::write_fixtures(&PathBuf::from(dir)),
        ["hostile", dir] => docgen::write_hostile(&PathBuf::from(dir)),
        ["containers", dir] => docgen::write_containers(&PathBuf::from(dir)),
        ["hostile-containers", dir] => docgen::write_hostile_containers(&PathBuf::from(dir)),
        ["share", dir] => docgen::write_share(&PathBuf::from(dir), SystemTime::now()),
        ["big-xlsx", path, mb] => match megabytes(mb) {
            Some(bytes) => docgen::big_xlsx(&PathBuf::from(path), bytes),
            None => return usage(),
        },
        ["big-docx", path, mb] => match megabytes(mb) {
            Some(bytes) => docgen::big_docx(&PathBuf::from(path), bytes),
            None => return usage(),
        },
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("docgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
