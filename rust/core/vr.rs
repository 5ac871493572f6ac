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
    /// The VR spelled by two bytes, as in an explicit VR element header (a direct
    /// match: this runs once per element).
    pub fn from_bytes(b: [u8; 2]) -> Option<Vr> {
        match b {
            [b'A', b'E'] => Some(Vr::AE),
            [b'A', b'S'] => Some(Vr::AS),
            [b'A', b'T'] => Some(Vr::AT),
            [b'C', b'S'] => Some(Vr::CS),
            [b'D', b'A'] => Some(Vr::DA),
            [b'D', b'S'] => Some(Vr::DS),
            [b'D', b'T'] => Some(Vr::DT),
            [b'F', b'D'] => Some(Vr::FD),
            [b'F', b'L'] => Some(Vr::FL),
            [b'I', b'S'] => Some(Vr::IS),
            [b'L', b'O'] => Some(Vr::LO),
            [b'L', b'T'] => Some(Vr::LT),
            [b'O', b'B'] => Some(Vr::OB),
            [b'O', b'D'] => Some(Vr::OD),
            [b'O', b'F'] => Some(Vr::OF),
            [b'O', b'L'] => Some(Vr::OL),
            [b'O', b'V'] => Some(Vr::OV),
            [b'O', b'W'] => Some(Vr::OW),
            [b'P', b'N'] => Some(Vr::PN),
            [b'S', b'H'] => Some(Vr::SH),
            [b'S', b'L'] => Some(Vr::SL),
            [b'S', b'Q'] => Some(Vr::SQ),
            [b'S', b'S'] => Some(Vr::SS),
            [b'S', b'T'] => Some(Vr::ST),
            [b'S', b'V'] => Some(Vr::SV),
            [b'T', b'M'] => Some(Vr::TM),
            [b'U', b'C'] => Some(Vr::UC),
            [b'U', b'I'] => Some(Vr::UI),
            [b'U', b'L'] => Some(Vr::UL),
            [b'U', b'N'] => Some(Vr::UN),
            [b'U', b'R'] => Some(Vr::UR),
            [b'U', b'S'] => Some(Vr::US),
            [b'U', b'T'] => Some(Vr::UT),
            [b'U', b'V'] => Some(Vr::UV),
            _ => None,
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
