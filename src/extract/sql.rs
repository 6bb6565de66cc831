//! Column headers of SQL dumps: MySQL/MariaDB `INSERT` statements and PostgreSQL `COPY` blocks.
//!
//! `mysqldump` writes `INSERT INTO t VALUES (...),(...)` without column names unless asked to,
//! so the tracker remembers the columns of every `CREATE TABLE` it passes. It follows quotes,
//! comments and parentheses byte by byte where statements begin, and while it streams through
//! the values (where a dump's bytes are) it only reacts to quotes, parentheses and commas.
//! Memory is bounded: statement heads, tables and columns are capped.

use std::collections::HashMap;

use memchr::{memchr, memchr2};

use super::{structural, ColumnTracker};

const MAX_STATEMENT_HEAD: usize = 64 * 1024;
const MAX_TABLES: usize = 10_000;
const MAX_COLUMNS: usize = 4_096;

/// Bytes that change the state while streaming through `VALUES` outside strings.
static VALUES_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let special = *b"'\"(),;";
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Statement,
    Values,
    /// After `COPY ... FROM stdin;`, up to the end of that line.
    CopyHeader,
    CopyData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comment {
    None,
    Line,
    Block,
}

/// Where a `COPY` data line is, to see its `\.` terminator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyLine {
    Start,
    Backslash,
    Dot,
    Middle,
}

pub struct SqlColumns {
    state: State,
    /// MySQL escapes quotes with a backslash inside strings; PostgreSQL does not.
    backslash_escapes: bool,
    tables: HashMap<String, Vec<String>>,
    head: Vec<u8>,
    comment: Comment,
    quote: u8,
    escaped: bool,
    prev: u8,
    columns: Vec<String>,
    column: usize,
    depth: u32,
    copy_line: CopyLine,
    /// Follow `VALUES` a block at a time where it can (off only to test it against the scalar
    /// path).
    blocks: bool,
}

impl SqlColumns {
    /// `postgres`: the dump comes from PostgreSQL (no backslash escapes in strings).
    pub fn new(postgres: bool) -> Self {
        SqlColumns {
            state: State::Statement,
            backslash_escapes: !postgres,
            tables: HashMap::new(),
            head: Vec::new(),
            comment: Comment::None,
            quote: 0,
            escaped: false,
            prev: 0,
            columns: Vec::new(),
            column: 0,
            depth: 0,
            copy_line: CopyLine::Start,
            blocks: true,
        }
    }

    /// Follows one block of `VALUES` with bitmaps instead of byte by byte, when nothing in it
    /// needs the byte-by-byte path: no double quote, semicolon or (escaping) backslash, and
    /// not inside a double-quoted string or after an escape. Returns whether it did.
    fn feed_block(&mut self, block: &[u8]) -> bool {
        let maps = structural::classify(block);
        let escapes = if self.backslash_escapes {
            maps.backslash
        } else {
            0
        };
        if maps.double_quote | maps.semicolon | escapes != 0 || self.escaped || self.quote == b'"' {
            return false;
        }
        let was_inside = if self.quote == b'\'' { u64::MAX } else { 0 };
        let inside = structural::prefix_xor(maps.single_quote) ^ was_inside;
        let (open, close, commas) = (
            maps.open & !inside,
            maps.close & !inside,
            maps.comma & !inside,
        );
        let mut parens = open | close;
        let mut from = 0;
        while parens != 0 {
            let at = parens.trailing_zeros();
            self.count_commas(commas & structural::between(from, at));
            if open & (1 << at) != 0 {
                self.depth += 1;
                if self.depth == 1 {
                    self.column = 0;
                }
            } else {
                self.depth = self.depth.saturating_sub(1);
            }
            from = at + 1;
            parens &= parens - 1;
        }
        self.count_commas(commas & structural::between(from, 64));
        self.quote = if inside >> 63 == 1 { b'\'' } else { 0 };
        true
    }

    fn count_commas(&mut self, commas: u64) {
        if self.depth == 1 {
            self.column += commas.count_ones() as usize;
        }
    }

