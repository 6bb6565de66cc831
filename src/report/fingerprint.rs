//! Keyed fingerprints: the same value always gives the same fingerprint, so a dashboard can
//! count distinct people and match copies across files without ever seeing a value.
//!
//! A plain hash would not do: there are only 10^11 eleven-digit numbers, and far fewer valid
//! national numbers, so anyone could hash them all and reverse a fingerprint in minutes. The
//! fingerprint is an HMAC-SHA-256 under a secret key kept outside the scanned tree: given with
//! `--key-file`, or created once in the user's configuration directory.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Key length in bytes.
const KEY_LEN: usize = 32;
/// Fingerprint length in bytes (hex-encoded in reports): 128 bits, collision-free in practice.
const FINGERPRINT_LEN: usize = 16;

/// Where the key came from, for the report's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    File(PathBuf),
    Created(PathBuf),
    /// Generated for this run only: fingerprints are not comparable with other runs.
    Ephemeral(String),
}

#[derive(Clone)]
pub struct Fingerprinter {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Fingerprinter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fingerprinter(<key>)")
    }
}

impl Fingerprinter {
    pub fn new(key: &[u8]) -> Self {
        Fingerprinter {
            mac: Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length"),
        }
    }

    /// Fingerprint of a normalised value of `kind`, as lower-case hex.
    pub fn fingerprint(&self, kind: &str, value: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..FINGERPRINT_LEN])
    }
}

/// Loads the key: `key_file` if given (it must exist), else the one in the user's config
/// directory, created on first use — unless that directory lies inside a scanned root, where
/// snuffel never writes; then the key lives for this run only.
pub fn load_key(key_file: Option<&Path>, roots: &[PathBuf]) -> io::Result<(Vec<u8>, KeySource)> {
    if let Some(path) = key_file {
        let key = read_key(path)?;
        return Ok((key, KeySource::File(path.to_path_buf())));
    }
    let Some(path) = default_key_path() else {
        return Ok((
            random_key()?,
            KeySource::Ephemeral("no configuration directory".into()),
        ));
    };
    if path.exists() {
        let key = read_key(&path)?;
        return Ok((key, KeySource::File(path)));
    }
    if inside_any(&path, roots) {
        let why = format!("{} lies inside the scanned tree", path.display());
        return Ok((random_key()?, KeySource::Ephemeral(why)));
    }
    let key = random_key()?;
    write_key(&path, &key)?;
    Ok((key, KeySource::Created(path)))
}

fn default_key_path() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join("snuffel").join("fingerprint.key"))
}

fn read_key(path: &Path) -> io::Result<Vec<u8>> {
    let text = fs::read_to_string(path)
        .map_err(|e| io::Error::new(e.kind(), format!("key file {}: {e}", path.display())))?;
    let key = hex::decode(text.trim()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("key file {}: expected hex", path.display()),
        )
    })?;
    if key.len() < 16 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("key file {}: a key needs at least 16 bytes", path.display()),
        ));
    }
    Ok(key)
}

fn random_key() -> io::Result<Vec<u8>> {
    let mut key = vec![0u8; KEY_LEN];
    getrandom::fill(&mut key).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(key)
}

fn write_key(path: &Path, key: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    writeln!(file, "{}", hex::encode(key))
}

fn inside_any(path: &Path, roots: &[PathBuf]) -> bool {
    let path = absolute(path);
    roots.iter().any(|root| path.starts_with(absolute(root)))
}

fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_fingerprint_and_keyed() {
        let a = Fingerprinter::new(b"0123456789abcdef0123456789abcdef");
        let b = Fingerprinter::new(b"another key, another fingerprint");
        let f = a.fingerprint("be_national_number", "85073003328");
        assert_eq!(f, a.fingerprint("be_national_number", "85073003328"));
        assert_ne!(f, a.fingerprint("be_national_number", "85073003329"));
        assert_ne!(f, b.fingerprint("be_national_number", "85073003328"));
        assert_eq!(f.len(), 32);
    }
}
