//! A DICOM tag: group in the high 16 bits, element in the low 16 bits.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(pub u32);

impl Tag {
    pub const fn new(group: u16, element: u16) -> Self {
        Tag(((group as u32) << 16) | element as u32)
    }
    pub const fn group(self) -> u16 {
        (self.0 >> 16) as u16
    }
    pub const fn element(self) -> u16 {
        (self.0 & 0xFFFF) as u16
    }
    /// Private tags have an odd group number.
    pub const fn is_private(self) -> bool {
        self.group() % 2 == 1
    }
    /// Private creator elements reserve blocks: (gggg,0010) to (gggg,00FF).
    pub const fn is_private_creator(self) -> bool {
        self.is_private() && self.element() >= 0x0010 && self.element() < 0x0100
    }
    /// The (gggg,00bb) creator element that reserves this tag's block.
    pub const fn private_creator(self) -> Tag {
        Tag((self.0 & 0xFFFF_0000) | (self.element() as u32 >> 8))
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:04X},{:04X})", self.group(), self.element())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_display() {
        let t = Tag(0x0010_0020);
        assert_eq!((t.group(), t.element()), (0x0010, 0x0020));
        assert_eq!(t.to_string(), "(0010,0020)");
        assert_eq!(Tag::new(0x7FE0, 0x0010), Tag(0x7FE0_0010));
    }

    #[test]
    fn private_blocks() {
        assert!(Tag(0x0009_0010).is_private_creator());
        assert!(!Tag(0x0009_0100).is_private_creator());
        assert!(!Tag(0x0008_0010).is_private_creator());
        assert_eq!(Tag(0x0009_1015).private_creator(), Tag(0x0009_0010));
        assert_eq!(Tag(0x0041_FF01).private_creator(), Tag(0x0041_00FF));
    }
}
