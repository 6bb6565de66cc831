//! E-mail addresses: a plausible local part, domain and top-level domain.
//!
//! The candidate regex is deliberately loose; this check removes what only looks like an address:
//! retina image names (`logo@2x.png`), package specifiers (`pkg@1.2.3`), labels that start or
//! end with a hyphen, dots in the wrong place. It does not resolve domains: a scan is offline.

use super::Valid;

/// File extensions and other suffixes that follow an `@` in things that are not addresses.
const NOT_A_TLD: &[&str] = &[
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "bmp",
    "ico",
    "tif",
    "tiff",
    "css",
    "js",
    "ts",
    "json",
    "xml",
    "html",
    "htm",
    "php",
    "txt",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "zip",
    "exe",
    "dll",
    "map",
    "min",
    "local",
    "localhost",
    "lan",
    "internal",
    "invalid",
    "test",
];

/// Validates an address and marks role mailboxes (`roles`: lower-case local parts).
pub fn validate(candidate: &[u8], roles: &[String]) -> Option<Valid> {
    let address = std::str::from_utf8(candidate).ok()?.to_ascii_lowercase();
    let (local, domain) = address.rsplit_once('@')?;
    if !plausible_local(local) || !plausible_domain(domain) {
        return None;
    }
    let role = is_role(local, roles);
    Some(Valid {
        value: address,
        compact: false,
        role,
        len: candidate.len(),
    })
}

fn plausible_local(local: &str) -> bool {
    (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn plausible_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| plausible_label(l))
        && (2..=24).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && !NOT_A_TLD.contains(tld)
}

fn plausible_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A role mailbox: its local part (before any `+tag`, ignoring `-`, `_` and `.`) is in the list.
fn is_role(local: &str, roles: &[String]) -> bool {
    let base = local.split('+').next().unwrap_or(local);
    roles.iter().any(|r| {
        base == r
            || base
                .strip_prefix(r.as_str())
                .is_some_and(|rest| rest.starts_with(['.', '-', '_']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Vec<String> {
        ["info", "privacy", "noreply", "no-reply"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn plausible_addresses() {
        let v = validate(b"Jan.Peeters@Example.be", &roles()).unwrap();
        assert_eq!(v.value, "jan.peeters@example.be");
        assert!(!v.role);
        assert!(validate(b"a+tag@sub.voorbeeld.nl", &roles()).is_some());
    }

    #[test]
    fn implausible_addresses() {
        for s in [
            "logo@2x.png",
            "pkg@1.2.3",
            "a..b@example.be",
            "a@-x.be",
            "a@example",
            "a@x.b",
        ] {
            assert!(validate(s.as_bytes(), &roles()).is_none(), "{s}");
        }
    }

    #[test]
    fn role_mailboxes() {
        assert!(validate(b"info@stad.be", &roles()).unwrap().role);
        assert!(validate(b"privacy+dpo@stad.be", &roles()).unwrap().role);
        assert!(
            validate(b"info.burgerzaken@stad.be", &roles())
                .unwrap()
                .role
        );
        assert!(!validate(b"informatica.jan@stad.be", &roles()).unwrap().role);
    }
}
