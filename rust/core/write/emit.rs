//! Element headers, items and delimiters, in the target encoding.

use crate::tags::{ITEM, ITEM_DELIMITATION_ITEM, SEQUENCE_DELIMITATION_ITEM};
use crate::vr::Vr;

pub const UNDEFINED_LENGTH: u32 = 0xFFFF_FFFF;

/// The transfer syntax's encoding: implicit or explicit VR, byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoding {
    pub implicit_vr: bool,
    pub little_endian: bool,
}

/// True when an explicit VR header of `vr` has a 4-byte length (unknown VRs: 2).
pub fn has_long_length(vr: &[u8]) -> bool {
    match vr {
        [a, b] => Vr::from_bytes([*a, *b]).is_some_and(|v| v.has_long_length()),
        _ => false,
    }
}

/// The VR a header is written with: an explicit VR value too long for a 2-byte
/// length field goes out as UN (PS3.5 6.2.2), as pydicom does (it also warns).
pub fn header_vr(vr: &[u8], value_len: usize, undefined: bool, enc: Encoding) -> &[u8] {
    if !enc.implicit_vr && !undefined && !has_long_length(vr) && value_len > 0xFFFF {
        b"UN"
    } else {
        vr
    }
}

/// A growing output buffer in one encoding.
pub struct Emitter {
    pub out: Vec<u8>,
    pub enc: Encoding,
}

impl Emitter {
    pub fn new(enc: Encoding) -> Self {
        Emitter {
            out: Vec::new(),
            enc,
        }
    }

    pub fn u16(&mut self, v: u16) {
        let b = if self.enc.little_endian {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.out.extend_from_slice(&b);
    }

    pub fn u32(&mut self, v: u32) {
        let b = if self.enc.little_endian {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.out.extend_from_slice(&b);
    }

    pub fn tag(&mut self, tag: u32) {
        self.u16((tag >> 16) as u16);
        self.u16(tag as u16);
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
    }

    /// An element header as pydicom writes it: explicit VR headers carry the VR,
    /// reserved bytes for long-length VRs, and a 2-byte length for the others
    /// unless the length is undefined (then 4 bytes, even for short VRs). `vr` is
    /// ignored for implicit VR. The value length must fit the field (see
    /// `header_vr`); longer values are the caller's error.
    pub fn header(&mut self, tag: u32, vr: &[u8], length: u32, undefined: bool) {
        self.tag(tag);
        let length = if undefined { UNDEFINED_LENGTH } else { length };
        if self.enc.implicit_vr {
            self.u32(length);
            return;
        }
        self.bytes(vr);
        let long = has_long_length(vr);
        if long {
            self.u16(0);
        }
        if !long && !undefined {
            self.u16(length as u16);
        } else {
            self.u32(length);
        }
    }

    /// A 4-byte length to fill in later: returns where it is.
    pub fn length_placeholder(&mut self) -> usize {
        let at = self.out.len();
        self.u32(UNDEFINED_LENGTH);
        at
    }

    /// Fill in a placeholder with the number of bytes written after it. None when
    /// that does not fit in 32 bits.
    pub fn patch_length(&mut self, at: usize) -> Option<()> {
        let len = u32::try_from(self.out.len() - at - 4).ok()?;
        let b = if self.enc.little_endian {
            len.to_le_bytes()
        } else {
            len.to_be_bytes()
        };
        self.out[at..at + 4].copy_from_slice(&b);
        Some(())
    }

    /// An item header: with undefined length, or a placeholder to patch with
    /// `end_item`.
    pub fn begin_item(&mut self) -> usize {
        self.tag(ITEM);
        self.length_placeholder()
    }

    pub fn end_item(&mut self, at: usize, undefined: bool) -> Option<()> {
        if undefined {
            self.tag(ITEM_DELIMITATION_ITEM);
            self.u32(0);
            Some(())
        } else {
            self.patch_length(at)
        }
    }

    pub fn sequence_delimiter(&mut self) {
        self.tag(SEQUENCE_DELIMITATION_ITEM);
        self.u32(0);
    }
}
