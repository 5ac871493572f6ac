//! One row of a metadata table: the values of chosen top-level elements of a
//! parsed file, decoded without Python where `values::decode` is certain of
//! them (the rest are marked for the full Python path).

use crate::index::{DatasetIndex, ElementRecord, ValueRef};
use crate::parse::ParsedFile;
use crate::tags::{SPECIFIC_CHARACTER_SET, TRANSFER_SYNTAX_UID};
use crate::values::{self, Context, Decoded, TextKind};
use crate::vr::Vr;

/// A cell's value, as a table keeps it: one value or several.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Text(Vec<String>),
    Float(Vec<Option<f64>>),
    Int(Vec<Option<i64>>),
    UInt(Vec<u64>),
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No such element, or an empty value.
    Null,
    Value(Values),
    /// Python's full path must decode it (sequences, non-ASCII text, values
    /// pydicom would warn about, ambiguous VRs, ...).
    Python,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub transfer_syntax: Option<String>,
    pub cells: Vec<Cell>,
}

/// The row of `tags` for a parsed file. `data` holds the file (file meta and
/// dataset, unless the dataset was inflated); `vr_of` gives an element's VR
/// when it is certain (None sends the cell to Python).
pub fn row(
    data: &[u8],
    parsed: &ParsedFile,
    tags: &[u32],
    vr_of: impl Fn(&ElementRecord) -> Option<Vr>,
) -> Row {
    let dataset_data = parsed.inflated.as_deref().unwrap_or(data);
    let little = parsed.dataset.little_endian;
    let ascii_text = ascii_character_set(dataset_data, parsed);
    let cells = tags
        .iter()
        .map(|&tag| match parsed.dataset.get(tag) {
            None => Cell::Null,
            Some(rec) => match vr_of(rec) {
                Some(vr) => cell(vr, rec, dataset_data, little, ascii_text),
                None => Cell::Python,
            },
        })
        .collect();
    let transfer_syntax = parsed.meta.get(TRANSFER_SYNTAX_UID).and_then(|rec| {
        let bytes = &data[rec.value.range()?];
        let text = std::str::from_utf8(bytes).ok()?;
        Some(text.trim_end_matches(['\0', ' ']).to_owned())
    });
    Row {
        transfer_syntax,
        cells,
    }
}

/// Whether printable ASCII text decodes as itself under the dataset's
/// Specific Character Set: its first term (the default repertoire) is one of
/// the ISO-IR, ISO 2022 or GB sets, or there is none.
pub(crate) fn ascii_character_set(data: &[u8], parsed: &ParsedFile) -> bool {
    ascii_character_set_of(data, &parsed.dataset).unwrap_or(true)
}

/// `ascii_character_set` for one dataset; None when it has no Specific
/// Character Set (an item then uses its dataset's).
pub(crate) fn ascii_character_set_of(data: &[u8], index: &DatasetIndex) -> Option<bool> {
    let rec = index.get(SPECIFIC_CHARACTER_SET)?;
    let Some(range) = rec.value.range() else {
        return Some(matches!(rec.value, ValueRef::Empty { .. }));
    };
    let Ok(text) = std::str::from_utf8(&data[range]) else {
        return Some(false);
    };
    let first = text
        .split('\\')
        .next()
        .unwrap_or("")
        .trim_matches([' ', '\0']);
    Some(
        first.is_empty()
            || first.starts_with("ISO_IR ")
            || first.starts_with("ISO 2022 IR ")
            || matches!(first, "GB18030" | "GBK"),
    )
}

