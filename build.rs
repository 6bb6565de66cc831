//! Embeds every detector under `patterns/` into the binary, so that adding a detector means
//! adding a file: no list in the code names them. Also writes out the Belgian and Dutch
//! numbering plans the phone validator checks against (see `write_phone_plans`).

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=patterns");
    let mut files: Vec<_> = fs::read_dir("patterns")
        .expect("patterns/ directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "txt")))
        .collect();
    files.sort();
    let mut out = String::from("/// Built-in pattern and lexicon files: (file name, contents).\n");
    out.push_str("pub const BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let abs = fs::canonicalize(path).unwrap();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
        println!("cargo:rerun-if-changed={}", path.display());
    }
    out.push_str("];\n");
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("builtin_patterns.rs"), out).unwrap();
    write_phone_plans(Path::new(&out_dir));
}

/// The numbering-plan patterns of the numbers that reach a person (fixed lines, mobiles,
/// personal and VoIP numbers), per country, from libphonenumber's metadata as the `phonenumber`
/// crate carries it. Taken here rather than at run time: loading the crate's database parses
/// the metadata of every country and compiles its regexes, 45 ms of every run (a third of a
/// `snuffel check` of a small file), for two countries' worth of patterns.
fn write_phone_plans(out_dir: &Path) {
    use phonenumber::metadata::DATABASE;
    let mut out = String::from(
        "/// (calling code, pattern of the national significant numbers that reach a person,\n\
         /// their possible lengths as bits: bit n set when n digits may be one).\n",
    );
    out.push_str("pub const PLANS: &[(&str, &str, u32)] = &[\n");
    for (code, id) in [("32", "BE"), ("31", "NL")] {
        let meta = DATABASE.by_id(id).expect("libphonenumber has BE and NL");
        let d = meta.descriptors();
        let kinds: Vec<_> = [d.fixed_line(), d.mobile(), d.personal_number(), d.voip()]
            .into_iter()
            .flatten()
            .collect();
        let patterns: Vec<String> = kinds
            .iter()
            .map(|desc| format!("(?:{})", desc.national_number().as_str()))
            .collect();
        // A kind without lengths of its own takes the country's: then any length may do.
        let lengths = match kinds.iter().any(|k| k.possible_length().is_empty()) {
            true => u32::MAX,
            false => kinds
                .iter()
                .flat_map(|k| k.possible_length())
                .fold(0u32, |bits, &n| {
                    bits | 1u32.checked_shl(n.into()).unwrap_or(0)
                }),
        };
        out.push_str(&format!(
            "    ({code:?}, {:?}, {lengths:#x}),\n",
            patterns.join("|")
        ));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("phone_plans.rs"), out).unwrap();
}
