//! Reading the JSON model: the text parsed in document order (as Python's dict
//! keeps it), and the checks that decide whether a value can become its
//! DataElement value without pydicom's converters (which would warn or raise
//! for anything these reject).

use base64::Engine;
use serde_json::Value;

pub use serde_json::{Map, Number};

/// The parsed text, or None for anything Python's `json.loads` must judge
/// (malformed text, NaN and Infinity, lone surrogates, ...).
pub fn parse(text: &[u8]) -> Option<Value> {
    serde_json::from_slice(text).ok()
}

/// The tag of a `GGGGEEEE` key (exactly eight hex digits).
pub fn tag_of_key(key: &str) -> Option<u32> {
    if key.len() != 8 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(key, 16).ok()
}

/// A JSON integer literal's value, if it fits an i64.
pub fn integer(n: &Number) -> Option<i64> {
    let text = n.as_str();
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return None;
    }
    text.parse().ok()
}

/// A JSON number's value as Python's float() of it gives (finite only).
pub fn float(n: &Number) -> Option<f64> {
    n.as_str().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `InlineBinary` text decoded, when it is strict base64 (Python's lenient
/// decoder would drop other characters: its path handles those).
pub fn inline_binary(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    s.bytes().all(f)
}

/// CS: up to 16 of A-Z, 0-9, space and underscore.
pub fn code_string_ok(s: &str) -> bool {
    s.len() <= 16
        && all(s, |b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'_'
        })
}

/// SH, LO: printable ASCII (no backslash) within the VR's length.
pub fn short_text_ok(s: &str, max: usize) -> bool {
    s.len() <= max && all(s, |b| (0x20..0x7F).contains(&b) && b != b'\\')
}

/// UI: dotted numbers without leading zeros, up to 64 characters.
pub use crate::core::values::uid_ok;

fn two_digits(s: &[u8], max: u8) -> bool {
    s.len() == 2
        && s[0].is_ascii_digit()
        && s[1].is_ascii_digit()
        && (s[0] - b'0') * 10 + (s[1] - b'0') <= max
}

/// DA: YYYYMMDD with a month 01-12 and a day 00-31 (pydicom's pattern).
pub fn date_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && all(s, |c| c.is_ascii_digit())
        && two_digits(&b[4..6], 12)
        && &b[4..6] != b"00"
        && two_digits(&b[6..8], 31)
}

/// TM: HH, HHMM, HHMMSS or HHMMSS.F to HHMMSS.FFFFFF (seconds up to 60).
pub fn time_ok(s: &str) -> bool {
    let (hms, fraction) = match s.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (s, None),
    };
    let b = hms.as_bytes();
    let fields_ok = match b.len() {
        2 => two_digits(b, 23),
        4 => two_digits(&b[..2], 23) && two_digits(&b[2..], 59),
        6 => two_digits(&b[..2], 23) && two_digits(&b[2..4], 59) && two_digits(&b[4..], 60),
        _ => false,
    };
    fields_ok
        && match fraction {
            None => true,
            Some(f) => b.len() == 6 && (1..=6).contains(&f.len()) && all(f, |c| c.is_ascii_digit()),
        }
}