pub(crate) fn cell(
    vr: Vr,
    rec: &ElementRecord,
    data: &[u8],
    little: bool,
    ascii_text: bool,
) -> Cell {
    let charset_text = matches!(
        vr,
        Vr::LO | Vr::SH | Vr::UC | Vr::LT | Vr::ST | Vr::UT | Vr::PN
    );
    if charset_text && !ascii_text {
        return Cell::Python;
    }
    let range = match &rec.value {
        ValueRef::Empty { .. } => return Cell::Null,
        ValueRef::Bytes { .. } => rec.value.range().expect("bytes"),
        _ => return Cell::Python,
    };
    let Some(decoded) = values::decode(vr, &data[range], little, Context::default()) else {
        return Cell::Python;
    };
    let owned = |items: values::Items<&str>| items.into_iter().map(str::to_owned).collect();
    Cell::Value(match decoded {
        Decoded::Text(TextKind::PersonName, items) => {
            Values::Text(vec![values::person_name_groups(items[0]).join("=")])
        }
        Decoded::Text(_, items) => Values::Text(owned(items)),
        Decoded::Decimal(items) => Values::Float(items.into_iter().map(|(_, v)| v).collect()),
        Decoded::Integer(items) => Values::Int(items.into_iter().map(|(_, v)| v).collect()),
        Decoded::Signed(items) => Values::Int(items.into_iter().map(Some).collect()),
        Decoded::Unsigned(items) => Values::UInt(items.into_vec()),
        Decoded::Float(items) => Values::Float(items.into_iter().map(Some).collect()),
        Decoded::Bytes(bytes) => Values::Bytes(bytes.to_vec()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_file, ReadOptions};

    fn explicit(tag: u32, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&((tag >> 16) as u16).to_le_bytes());
        out.extend_from_slice(&(tag as u16).to_le_bytes());
        out.extend_from_slice(vr);
        out.extend_from_slice(&(value.len() as u16).to_le_bytes());
        out.extend_from_slice(value);
        out
    }

    fn file(elements: &[Vec<u8>]) -> Vec<u8> {
        let mut data = vec![0u8; 128];
        data.extend_from_slice(b"DICM");
        data.extend(explicit(0x0002_0010, b"UI", b"1.2.840.10008.1.2.1\0"));
        for e in elements {
            data.extend_from_slice(e);
        }
        data
    }

    fn row_of(data: &[u8], tags: &[u32]) -> Row {
        let parsed = parse_file(data, &ReadOptions::default()).expect("parses");
        row(data, &parsed, tags, |rec| Vr::from_bytes(rec.vr?))
    }

    #[test]
    fn cells_hold_decoded_values_and_nulls() {
        let data = file(&[
            explicit(0x0008_0060, b"CS", b"CT"),
            explicit(0x0010_0010, b"PN", b"Doe^John=="),
            explicit(0x0010_0020, b"LO", b""),
            explicit(0x0020_0032, b"DS", b"1.5\\-2\\3e1 "),
            explicit(0x0028_0010, b"US", &512u16.to_le_bytes()),
        ]);
        let tags = [
            0x0008_0060,
            0x0010_0010,
            0x0010_0020,
            0x0020_0032,
            0x0028_0010,
            0x0028_0011,
        ];
        let row = row_of(&data, &tags);
        assert_eq!(row.transfer_syntax.as_deref(), Some("1.2.840.10008.1.2.1"));
        assert_eq!(
            row.cells,
            [
                Cell::Value(Values::Text(vec!["CT".into()])),
                Cell::Value(Values::Text(vec!["Doe^John".into()])),
                Cell::Null,
                Cell::Value(Values::Float(vec![Some(1.5), Some(-2.0), Some(30.0)])),
                Cell::Value(Values::UInt(vec![512])),
                Cell::Null,
            ]
        );
    }

    #[test]
    fn text_outside_ascii_character_sets_goes_to_python() {
        let data = file(&[
            explicit(0x0008_0005, b"CS", b"ISO_IR 192"),
            explicit(0x0010_0010, b"PN", b"Caf\xc3\xa9"),
            explicit(0x0010_0020, b"LO", b"ID1"),
        ]);
        let cells = row_of(&data, &[0x0010_0010, 0x0010_0020]).cells;
        assert_eq!(cells[0], Cell::Python); // not ASCII: Python decodes UTF-8
        assert_eq!(cells[1], Cell::Value(Values::Text(vec!["ID1".into()])));
        let unknown = file(&[
            explicit(0x0008_0005, b"CS", b"KOI8"),
            explicit(0x0010_0020, b"LO", b"ID1"),
        ]);
        assert_eq!(row_of(&unknown, &[0x0010_0020]).cells, [Cell::Python]);
    }
}