    /// Statement text until a statement is recognised; returns bytes used.
    fn feed_statement(&mut self, bytes: &[u8]) -> usize {
        for (i, &b) in bytes.iter().enumerate() {
            let prev = std::mem::replace(&mut self.prev, b);
            match self.comment {
                Comment::Line if b == b'\n' => self.comment = Comment::None,
                Comment::Block if prev == b'*' && b == b'/' => {
                    self.comment = Comment::None;
                    self.prev = 0;
                }
                Comment::Line | Comment::Block => {}
                Comment::None if self.quote != 0 => {
                    self.push_head(b);
                    self.in_quote(b);
                }
                Comment::None => match b {
                    b'-' if prev == b'-' => {
                        self.head.pop();
                        self.comment = Comment::Line;
                    }
                    b'*' if prev == b'/' => {
                        self.head.pop();
                        self.comment = Comment::Block;
                    }
                    b'#' if self.head.iter().all(u8::is_ascii_whitespace) => {
                        self.comment = Comment::Line
                    }
                    b'\'' | b'"' | b'`' => {
                        self.quote = b;
                        self.push_head(b);
                    }
                    b';' => {
                        self.end_statement();
                        return i + 1;
                    }
                    b'(' if is_insert_values(&self.head) => {
                        self.start_values();
                        return i + 1;
                    }
                    _ => self.push_head(b),
                },
            }
        }
        bytes.len()
    }

    fn push_head(&mut self, b: u8) {
        if self.head.len() < MAX_STATEMENT_HEAD {
            self.head.push(b);
        }
    }

    fn in_quote(&mut self, b: u8) {
        if self.escaped {
            self.escaped = false;
        } else if b == b'\\' && self.backslash_escapes {
            self.escaped = true;
        } else if b == self.quote {
            self.quote = 0;
        }
    }

    fn start_values(&mut self) {
        let head = String::from_utf8_lossy(&self.head).into_owned();
        self.columns = self.columns_of(&head, "INTO");
        self.head.clear();
        self.state = State::Values;
        self.depth = 1;
        self.column = 0;
    }

    fn end_statement(&mut self) {
        let text = String::from_utf8_lossy(&self.head).into_owned();
        self.head.clear();
        let head = text.trim_start();
        let upper = head.to_ascii_uppercase();
        if upper.starts_with("CREATE") && upper.contains("TABLE") {
            self.remember_table(head, &upper);
        } else if upper.starts_with("COPY ") && upper.contains("FROM STDIN") {
            self.columns = self.columns_of(head, "COPY");
            self.state = State::CopyHeader;
        }
    }

    /// Columns named after the table name that follows `keyword`, or those of its CREATE TABLE.
    fn columns_of(&self, head: &str, keyword: &str) -> Vec<String> {
        let upper = head.to_ascii_uppercase();
        let Some(at) = find_word(&upper, keyword) else {
            return Vec::new();
        };
        let rest = head[at + keyword.len()..].trim_start();
        let rest = rest.strip_prefix("ONLY ").unwrap_or(rest).trim_start();
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(rest.len());
        let after = rest[name_end..].trim_start();
        if let Some(list) = after.strip_prefix('(') {
            let list = list.split(')').next().unwrap_or("");
            return list.split(',').map(unquote).take(MAX_COLUMNS).collect();
        }
        self.tables
            .get(&table_key(&rest[..name_end]))
            .cloned()
            .unwrap_or_default()
    }

    fn remember_table(&mut self, head: &str, upper: &str) {
        let Some(at) = find_word(upper, "TABLE") else {
            return;
        };
        let rest = &head[at + 5..];
        let Some(open) = rest.find('(') else { return };
        let mut name = rest[..open].trim();
        if name.to_ascii_uppercase().starts_with("IF NOT EXISTS") {
            name = name[13..].trim();
        }
        let columns = column_definitions(&rest[open + 1..]);
        if self.tables.len() < MAX_TABLES && !columns.is_empty() {
            self.tables.insert(table_key(name), columns);
        }
    }

