//! Reading the JSON model: the text parsed in document order (as Python's dict
//! keeps it), and the checks that decide whether a value can become its
//! DataElement value without pydicom's converters (which would warn or raise
//! for anything these reject).

use base64::Engine;

use super::tree::{Json, Object};
use crate::vr::Vr;

/// The tag of a `GGGGEEEE` key (exactly eight hex digits).
pub fn tag_of_key(key: &str) -> Option<u32> {
    if key.len() != 8 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(key, 16).ok()
}

/// A JSON integer literal's value, if it fits an i64.
pub fn integer(n: &Json<'_>) -> Option<i64> {
    match n {
        Json::Int(i) => Some(*i),
        _ => None,
    }
}

/// A JSON number's value as Python's float() of it gives (finite only).
pub fn float(n: &Json<'_>) -> Option<f64> {
    let x = match n {
        Json::Int(i) => *i as f64,
        Json::UInt(u) => *u as f64,
        Json::Float(x) => *x,
        _ => return None,
    };
    x.is_finite().then_some(x)
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

/// AS: three digits and one of D, W, M, Y.
pub fn age_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 4 && b[..3].iter().all(u8::is_ascii_digit) && b"DWMY".contains(&b[3])
}

/// ST, LT: within the VR's length in characters (Python's len); UT: any.
/// These VRs keep backslashes, so any text is one value.
pub fn long_text_ok(vr: Vr, s: &str) -> bool {
    let max = match vr {
        Vr::ST => 1024,
        Vr::LT => 10240,
        _ => return true,
    };
    s.len() <= max || s.chars().count() <= max
}

/// The text pydicom makes of a PN value's component groups (present groups
/// up to the last one given, joined by "="), when `validate_pn` accepts it
/// and it stays one value: groups are strings of at most 64 characters
/// without "=" or backslash. None for anything else (Python decides).
pub fn person_name(groups: &Object<'_>) -> Option<String> {
    const NAMES: [&str; 3] = ["Alphabetic", "Ideographic", "Phonetic"];
    let mut parts = [""; 3];
    let mut count = 1;
    for (key, value) in groups {
        let at = NAMES.iter().position(|n| n == key)?;
        let Json::Str(text) = value else {
            return None;
        };
        let plain = !text.contains(['=', '\\']);
        if !plain || (text.len() > 64 && text.chars().count() > 64) {
            return None;
        }
        parts[at] = text;
        count = count.max(at + 1);
    }
    Some(parts[..count].join("="))
}

/// UI: dotted numbers without leading zeros, up to 64 characters.
pub use crate::values::uid_ok;

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
