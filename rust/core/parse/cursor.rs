//! Bounds-checked reads of tags and lengths at an offset, in either byte order.

#[derive(Clone, Copy)]
pub struct Bytes<'a> {
    pub data: &'a [u8],
    pub little: bool,
}

impl<'a> Bytes<'a> {
    pub fn u16_at(&self, pos: usize) -> Option<u16> {
        let b: [u8; 2] = self.data.get(pos..pos.checked_add(2)?)?.try_into().ok()?;
        Some(if self.little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }

    pub fn u32_at(&self, pos: usize) -> Option<u32> {
        let b: [u8; 4] = self.data.get(pos..pos.checked_add(4)?)?.try_into().ok()?;
        Some(if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    /// A tag: group then element, each in the stream's byte order.
    pub fn tag_at(&self, pos: usize) -> Option<u32> {
        Some(((self.u16_at(pos)? as u32) << 16) | self.u16_at(pos + 2)? as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_both_orders_and_never_past_the_end() {
        let data = [0x10, 0x00, 0x20, 0x00, 0x01, 0x02];
        let le = Bytes {
            data: &data,
            little: true,
        };
        let be = Bytes {
            data: &data,
            little: false,
        };
        assert_eq!(le.tag_at(0), Some(0x0010_0020));
        assert_eq!(be.tag_at(0), Some(0x1000_2000));
        assert_eq!(le.u16_at(4), Some(0x0201));
        assert_eq!(le.u32_at(4), None);
        assert_eq!(le.u16_at(usize::MAX), None);
    }
}