    fn feed_values(&mut self, bytes: &[u8]) -> usize {
        let mut i = 0;
        while i < bytes.len() {
            if let Some(block) = bytes.get(i..i + structural::BLOCK).filter(|_| self.blocks) {
                if self.feed_block(block) {
                    i += structural::BLOCK;
                    continue;
                }
            }
            if self.quote != 0 {
                let next = if self.backslash_escapes {
                    memchr2(self.quote, b'\\', &bytes[i..])
                } else {
                    memchr(self.quote, &bytes[i..])
                };
                match next {
                    // An escape's second byte may be the quote itself: step one byte at a time.
                    Some(n) if self.escaped && n > 0 => {
                        self.escaped = false;
                        i += 1;
                    }
                    Some(n) => {
                        self.in_quote(bytes[i + n]);
                        i += n + 1;
                    }
                    None => {
                        self.escaped = false;
                        return bytes.len();
                    }
                }
                continue;
            }
            // Most bytes of a tuple (numbers, dates) matter to nobody: skip them in a tight loop.
            while i < bytes.len() && !VALUES_SPECIAL[usize::from(bytes[i])] {
                i += 1;
            }
            let Some(&b) = bytes.get(i) else { break };
            match b {
                b'\'' | b'"' => self.quote = b,
                b'(' => {
                    self.depth += 1;
                    if self.depth == 1 {
                        self.column = 0;
                    }
                }
                b')' => self.depth = self.depth.saturating_sub(1),
                b',' if self.depth == 1 => self.column += 1,
                b';' if self.depth == 0 => {
                    self.state = State::Statement;
                    self.prev = 0;
                    return i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        bytes.len()
    }

    fn feed_copy(&mut self, bytes: &[u8]) -> usize {
        let mut i = 0;
        while i < bytes.len() {
            if self.copy_line == CopyLine::Middle {
                let Some(n) = memchr2(b'\t', b'\n', &bytes[i..]) else {
                    return bytes.len();
                };
                i += n;
            }
            let b = bytes[i];
            i += 1;
            self.copy_line = match (self.copy_line, b) {
                (CopyLine::Start, b'\\') => CopyLine::Backslash,
                (CopyLine::Backslash, b'.') => CopyLine::Dot,
                (CopyLine::Dot, b'\n' | b'\r') => {
                    self.state = State::Statement;
                    self.copy_line = CopyLine::Start;
                    self.prev = 0;
                    return i;
                }
                (_, b'\n') => {
                    self.column = 0;
                    CopyLine::Start
                }
                (_, b'\t') => {
                    self.column += 1;
                    CopyLine::Middle
                }
                _ => CopyLine::Middle,
            };
        }
        bytes.len()
    }
}

impl ColumnTracker for SqlColumns {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let used = match self.state {
                State::Statement => self.feed_statement(bytes),
                State::Values => self.feed_values(bytes),
                State::CopyHeader => match memchr(b'\n', bytes) {
                    Some(n) => {
                        self.state = State::CopyData;
                        self.copy_line = CopyLine::Start;
                        self.column = 0;
                        n + 1
                    }
                    None => bytes.len(),
                },
                State::CopyData => self.feed_copy(bytes),
            };
            bytes = &bytes[used..];
        }
    }

    fn column(&self) -> Option<&str> {
        match self.state {
            State::Values if self.depth >= 1 => self.columns.get(self.column).map(String::as_str),
            State::CopyData => self.columns.get(self.column).map(String::as_str),
            _ => None,
        }
    }
}

/// `INSERT ... VALUES` or `REPLACE ... VALUES` just before a `(`.
fn is_insert_values(head: &[u8]) -> bool {
    let head = head.trim_ascii();
    let starts = |w: &[u8]| head.len() >= w.len() && head[..w.len()].eq_ignore_ascii_case(w);
    let ends =
        |w: &[u8]| head.len() >= w.len() && head[head.len() - w.len()..].eq_ignore_ascii_case(w);
    (starts(b"INSERT") || starts(b"REPLACE")) && ends(b"VALUES")
}

/// Position of `word` in `upper` as a whole word.
fn find_word(upper: &str, word: &str) -> Option<usize> {
    upper.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = upper[..i].chars().next_back();
        let after = upper[i + word.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        boundary(before) && boundary(after)
    })
}

/// `"public"."Leden"` → `leden`: the last part of a name, unquoted and lower-cased.
fn table_key(name: &str) -> String {
    unquote(name.rsplit('.').next().unwrap_or(name))
}

fn unquote(name: &str) -> String {
    name.trim()
        .trim_matches(|c| matches!(c, '"' | '`' | '[' | ']' | '\''))
        .to_lowercase()
}

