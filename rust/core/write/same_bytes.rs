//! When converting between implicit and explicit VR (same byte order, same
//! character set), pydicom decodes every element and encodes it again. For most
//! values that gives back the very bytes that were read; `reencodes_unchanged`
//! tells when, so the value can be copied under its new header instead.

use crate::values::{decode, Context, Decoded};
use crate::vr::{Kind, Vr};
use crate::write::text::put_joined;

/// True when decoding `bytes` as `vr` (the native decoder's reading, which is
/// pydicom's) and encoding the result again gives `bytes` back exactly.
pub fn reencodes_unchanged(vr: Vr, bytes: &[u8], little: bool, ctx: Context) -> bool {
    if bytes.is_empty() {
        return true;
    }
    match vr.kind() {
        // Odd lengths are padded on writing; UN may change VR when decoded.
        Kind::Bytes => vr != Vr::UN && bytes.len() % 2 == 0,
        Kind::Sequence => false,
        Kind::Number => {
            let size = vr.number_size().expect("number VR");
            if bytes.len() % size != 0 {
                return false;
            }
            match decode(vr, bytes, little, ctx) {
                // f32/f64 -> Python float -> f32/f64 is exact, except that NaN
                // payloads may change.
                Some(Decoded::Float(v)) => !v.iter().any(|x| x.is_nan()),
                Some(Decoded::Signed(_) | Decoded::Unsigned(_)) => true,
                _ => false,
            }
        }
        Kind::Text | Kind::CharsetText => {
            // A person name decoded here is one ASCII name, which pydicom writes
            // as its original bytes, padded like any text.
            let Some(decoded) = decode(vr, bytes, little, ctx) else {
                return false;
            };
            let items: crate::values::Items<&str> = match decoded {
                Decoded::Text(_, items) => items,
                Decoded::Decimal(items) => items.into_iter().map(|(t, _)| t).collect(),
                Decoded::Integer(items) => items.into_iter().map(|(t, _)| t).collect(),
                _ => return false,
            };
            let mut again = Vec::with_capacity(bytes.len());
            let pad = if vr == Vr::UI { 0 } else { b' ' };
            put_joined(&mut again, items.iter().map(|s| s.as_bytes()), pad);
            again == bytes
        }
    }
}
