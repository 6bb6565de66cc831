//! Embeds every detector under `patterns/` into the binary, so that adding a detector means
//! adding a file: no list in the code names them.

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
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_patterns.rs");
    fs::write(dest, out).unwrap();
}
