//! The detect stage alone (candidate search, validation of each candidate), in bytes per
//! second, on generated text: prose without personal data, a digit-heavy SQL dump with some,
//! a CSV export full of it, and a contact list of phone numbers written every way people
//! write them. The whole binary against ripgrep is `benches/compare.sh`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use snuffel::config::Config;
use snuffel::detect::DetectorSet;
use snuffel::validate::Validator;

/// A deterministic xorshift generator, so every run measures the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "de", "het", "een", "gemeente", "dossier", "aanvraag", "bewoner", "straat", "nummer",
    "betaling", "le", "la", "demande", "commune", "rue", "the", "request", "payment", "status",
];

fn national_number(rng: &mut Rng) -> String {
    let first9 = (50 + rng.below(40)) * 10_000_000
        + (1 + rng.below(12)) * 100_000
        + (1 + rng.below(28)) * 1_000
        + 1
        + rng.below(997);
    format!("{first9:09}{:02}", 97 - first9 % 97)
}

fn prose(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = String::with_capacity(len + 64);
    while out.len() < len {
        out.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
        out.push(if rng.below(12) == 0 { '\n' } else { ' ' });
    }
    out.into_bytes()
}

fn sql_dump(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = String::from("INSERT INTO `orders` VALUES ");
    while out.len() < len {
        let id = rng.below(1_000_000);
        let order = 10_000_000_000 + rng.below(89_999_999_999);
        let when = format!(
            "2024-{:02}-{:02} 12:{:02}:00",
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(60)
        );
        let extra = if rng.below(20) == 0 {
            national_number(rng)
        } else {
            "NULL".into()
        };
        out.push_str(&format!(
            "({id},{order},'{when}',{}.{:02},'{extra}'),",
            rng.below(5000),
            rng.below(100)
        ));
    }
    out.into_bytes()
}

fn csv_export(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = String::from("id;naam;rijksregisternummer;email\n");
    let mut i = 0;
    while out.len() < len {
        i += 1;
        out.push_str(&format!(
            "{i};Naam {i};{};persoon{i}@example.be\n",
            national_number(rng)
        ));
    }
    out.into_bytes()
}

/// A Belgian or Dutch phone number that the numbering plans have, written one of the ways
/// people write them.
fn phone(rng: &mut Rng) -> String {
    let (a, b, c) = (rng.below(100), rng.below(100), rng.below(100));
    let mobile = 470 + rng.below(30);
    let dutch = 10_000_000 + rng.below(89_999_999);
    match rng.below(6) {
        0 => format!("0{mobile} {a:02} {b:02} {c:02}"),
        1 => format!("+32 {mobile} {a:02} {b:02} {c:02}"),
        2 => format!("0{mobile}/{a:02}.{b:02}.{c:02}"),
        3 => format!("02 {} {b:02} {c:02}", 500 + rng.below(400)),
        4 => format!("06-{dutch}"),
        _ => format!("+31 6 {dutch}"),
    }
}

fn contact_list(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = String::from("id;naam;telefoon;gsm;opmerking\n");
    let mut i = 0;
    while out.len() < len {
        i += 1;
        out.push_str(&format!(
            "{i};Naam {i};{};{};bellen na {} uur\n",
            phone(rng),
            phone(rng),
            8 + rng.below(10)
        ));
    }
    out.into_bytes()
}

/// Runs the detect stage over `text` and validates every candidate; returns the valid count.
fn detect(set: &DetectorSet, text: &[u8], today: jiff::civil::Date) -> usize {
    let mut valid = 0;
    let mut resume = vec![0; set.automata()];
    set.candidates(text, &mut resume, text.len(), &mut |c| {
        for &d in set.group(c.group) {
            let det = &set.detectors()[d];
            if det.validator == Validator::Lexicon {
                if det.term_at(text, c.start, c.end).is_some() {
                    valid += 1;
                }
                return None;
            }
            if let Some(v) = det
                .validator
                .validate(&text[c.start..c.end], today, &det.roles)
            {
                valid += 1;
                return Some(c.start + v.len);
            }
        }
        None
    });
    valid
}

fn bench_detect(c: &mut Criterion) {
    let config = Config::default();
    let set = snuffel::load_detectors(&config).expect("detectors load");
    let mut rng = Rng(0x5eed);
    let size = 4 << 20;
    let inputs = [
        ("prose", prose(&mut rng, size)),
        ("sql_dump", sql_dump(&mut rng, size)),
        ("csv_export", csv_export(&mut rng, size)),
        ("contacts", contact_list(&mut rng, size)),
    ];
    let mut group = c.benchmark_group("detect");
    group.sample_size(10);
    for (name, text) in &inputs {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| detect(&set, text, config.today))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_detect);
criterion_main!(benches);
