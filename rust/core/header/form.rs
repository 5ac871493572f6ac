//! The type of a whole-header table's column, from the dictionary: what an
//! element's values are (integers, floats, text, binary) and whether it may
//! hold several. Taken from the dictionary's VR and VM, not from the values of
//! one file, so every file (and every part of a dataset) agrees; only elements
//! the dictionaries do not know are typed by the VR they were read with.

use std::borrow::Cow;

use crate::dict;
use crate::tag::Tag;
use crate::vr::Vr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    Int,
    /// UV: unsigned 64-bit values do not all fit an Int.
    UInt,
    Float,
    /// Text, dates and times kept as DICOM text, person names as their groups
    /// joined by `=`.
    Text,
    /// Byte and word streams: inline when short, else where they lie.
    Binary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Form {
    pub scalar: Scalar,
    /// A list of values (the element's VM allows more than one).
    pub multi: bool,
}

/// The form of the element `tag` (`creator`: its private creator), read with
/// `vr` (None: implicit VR and not in a dictionary).
pub fn form_of(tag: u32, creator: Option<&str>, vr: Option<Vr>) -> Form {
    column_of(tag, creator, vr).1
}

/// The column of an element: its name (see `column_name`) and form, from one
/// dictionary lookup.
pub fn column_of(tag: u32, creator: Option<&str>, vr: Option<Vr>) -> (Cow<'static, str>, Form) {
    let group = tag >> 16;
    if Tag(tag).is_private() {
        let Some(creator) = creator else {
            return (format!("{tag:08X}").into(), form(None, vr));
        };
        let entry = dict::private_element(tag, creator).ok();
        // Control characters cannot be in an Arrow field name (NUL) or read well.
        let shown: String = creator
            .chars()
            .map(|c| if c.is_control() { '_' } else { c })
            .collect();
        let name = format!("{group:04X}_{shown}_{:02X}", tag & 0xFF);
        return (name.into(), form(entry.map(|e| (e.vr, e.vm)), vr));
    }
    match dict::element(tag) {
        Some(entry) => {
            let name = if entry.keyword.is_empty() {
                format!("{tag:08X}").into()
            } else {
                entry.keyword
            };
            (name, form(Some((entry.vr, entry.vm)), vr))
        }
        None => {
            let entry = dict::element_or_repeater(tag).map(|e| (e.vr, e.vm));
            (format!("{tag:08X}").into(), form(entry, vr))
        }
    }
}

/// The column of an element: its keyword; for a private element
/// `gggg_creator_oo` (group, private creator with control characters as `_`,
/// offset in the block), which is
/// the same in every file whatever block the creator was given; for an element
/// without a keyword (or of a repeating group, whose keyword several groups
/// share) its tag as `GGGGEEEE`.
pub fn column_name(tag: u32, creator: Option<&str>) -> Cow<'static, str> {
    column_of(tag, creator, None).0
}

fn form(entry: Option<(Cow<'static, str>, Cow<'static, str>)>, vr: Option<Vr>) -> Form {
    match entry {
        Some((dict_vr, vm)) => {
            let scalar = scalar_of_dictionary(&dict_vr);
            Form {
                scalar,
                multi: scalar != Scalar::Binary && vm != "1",
            }
        }
        None => {
            let scalar = vr.map_or(Scalar::Binary, scalar_of);
            let single = matches!(vr, Some(Vr::LT | Vr::ST | Vr::UT | Vr::UR));
            Form {
                scalar,
                multi: scalar != Scalar::Binary && !single,
            }
        }
    }
}

fn scalar_of(vr: Vr) -> Scalar {
    match vr {
        Vr::AT | Vr::IS | Vr::SL | Vr::SS | Vr::SV | Vr::UL | Vr::US => Scalar::Int,
        Vr::UV => Scalar::UInt,
        Vr::DS | Vr::FD | Vr::FL => Scalar::Float,
        Vr::OB | Vr::OD | Vr::OF | Vr::OL | Vr::OV | Vr::OW | Vr::UN | Vr::SQ => Scalar::Binary,
        _ => Scalar::Text,
    }
}

/// A dictionary VR; of the ambiguous ones ("US or SS", "OB or OW", "US or
/// OW"), any that may be a byte stream is binary, "US or SS" an integer.
fn scalar_of_dictionary(vr: &str) -> Scalar {
    if vr.contains("OW") || vr.contains("OB") {
        return Scalar::Binary;
    }
    match vr.split(" or ").next().and_then(|v| v.parse::<Vr>().ok()) {
        Some(vr) => scalar_of(vr),
        None => Scalar::Binary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags;

    #[test]
    fn public_elements_take_the_dictionarys_vr_and_vm() {
        let rows = form_of(tags::ROWS, None, Some(Vr::US));
        assert_eq!((rows.scalar, rows.multi), (Scalar::Int, false));
        let spacing = form_of(tags::PIXEL_SPACING, None, Some(Vr::DS));
        assert_eq!((spacing.scalar, spacing.multi), (Scalar::Float, true));
        // Whatever VR a file wrote, the dictionary's decides.
        assert_eq!(
            form_of(tags::MODALITY, None, Some(Vr::UN)).scalar,
            Scalar::Text
        );
        assert_eq!(form_of(tags::PIXEL_DATA, None, None).scalar, Scalar::Binary);
        // "US or SS" is an integer.
        assert_eq!(form_of(0x0028_0106, None, None).scalar, Scalar::Int);
    }

    #[test]
    fn private_elements_use_the_private_dictionary_or_the_vr_read() {
        let known = form_of(0x0019_100C, Some("SIEMENS MR HEADER"), Some(Vr::UN));
        assert_eq!(known.scalar, Scalar::Int); // IS in the private dictionary
        let unknown = form_of(0x0011_1001, Some("NOBODY"), Some(Vr::LO));
        assert_eq!((unknown.scalar, unknown.multi), (Scalar::Text, true));
        let comment = form_of(0x0011_1002, Some("NOBODY"), Some(Vr::LT));
        assert!(!comment.multi);
        assert_eq!(form_of(0x0011_1003, None, None).scalar, Scalar::Binary);
    }
}
