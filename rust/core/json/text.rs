//! JSON text the way Python's `json` module writes it with its defaults
//! (`ensure_ascii=True`, `allow_nan=True`).

use std::fmt::Write;

/// `s` as a JSON string: `"` and `\` escaped, the usual short escapes, every
/// other character outside printable ASCII as `\uXXXX` (surrogate pairs above
/// U+FFFF), lowercase hex like Python.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\' {
            continue;
        }
        if b >= 0x80 && !s.is_char_boundary(i) {
            continue; // inside a multi-byte character: escaped at its first byte
        }
        out.push_str(&s[start..i]);
        if b < 0x80 {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0C => out.push_str("\\f"),
                _ => push_u_escape(out, b as u16),
            }
            start = i + 1;
        } else {
            let c = s[i..].chars().next().expect("a character starts here");
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                push_u_escape(out, *unit);
            }
            start = i + c.len_utf8();
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

fn push_u_escape(out: &mut String, unit: u16) {
    let _ = write!(out, "\\u{unit:04x}");
}

/// An integer as Python writes it.
pub fn push_int(out: &mut String, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

/// A float as `json.dumps` writes it: `repr(x)`, and NaN, Infinity, -Infinity.
pub fn push_float(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        push_repr(out, x);
    }
}

/// Python's `repr` of a finite float: the shortest digits that read back as `x`,
/// in positional notation for decimal exponents -4..16, else as `d.ddde+XX`.
pub fn push_repr(out: &mut String, x: f64) {
    let sci = shortest_scientific(x);
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            out.push_str("0.");
            (0..-point).for_each(|_| out.push('0'));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            (0..point as usize - digits.len()).for_each(|_| out.push('0'));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point as usize]);
            out.push('.');
            out.push_str(&digits[point as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// `x` as "d.ddde±x" with the fewest digits that read back as `x`, choosing as
/// Python does between equally short candidates: the closest, ties to even.
/// Rust's `{:e}` finds the length but may round a tie up; its fixed-precision
/// formatting is exact with ties to even, so the digits come from that.
fn shortest_scientific(x: f64) -> String {
    let shortest = format!("{x:e}");
    let digits = shortest
        .split('e')
        .next()
        .expect("mantissa")
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    let rounded = format!("{x:.prec$e}", prec = digits.saturating_sub(1));
    if rounded.parse::<f64>() == Ok(x) {
        rounded
    } else {
        shortest
    }
}