/// Column names from the body of a CREATE TABLE, skipping keys and constraints.
fn column_definitions(body: &str) -> Vec<String> {
    const NOT_COLUMNS: &[&str] = &[
        "PRIMARY",
        "KEY",
        "UNIQUE",
        "CONSTRAINT",
        "INDEX",
        "FOREIGN",
        "CHECK",
        "FULLTEXT",
        "SPATIAL",
        "EXCLUDE",
        "LIKE",
        "PERIOD",
    ];
    let mut items = Vec::new();
    let (mut depth, mut start, mut quote) = (0i32, 0, None);
    for (i, c) in body.char_indices() {
        match c {
            q if quote == Some(q) => quote = None,
            _ if quote.is_some() => {}
            '\'' | '"' | '`' => quote = Some(c),
            '(' => depth += 1,
            ')' if depth == 0 => {
                items.push(&body[start..i]);
                break;
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
        .iter()
        .filter_map(|item| item.split_whitespace().next())
        .filter(|first| !NOT_COLUMNS.contains(&first.to_ascii_uppercase().as_str()))
        .map(unquote)
        .take(MAX_COLUMNS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `text` in pieces of `step` bytes and reads the column at each marker.
    fn columns_at(text: &str, postgres: bool, marks: &[&str], step: usize) -> Vec<Option<String>> {
        let mut t = SqlColumns::new(postgres);
        let mut fed = 0;
        let mut out = Vec::new();
        for m in marks {
            let at = fed + text[fed..].find(m).unwrap();
            for piece in text.as_bytes()[fed..at].chunks(step) {
                t.feed(piece);
            }
            fed = at;
            out.push(t.column().map(str::to_string));
        }
        out
    }

    const MYSQL: &str = "-- MySQL dump 10.13  Don't edit\n\
        /*!40101 SET NAMES utf8 */;\n\
        CREATE TABLE `leden` (\n  `id` int(11) NOT NULL,\n  `naam` varchar(50) DEFAULT 'x,y',\n  \
        `rrn` char(11),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n\
        INSERT INTO `leden` VALUES (1,'O\\'Brien, (Jan)','A1'),(2,'An','A2');\n\
        INSERT INTO other (x, email) VALUES ('a;b', 'B1');\n";

    #[test]
    fn mysql_columns_from_create_table_and_lists() {
        for step in [1, 3, 7, 1000] {
            let got = columns_at(MYSQL, false, &["A1", "A2", "B1"], step);
            let want = ["rrn", "rrn", "email"].map(|s| Some(s.to_string()));
            assert_eq!(got, want, "step {step}");
        }
    }

    fn token() -> impl proptest::strategy::Strategy<Value = &'static str> {
        use proptest::prelude::*;
        prop_oneof![
            8 => Just("'Peeters'"),
            6 => Just(","),
            4 => Just("12345"),
            3 => Just("),("),
            2 => Just("'O''Brien, (Jan)'"),
            2 => Just("NULL"),
            1 => Just("'it\\'s'"),
            1 => Just("\"dq, (x)\""),
            1 => Just(";"),
            1 => Just("("),
            1 => Just(")"),
            1 => Just("'a;b'"),
            1 => Just("\\"),
        ]
    }

    proptest::proptest! {
        /// Following `VALUES` a block at a time gives the same state at every position as
        /// following it byte by byte, whatever the text and however it is cut.
        #[test]
        fn blocks_agree_with_bytes(
            tokens in proptest::collection::vec(token(), 0..200),
            cuts in proptest::collection::vec(0usize..3000, 0..6),
            postgres in proptest::bool::ANY,
        ) {
            let text = format!(
                "CREATE TABLE t (a int, b text, c text, d text);\nINSERT INTO t VALUES ({}",
                tokens.concat()
            );
            let bytes = text.as_bytes();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.push(bytes.len());
            cuts.sort_unstable();
            let mut fast = SqlColumns::new(postgres);
            let mut slow = SqlColumns::new(postgres);
            slow.blocks = false;
            let mut fed = 0;
            for cut in cuts {
                fast.feed(&bytes[fed..cut]);
                slow.feed(&bytes[fed..cut]);
                fed = cut;
                let state = |t: &SqlColumns| (t.state, t.quote, t.escaped, t.depth, t.column);
                proptest::prop_assert_eq!(state(&fast), state(&slow), "at {}", cut);
                proptest::prop_assert_eq!(fast.column(), slow.column());
            }
        }
    }

    #[test]
    fn postgres_copy_block() {
        let text = "CREATE TABLE public.p (\n    id integer,\n    insz text\n);\n\
            COPY public.p (id, insz) FROM stdin;\n1\tA1\n2\tA2\n\\.\n\
            SELECT 'A3';\n";
        let got = columns_at(text, true, &["A1", "A2", "A3"], 5);
        assert_eq!(got, vec![Some("insz".into()), Some("insz".into()), None]);
    }
}
