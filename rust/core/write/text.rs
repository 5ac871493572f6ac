//! Text values: multiple values joined with backslashes, padded to even length.

/// Append `parts` joined by `\` and pad the whole to even length with `pad`.
pub fn put_joined<'a>(out: &mut Vec<u8>, parts: impl IntoIterator<Item = &'a [u8]>, pad: u8) {
    let start = out.len();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(b'\\');
        }
        out.extend_from_slice(part);
    }
    if (out.len() - start) % 2 == 1 {
        out.push(pad);
    }
}
