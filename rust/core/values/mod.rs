//! Stage 2, the common case: decode a value the way pydicom's converters do, for
//! values where that is unambiguous (ASCII text that needs no character set
//! handling and passes pydicom's reading validation; whole binary numbers; bytes).
//!
//! `decode` answers None for anything else (non-ASCII text, values pydicom would
//! warn about or retry with other VRs, ...): the caller then takes the complete,
//! slower path, so results never differ from pydicom's.

#[cfg(test)]
mod tests;

use crate::dict;
use crate::index::ElementRecord;
use crate::vr::Vr;

/// How text values become Python values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// str, or MultiValue(str, ...) when there are several.
    Plain,
    /// One str, backslashes included (LT, ST, UT, UR).
    Single,
    Uid,
    PersonName,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decoded<'a> {
    Text(TextKind, Items<&'a str>),
    /// DS items: the stripped text and its value (None for an empty item, kept "").
    Decimal(Items<(&'a str, Option<f64>)>),
    /// IS items: the stripped text and its value (None for an empty item).
    Integer(Items<(&'a str, Option<i64>)>),
    Signed(Items<i64>),
    Unsigned(Items<u64>),
    Float(Items<f64>),
    Bytes(&'a [u8]),
}

/// The values of one element: most have one or two, kept without an allocation.
pub type Items<T> = smallvec::SmallVec<[T; 2]>;
use smallvec::smallvec;

/// What the caller's configuration allows on the fast path.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// reading_validation_mode == RAISE: a few more values need the full path.
    pub strict: bool,
}

fn printable(b: u8) -> bool {
    (0x20..=0x7E).contains(&b)
}

/// All bytes printable ASCII, or also `extra` ones.
fn ascii_with<'a>(bytes: &'a [u8], extra: &[u8]) -> Option<&'a str> {
    if bytes.iter().all(|&b| printable(b) || extra.contains(&b)) {
        std::str::from_utf8(bytes).ok()
    } else {
        None
    }
}

const NUL: &[u8] = &[0];
/// Controls that text VRs commonly carry (PS3.5 6.1.3) and that decode as themselves.
const TEXT_CONTROLS: &[u8] = &[0, b'\t', b'\n', b'\r', 0x0C];

fn rstrip_nul_space(s: &str) -> &str {
    s.trim_end_matches(['\0', ' '])
}

pub fn uid_ok(s: &str) -> bool {
    // ^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$ and at most 64 characters.
    s.len() <= 64
        && s.split('.').all(|part| {
            !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'))
        })
}

/// [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? : a subset of both the
/// DS pattern and of what Python's float() reads.
fn decimal_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - frac_start;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'+' | b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// ^ *[+-]?\d+ *$, at most 12 characters (pydicom's IS validation).
fn integer_ok(s: &str) -> bool {
    let t = s.trim_matches(' ');
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    s.len() <= 12 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn split_backslash(s: &str) -> Items<&str> {
    s.split('\\').collect()
}

fn numbers<T, const N: usize>(
    bytes: &[u8],
    little: bool,
    f: impl Fn([u8; N], bool) -> T,
) -> Option<Items<T>> {
    if bytes.len() % N != 0 {
        return None; // pydicom raises BytesLengthException: the full path says so
    }
    Some(
        bytes
            .chunks_exact(N)
            .map(|c| f(c.try_into().expect("chunk of N"), little))
            .collect(),
    )
}

macro_rules! endian {
    ($t:ty) => {
        |b, little: bool| {
            if little {
                <$t>::from_le_bytes(b)
            } else {
                <$t>::from_be_bytes(b)
            }
        }
    };
}

/// Decode `bytes` as `vr`, or None when the full path is needed (also for no bytes:
/// a value cut off by the end of the data, which pydicom converts its own way).
pub fn decode(vr: Vr, bytes: &[u8], little: bool, ctx: Context) -> Option<Decoded<'_>> {
    use Decoded::*;
    if bytes.is_empty() {
        return None;
    }
    Some(match vr {
        Vr::AE => {
            let s = ascii_with(bytes, &[])?;
            Text(
                TextKind::Plain,
                s.split('\\').map(|v| v.trim_matches(' ')).collect(),
            )
        }
        Vr::AS | Vr::CS | Vr::DA | Vr::DT | Vr::TM => Text(
            TextKind::Plain,
            split_backslash(rstrip_nul_space(ascii_with(bytes, NUL)?)),
        ),
        Vr::UR => Text(
            TextKind::Single,
            smallvec![ascii_with(bytes, NUL)?.trim_end_matches(' ')],
        ),
        Vr::UI => {
            let items = split_backslash(rstrip_nul_space(ascii_with(bytes, NUL)?));
            if !items.iter().all(|v| uid_ok(v)) {
                return None;
            }
            Text(TextKind::Uid, items)
        }
        Vr::DS => {
            let s = ascii_with(bytes, NUL)?.trim_matches(' ');
            let mut out = Items::new();
            for item in split_backslash(rstrip_nul_space(s)) {
                let text = item.trim_matches(' ');
                if text.is_empty() {
                    if !item.is_empty() {
                        return None; // pydicom keeps the blanks: leave it to the full path
                    }
                    out.push((text, None));
                    continue;
                }
                if !decimal_ok(text) || (ctx.strict && text.len() > 16) {
                    return None;
                }
                out.push((text, Some(text.parse::<f64>().ok()?)));
            }
            Decimal(out)
        }
        Vr::IS => {
            let mut out = Items::new();
            for item in split_backslash(rstrip_nul_space(ascii_with(bytes, NUL)?)) {
                if item.is_empty() {
                    out.push((item, None));
                    continue;
                }
                if !integer_ok(item) {
                    return None;
                }
                let text = item.trim_matches(' ');
                let value: i64 = text.parse().ok()?;
                if ctx.strict && !(-(1i64 << 31)..(1i64 << 31)).contains(&value) {
                    return None;
                }
                out.push((text, Some(value)));
            }
            Integer(out)
        }
        Vr::LO | Vr::SH | Vr::UC => {
            let max = match vr {
                Vr::LO => 64,
                Vr::SH => 16,
                _ => usize::MAX,
            };
            let items = split_backslash(ascii_with(bytes, TEXT_CONTROLS)?);
            if items.iter().any(|v| v.len() > max) {
                return None; // pydicom warns about the length
            }
            Text(
                TextKind::Plain,
                items.into_iter().map(rstrip_nul_space).collect(),
            )
        }
        Vr::LT | Vr::ST | Vr::UT => {
            let s = ascii_with(bytes, TEXT_CONTROLS)?;
            let max = match vr {
                Vr::LT => 10240,
                Vr::ST => 1024,
                _ => usize::MAX,
            };
            if s.len() > max {
                return None;
            }
            Text(TextKind::Single, smallvec![rstrip_nul_space(s)])
        }
        Vr::PN => {
            let end = bytes
                .iter()
                .rposition(|&b| b != 0 && b != b' ')
                .map_or(0, |i| i + 1);
            let s = ascii_with(&bytes[..end], &[])?;
            if s.contains('\\') {
                return None; // several names: the full path builds them
            }
            if s.split('=').count() > 3 || s.split('=').any(|g| g.len() > 64) {
                return None;
            }
            Text(TextKind::PersonName, smallvec![s])
        }
        Vr::US => Unsigned(numbers::<_, 2>(bytes, little, |b, l| {
            u64::from(endian!(u16)(b, l))
        })?),
        Vr::UL => Unsigned(numbers::<_, 4>(bytes, little, |b, l| {
            u64::from(endian!(u32)(b, l))
        })?),
        Vr::UV => Unsigned(numbers::<_, 8>(bytes, little, endian!(u64))?),
        Vr::SS => Signed(numbers::<_, 2>(bytes, little, |b, l| {
            i64::from(endian!(i16)(b, l))
        })?),
        Vr::SL => Signed(numbers::<_, 4>(bytes, little, |b, l| {
            i64::from(endian!(i32)(b, l))
        })?),
        Vr::SV => Signed(numbers::<_, 8>(bytes, little, endian!(i64))?),
        Vr::FL => Float(numbers::<_, 4>(bytes, little, |b, l| {
            f64::from(endian!(f32)(b, l))
        })?),
        Vr::FD => Float(numbers::<_, 8>(bytes, little, endian!(f64))?),
        Vr::OB | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::OW | Vr::UN => Bytes(bytes),
        Vr::AT | Vr::SQ => return None,
    })
}

/// PersonName's component groups: the value split on "=", trailing empty groups
/// dropped (what pydicom keeps in `_components`).
pub fn person_name_groups(s: &str) -> Vec<&str> {
    let mut groups: Vec<&str> = s.split('=').collect();
    while groups.last().is_some_and(|g| g.is_empty()) {
        groups.pop();
    }
    groups
}

/// The VR the element gets when it is certain without Python (no sequence, UN,
/// ambiguous or unknown VR). `creator` is the value
/// of the private creator of a private element's block, if there is one.
pub fn fast_vr(rec: &ElementRecord, creator: Option<&str>) -> Option<Vr> {
    if rec.resolved_vr().is_some() {
        return None; // undefined length: sequences and encapsulated data
    }
    let element = rec.tag & 0xFFFF;
    let private = (rec.tag >> 16) % 2 == 1;
    let vr = match rec.vr {
        Some(raw) => Vr::from_bytes(raw)?,
        None if private => {
            if (0x10..0x100).contains(&element) {
                Vr::LO // private creator
            } else {
                let creator = creator.filter(|c| !c.is_empty() && element & 0xFF00 != 0)?;
                dict::private_element(rec.tag, creator)
                    .ok()?
                    .vr
                    .parse::<Vr>()
                    .ok()?
            }
        }
        None => match dict::element_or_repeater(rec.tag) {
            Some(entry) => entry.vr.parse::<Vr>().ok()?, // "US or SS" and the like do not parse
            None if element == 0 => Vr::UL,
            None => return None,
        },
    };
    (!matches!(vr, Vr::UN | Vr::SQ)).then_some(vr)
}

pub const LUT_DESCRIPTORS: [u32; 4] = [
    crate::tags::RED_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
    crate::tags::GREEN_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
    crate::tags::BLUE_PALETTE_COLOR_LOOKUP_TABLE_DESCRIPTOR,
    crate::tags::LUT_DESCRIPTOR,
];
