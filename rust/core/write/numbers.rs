//! Binary numbers (US SS UL SL FL FD SV UV, AT) in either byte order.

use crate::vr::Vr;

/// A binary number format, as Python's struct module names them (H h L l f d Q q).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,
    F32,
    F64,
}

impl Format {
    pub fn for_vr(vr: Vr) -> Option<Format> {
        Some(match vr {
            Vr::US => Format::U16,
            Vr::SS => Format::I16,
            Vr::UL => Format::U32,
            Vr::SL => Format::I32,
            Vr::UV => Format::U64,
            Vr::SV => Format::I64,
            Vr::FL => Format::F32,
            Vr::FD => Format::F64,
            _ => return None,
        })
    }

    pub fn is_float(self) -> bool {
        matches!(self, Format::F32 | Format::F64)
    }

    /// Append integer `v`; false (nothing written) when it is out of range.
    pub fn put_int(self, out: &mut Vec<u8>, v: i128, little: bool) -> bool {
        macro_rules! put {
            ($t:ty) => {{
                let Ok(x) = <$t>::try_from(v) else {
                    return false;
                };
                out.extend_from_slice(&if little {
                    x.to_le_bytes()
                } else {
                    x.to_be_bytes()
                });
            }};
        }
        match self {
            Format::U16 => put!(u16),
            Format::I16 => put!(i16),
            Format::U32 => put!(u32),
            Format::I32 => put!(i32),
            Format::U64 => put!(u64),
            Format::I64 => put!(i64),
            // struct packs ints as floats for 'f' and 'd'.
            Format::F32 | Format::F64 => return self.put_float(out, v as f64, little),
        }
        true
    }

    /// Append float `v` for 'f' or 'd'; false when struct would refuse it (a
    /// finite value beyond f32's range, or an integer format).
    pub fn put_float(self, out: &mut Vec<u8>, v: f64, little: bool) -> bool {
        match self {
            Format::F64 => out.extend_from_slice(&if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }),
            Format::F32 => {
                let x = v as f32;
                if x.is_infinite() && v.is_finite() {
                    return false;
                }
                out.extend_from_slice(&if little {
                    x.to_le_bytes()
                } else {
                    x.to_be_bytes()
                })
            }
            _ => return false,
        }
        true
    }
}

/// An AT value: group then element.
pub fn put_tag(out: &mut Vec<u8>, tag: u32, little: bool) {
    for half in [(tag >> 16) as u16, tag as u16] {
        out.extend_from_slice(&if little {
            half.to_le_bytes()
        } else {
            half.to_be_bytes()
        });
    }
}
