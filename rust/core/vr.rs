//! Value Representations (PS3.5 6.2): how each is encoded on the wire.

use std::fmt;
use std::str::FromStr;

macro_rules! vrs {
    ($($name:ident),* $(,)?) => {
        /// The 34 standard VRs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Vr { $($name),* }

        impl Vr {
            pub const ALL: &'static [Vr] = &[$(Vr::$name),*];

            pub const fn as_str(self) -> &'static str {
                match self { $(Vr::$name => stringify!($name)),* }
            }

        }
    };
}

vrs!(
    AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST,
    SV, TM, UC, UI, UL, UN, UR, US, UT, UV
);

/// For two capital letters (A=0 .. Z=25, first * 26 + second): 1 + the VR's
/// position in `Vr::ALL`, or 0 when they name no VR.
const BY_LETTERS: [u8; 26 * 26] = {
    let mut table = [0u8; 26 * 26];
    let mut i = 0;
    while i < Vr::ALL.len() {
        let name = Vr::ALL[i].as_str().as_bytes();
        table[(name[0] - b'A') as usize * 26 + (name[1] - b'A') as usize] = i as u8 + 1;
        i += 1;
    }
    table
};

/// How a value of the VR is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text in the default character repertoire (backslash separates values).
    Text,
    /// Text that the Specific Character Set applies to.
    CharsetText,
    /// Fixed-size binary numbers (US, SL, FD, AT, ...).
    Number,
    /// Byte or word streams (OB, OW, UN, ...).
    Bytes,
    Sequence,
}

impl Vr {
    /// The VR spelled by two bytes, as in an explicit VR element header. A table
    /// lookup: this runs once per element, and a `match` compiles to a jump table
    /// whose mispredicted jumps cost more than the rest of the header.
    #[inline]
    pub fn from_bytes(b: [u8; 2]) -> Option<Vr> {
        let (first, second) = (b[0].wrapping_sub(b'A'), b[1].wrapping_sub(b'A'));
        if first >= 26 || second >= 26 {
            return None;
        }
        match BY_LETTERS[first as usize * 26 + second as usize] {
            0 => None,
            n => Some(Vr::ALL[n as usize - 1]),
        }
    }

    /// Explicit VR headers of these VRs have 2 reserved bytes and a 4-byte length.
    pub const fn has_long_length(self) -> bool {
        matches!(
            self,
            Vr::OB
                | Vr::OD
                | Vr::OF
                | Vr::OL
                | Vr::OV
                | Vr::OW
                | Vr::SQ
                | Vr::SV
                | Vr::UC
                | Vr::UN
                | Vr::UR
                | Vr::UT
                | Vr::UV
        )
    }

    /// The byte that pads an odd-length value to even length.
    pub const fn pad_byte(self) -> u8 {
        match self {
            Vr::UI | Vr::OB | Vr::UN => 0x00,
            Vr::AE
            | Vr::AS
            | Vr::CS
            | Vr::DA
            | Vr::DS
            | Vr::DT
            | Vr::IS
            | Vr::LO
            | Vr::LT
            | Vr::PN
            | Vr::SH
            | Vr::ST
            | Vr::TM
            | Vr::UC
            | Vr::UR
            | Vr::UT => b' ',
            _ => 0x00,
        }
    }

    /// The size of one binary number, for number VRs.
    pub const fn number_size(self) -> Option<usize> {
        match self {
            Vr::US | Vr::SS => Some(2),
            Vr::UL | Vr::SL | Vr::FL | Vr::AT => Some(4),
            Vr::UV | Vr::SV | Vr::FD => Some(8),
            _ => None,
        }
    }

    pub const fn kind(self) -> Kind {
        match self {
            Vr::AE
            | Vr::AS
            | Vr::CS
            | Vr::DA
            | Vr::DS
            | Vr::DT
            | Vr::IS
            | Vr::TM
            | Vr::UI
            | Vr::UR => Kind::Text,
            Vr::LO | Vr::LT | Vr::PN | Vr::SH | Vr::ST | Vr::UC | Vr::UT => Kind::CharsetText,
            Vr::AT | Vr::FD | Vr::FL | Vr::SL | Vr::SS | Vr::SV | Vr::UL | Vr::US | Vr::UV => {
                Kind::Number
            }
            Vr::OB | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::OW | Vr::UN => Kind::Bytes,
            Vr::SQ => Kind::Sequence,
        }
    }
}

impl fmt::Display for Vr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Vr {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.as_bytes() {
            [a, b] => Vr::from_bytes([*a, *b]).ok_or(()),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_round_trips() {
        assert_eq!(Vr::ALL.len(), 34);
        for &vr in Vr::ALL {
            let b = vr.as_str().as_bytes();
            assert_eq!(Vr::from_bytes([b[0], b[1]]), Some(vr));
            assert_eq!(vr.as_str().parse::<Vr>(), Ok(vr));
        }
        assert_eq!(Vr::from_bytes(*b"XX"), None);
        assert_eq!("US or SS".parse::<Vr>(), Err(()));
    }

    #[test]
    fn only_the_34_spellings_are_vrs() {
        for first in 0..=255u8 {
            for second in 0..=255u8 {
                let named = Vr::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().as_bytes() == [first, second]);
                assert_eq!(Vr::from_bytes([first, second]), named, "{first} {second}");
            }
        }
    }

    #[test]
    fn header_forms_follow_ps3_5_table_7_1_1() {
        let long: Vec<_> = Vr::ALL
            .iter()
            .filter(|v| v.has_long_length())
            .map(|v| v.as_str())
            .collect();
        assert_eq!(
            long,
            ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]
        );
    }

    #[test]
    fn padding_and_sizes() {
        assert_eq!(Vr::UI.pad_byte(), 0);
        assert_eq!(Vr::PN.pad_byte(), b' ');
        assert_eq!(Vr::FD.number_size(), Some(8));
        assert_eq!(Vr::AT.number_size(), Some(4));
        assert_eq!(Vr::LO.number_size(), None);
        assert_eq!(Vr::PN.kind(), Kind::CharsetText);
        assert_eq!(Vr::UN.kind(), Kind::Bytes);
    }
}
