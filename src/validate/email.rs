//! E-mail addresses: a plausible local part, domain and top-level domain.
//!
//! The candidate regex is deliberately loose; this check removes what only looks like an address:
//! retina image names (`logo@2x.png`), package specifiers (`pkg@1.2.3`), labels that start or
//! end with a hyphen, dots in the wrong place. It does not resolve domains: a scan is offline.

use std::collections::HashSet;

use super::Valid;

/// File extensions and other suffixes that follow an `@` in things that are not addresses
/// (sorted, for a binary search).
#[rustfmt::skip]
const NOT_A_TLD: &[&str] = &[
    "bmp", "css", "dll", "doc", "docx", "exe", "gif", "htm", "html", "ico", "internal", "invalid",
    "jpeg", "jpg", "js", "json", "lan", "local", "localhost", "map", "min", "pdf", "php", "png",
    "svg", "test", "tif", "tiff", "ts", "txt", "webp", "xls", "xlsx", "xml", "zip",
];

/// Lower-case local parts of role mailboxes.
pub type Roles = HashSet<String>;

/// Validates an address and marks role mailboxes.
pub fn validate(candidate: &[u8], roles: &Roles) -> Option<Valid> {
    let address = std::str::from_utf8(candidate).ok()?.to_ascii_lowercase();
    let (local, domain) = address.rsplit_once('@')?;
    if !plausible_local(local) || !plausible_domain(domain) {
        return None;
    }
    let role = is_role(local, roles);
    Some(Valid {
        value: address.into(),
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
    let Some((_, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    domain.len() <= 253
        && domain.split('.').all(plausible_label)
        && (2..=24).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && NOT_A_TLD.binary_search(&tld).is_err()
}

fn plausible_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A role mailbox: its local part before any `+tag`, or a part of it up to a `.`, `-` or `_`
/// (`info.burgerzaken`), is a role.
fn is_role(local: &str, roles: &Roles) -> bool {
    let base = local.split('+').next().unwrap_or(local);
    roles.contains(base)
        || base
            .match_indices(['.', '-', '_'])
            .any(|(i, _)| roles.contains(&base[..i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Roles {
        ["info", "privacy", "noreply", "no-reply"]
            .map(String::from)
            .into()
    }

    #[test]
    fn not_a_tld_is_sorted() {
        assert!(NOT_A_TLD.windows(2).all(|w| w[0] < w[1]));
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
