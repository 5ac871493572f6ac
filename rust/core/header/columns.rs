//! Whole-header rows as Arrow columns. A `Columns` holds one level of a table
//! (the files, or the items of one sequence column): a column per name in the
//! order names first appeared, each typed once by its `Form` (a sequence as a
//! list of structs of its items' columns). Cells are added row by row and
//! taken out as arrays a batch at a time; the columns and their types stay, so
//! each batch's schema holds every earlier one's (columns are only ever added,
//! and a struct only gains fields).
//!
//! A value that does not fit its column's type (several values where the
//! dictionary allows one, text where it says integers, a private element read
//! with another VR than in the file that made the column) is not lost: it goes
//! to the level's `unfit` column, a JSON object of such values by column.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder, UInt64Builder};
use arrow_array::{
    Array, ArrayRef, BinaryArray, ListArray, NullArray, StringArray, StructArray, UInt32Array,
    UInt64Array,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields};
use base64::Engine;
use serde_json::{json, Map, Value as Json};

use super::form::{Form, Scalar};
use super::{Attribute, Cell};
use crate::table::Values;
use crate::vr::Vr;

/// The name of each level's column of values that did not fit.
pub const UNFIT: &str = "unfit";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequencesAs {
    /// Lists of structs: queryable as nested columns.
    Structs,
    /// DICOM JSON text of the items.
    Json,
}

enum Kind {
    Value(Form),
    Sequence(Box<Columns>),
    /// Text made here: sequences as JSON, the unfit values.
    Json,
}

enum Data {
    Values(Values),
    Bulk {
        offset: Option<u64>,
        length: u64,
    },
    /// Rows `start..end` of the sequence's item columns.
    Items {
        start: usize,
        end: usize,
    },
    Json(String),
}

struct Column {
    name: String,
    kind: Kind,
    cells: Vec<(usize, Data)>,
}

pub struct Columns {
    sequences: SequencesAs,
    columns: Vec<Column>,
    by_name: HashMap<String, usize>,
    rows: usize,
}

impl Columns {
    pub fn new(sequences: SequencesAs) -> Columns {
        Columns {
            sequences,
            columns: Vec::new(),
            by_name: HashMap::new(),
            rows: 0,
        }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Take the columns (and their types) of `fields`, a schema this level
    /// made before: a resumed dataset keeps its types. Fields of other types
    /// are left for the values to type.
    pub fn seed(&mut self, fields: &Fields) {
        for field in fields {
            if self.by_name.contains_key(field.name()) {
                continue;
            }
            let Some(kind) = self.kind_of_type(field.data_type(), field.name()) else {
                continue;
            };
            self.push_column(field.name().clone(), kind);
        }
    }

    fn kind_of_type(&self, data_type: &DataType, name: &str) -> Option<Kind> {
        if name == UNFIT {
            return matches!(data_type, DataType::Utf8).then_some(Kind::Json);
        }
        let (inner, multi) = match data_type {
            DataType::List(item) => match item.data_type() {
                DataType::Struct(fields) if !is_binary_struct(fields) => {
                    let mut items = Columns::new(self.sequences);
                    items.seed(fields);
                    return Some(Kind::Sequence(Box::new(items)));
                }
                DataType::Null => {
                    return Some(Kind::Sequence(Box::new(Columns::new(self.sequences))))
                }
                other => (other, true),
            },
            other => (other, false),
        };
        let scalar = match inner {
            DataType::Int64 => Scalar::Int,
            DataType::UInt64 => Scalar::UInt,
            DataType::Float64 => Scalar::Float,
            DataType::Utf8 => Scalar::Text,
            DataType::Struct(fields) if is_binary_struct(fields) && !multi => Scalar::Binary,
            _ => return None,
        };
        Some(Kind::Value(Form { scalar, multi }))
    }

    fn push_column(&mut self, name: String, kind: Kind) -> usize {
        let at = self.columns.len();
        self.by_name.insert(name.clone(), at);
        self.columns.push(Column {
            name,
            kind,
            cells: Vec::new(),
        });
        at
    }

    fn column_for(&mut self, attr: &Attribute) -> usize {
        if let Some(&at) = self.by_name.get(attr.name.as_ref()) {
            return at;
        }
        let kind = match (&attr.cell, self.sequences) {
            (Cell::Items(_), SequencesAs::Structs) => {
                Kind::Sequence(Box::new(Columns::new(self.sequences)))
            }
            (Cell::Items(_), SequencesAs::Json) => Kind::Json,
            _ => Kind::Value(attr.form),
        };
        self.push_column(attr.name.to_string(), kind)
    }

    /// Add a row of `attributes`; returns its index.
    pub fn add_row(&mut self, attributes: Vec<Attribute>) -> usize {
        let row = self.rows;
        self.rows += 1;
        let mut unfit = Map::new();
        for attr in attributes {
            if matches!(attr.cell, Cell::Null | Cell::Python) {
                continue;
            }
            let at = self.column_for(&attr);
            let sequences = self.sequences;
            let column = &mut self.columns[at];
            let fitted = match (&mut column.kind, attr.cell) {
                (Kind::Sequence(items), Cell::Items(list)) => {
                    let start = items.rows;
                    for item in list {
                        items.add_row(item);
                    }
                    Ok(Data::Items {
                        start,
                        end: items.rows,
                    })
                }
                // A resumed dataset's JSON sequences were seeded as text.
                (
                    Kind::Json
                    | Kind::Value(Form {
                        scalar: Scalar::Text,
                        multi: false,
                    }),
                    Cell::Items(list),
                ) if sequences == SequencesAs::Json => {
                    Ok(Data::Json(items_json(&list).to_string()))
                }
                (Kind::Value(form), Cell::Value(values)) => {
                    fit(*form, values).map(Data::Values).map_err(Cell::Value)
                }
                (Kind::Value(form), Cell::Bulk { offset, length })
                    if form.scalar == Scalar::Binary =>
                {
                    Ok(Data::Bulk { offset, length })
                }
                (_, cell) => Err(cell),
            };
            match fitted {
                Ok(data) => column.cells.push((row, data)),
                Err(cell) => {
                    unfit.insert(attr.name.into_owned(), cell_json(&cell));
                }
            }
        }
        if !unfit.is_empty() {
            let at = match self.by_name.get(UNFIT) {
                Some(&at) => at,
                None => self.push_column(UNFIT.to_owned(), Kind::Json),
            };
            let text = Json::Object(unfit).to_string();
            self.columns[at].cells.push((row, Data::Json(text)));
        }
        row
    }

    /// The columns' fields and arrays for the rows added since the last
    /// call, which are then forgotten (the columns and types stay).
    pub fn take(&mut self) -> (Fields, Vec<ArrayRef>) {
        let rows = std::mem::take(&mut self.rows);
        let mut fields = Vec::with_capacity(self.columns.len());
        let mut arrays = Vec::with_capacity(self.columns.len());
        for column in &mut self.columns {
            let cells = std::mem::take(&mut column.cells);
            let array = match &mut column.kind {
                Kind::Value(form) => value_array(*form, rows, cells),
                Kind::Json => text_array(rows, cells),
                Kind::Sequence(items) => sequence_array(items, rows, cells),
            };
            fields.push(Arc::new(Field::new(
                column.name.clone(),
                array.data_type().clone(),
                true,
            )));
            arrays.push(array);
        }
        (Fields::from(fields), arrays)
    }
}

/// `values` in the form of a column, or back when they do not fit it.
fn fit(form: Form, values: Values) -> Result<Values, Values> {
    if values_len(&values) != 1 && !form.multi {
        return Err(values);
    }
    let converted = match (form.scalar, &values) {
        (Scalar::Text, Values::Text(_))
        | (Scalar::Float, Values::Float(_))
        | (Scalar::Int, Values::Int(_))
        | (Scalar::UInt, Values::UInt(_))
        | (Scalar::Binary, Values::Bytes(_)) => return Ok(values),
        (Scalar::Int, Values::UInt(v)) => v
            .iter()
            .map(|&x| i64::try_from(x).ok().map(Some))
            .collect::<Option<Vec<_>>>()
            .map(Values::Int),
        (Scalar::UInt, Values::Int(v)) => v
            .iter()
            .map(|x| x.and_then(|x| u64::try_from(x).ok()))
            .collect::<Option<Vec<_>>>()
            .map(Values::UInt),
        (Scalar::Float, Values::Int(v)) => Some(Values::Float(
            v.iter().map(|x| x.map(|x| x as f64)).collect(),
        )),
        (Scalar::Float, Values::UInt(v)) => {
            Some(Values::Float(v.iter().map(|&x| Some(x as f64)).collect()))
        }
        _ => None,
    };
    converted.ok_or(values)
}

fn validity(rows: usize, present: impl Iterator<Item = usize>) -> NullBuffer {
    let mut valid = vec![false; rows];
    for row in present {
        valid[row] = true;
    }
    NullBuffer::from(valid)
}

fn text_array(rows: usize, cells: Vec<(usize, Data)>) -> ArrayRef {
    let mut out: Vec<Option<String>> = vec![None; rows];
    for (row, data) in cells {
        if let Data::Json(text) = data {
            out[row] = Some(text);
        }
    }
    Arc::new(StringArray::from(out))
}

fn scalar_type(scalar: Scalar) -> DataType {
    match scalar {
        Scalar::Int => DataType::Int64,
        Scalar::UInt => DataType::UInt64,
        Scalar::Float => DataType::Float64,
        Scalar::Text => DataType::Utf8,
        Scalar::Binary => DataType::Struct(binary_fields()),
    }
}

/// A binary value: where it lies in the file (`offset` None for a value
/// kept inline or read from a deflated dataset), its length, and its bytes
/// when it is short.
pub fn binary_fields() -> Fields {
    Fields::from(vec![
        Field::new("offset", DataType::UInt64, true),
        Field::new("length", DataType::UInt64, false),
        Field::new("value", DataType::Binary, true),
    ])
}

fn is_binary_struct(fields: &Fields) -> bool {
    *fields == binary_fields()
}

/// The values of a column's cells, each cell's in turn, as one array.
fn flat_array(scalar: Scalar, cells: &[(usize, Data)]) -> ArrayRef {
    let values = || {
        cells.iter().filter_map(|(_, d)| match d {
            Data::Values(v) => Some(v),
            _ => None,
        })
    };
    match scalar {
        Scalar::Int => {
            let mut out = Int64Builder::new();
            for v in values() {
                if let Values::Int(v) = v {
                    out.extend(v.iter().copied());
                }
            }
            Arc::new(out.finish())
        }
        Scalar::UInt => {
            let mut out = UInt64Builder::new();
            for v in values() {
                if let Values::UInt(v) = v {
                    out.append_slice(v);
                }
            }
            Arc::new(out.finish())
        }
        Scalar::Float => {
            let mut out = Float64Builder::new();
            for v in values() {
                if let Values::Float(v) = v {
                    out.extend(v.iter().copied());
                }
            }
            Arc::new(out.finish())
        }
        Scalar::Text => {
            let mut out = StringBuilder::new();
            for v in values() {
                if let Values::Text(v) = v {
                    // An empty value among several is a null, as a single empty one is.
                    for s in v {
                        out.append_option((!s.is_empty()).then_some(s.as_str()));
                    }
                }
            }
            Arc::new(out.finish())
        }
        Scalar::Binary => unreachable!("binary columns are structs"),
    }
}

fn value_array(form: Form, rows: usize, cells: Vec<(usize, Data)>) -> ArrayRef {
    if form.scalar == Scalar::Binary {
        return binary_array(rows, cells);
    }
    let nulls = validity(rows, cells.iter().map(|(row, _)| *row));
    let flat = flat_array(form.scalar, &cells);
    if !form.multi {
        // One value per cell: spread them over the rows (cells are in row order).
        return spread(&flat, rows, &cells);
    }
    let mut lengths = vec![0usize; rows];
    for (row, data) in &cells {
        if let Data::Values(v) = data {
            lengths[*row] = values_len(v);
        }
    }
    let item = Arc::new(Field::new("item", scalar_type(form.scalar), true));
    Arc::new(ListArray::new(
        item,
        OffsetBuffer::from_lengths(lengths),
        flat,
        Some(nulls),
    ))
}

fn values_len(values: &Values) -> usize {
    match values {
        Values::Text(v) => v.len(),
        Values::Float(v) => v.len(),
        Values::Int(v) => v.len(),
        Values::UInt(v) => v.len(),
        Values::Bytes(_) => 1,
    }
}

/// A row per cell's value where the cells are, nulls elsewhere.
fn spread(flat: &ArrayRef, rows: usize, cells: &[(usize, Data)]) -> ArrayRef {
    if cells.len() == rows {
        return flat.clone();
    }
    let mut indices: Vec<Option<u32>> = vec![None; rows];
    for (i, (row, _)) in cells.iter().enumerate() {
        indices[*row] = Some(i as u32);
    }
    arrow_select::take::take(flat, &UInt32Array::from(indices), None).expect("indices in range")
}

fn binary_array(rows: usize, cells: Vec<(usize, Data)>) -> ArrayRef {
    let mut offsets: Vec<Option<u64>> = vec![None; rows];
    let mut lengths = vec![0u64; rows];
    let mut bytes: Vec<Option<Vec<u8>>> = vec![None; rows];
    let present: Vec<usize> = cells.iter().map(|(row, _)| *row).collect();
    for (row, data) in cells {
        match data {
            Data::Bulk { offset, length } => {
                offsets[row] = offset;
                lengths[row] = length;
            }
            Data::Values(Values::Bytes(b)) => {
                lengths[row] = b.len() as u64;
                bytes[row] = Some(b);
            }
            _ => {}
        }
    }
    let arrays: Vec<ArrayRef> = vec![
        Arc::new(UInt64Array::from(offsets)),
        Arc::new(UInt64Array::from(lengths)),
        Arc::new(BinaryArray::from_iter(bytes)),
    ];
    Arc::new(StructArray::new(
        binary_fields(),
        arrays,
        Some(validity(rows, present.into_iter())),
    ))
}

fn sequence_array(items: &mut Columns, rows: usize, cells: Vec<(usize, Data)>) -> ArrayRef {
    let item_rows = items.rows;
    let (fields, arrays) = items.take();
    let structs: ArrayRef = if fields.is_empty() {
        // Items without attributes (so far): Parquet has no struct of no
        // fields; a later batch's items make the type a struct.
        Arc::new(NullArray::new(item_rows))
    } else {
        Arc::new(StructArray::new(fields, arrays, None))
    };
    let mut lengths = vec![0usize; rows];
    for (row, data) in &cells {
        if let Data::Items { start, end } = data {
            lengths[*row] = end - start;
        }
    }
    let nulls = validity(rows, cells.iter().map(|(row, _)| *row));
    let item = Arc::new(Field::new("item", structs.data_type().clone(), true));
    Arc::new(ListArray::new(
        item,
        OffsetBuffer::from_lengths(lengths),
        structs,
        Some(nulls),
    ))
}

/// A cell as JSON, for the unfit column: values as a value or list, bytes as
/// base64, bulk data as its place, items as objects by column.
fn cell_json(cell: &Cell) -> Json {
    match cell {
        Cell::Null | Cell::Python => Json::Null,
        Cell::Value(values) => {
            let mut list = values_json(values, None);
            if list.len() == 1 {
                list.pop().expect("one")
            } else {
                Json::Array(list)
            }
        }
        Cell::Bulk { offset, length } => json!({"offset": offset, "length": length}),
        Cell::Items(items) => Json::Array(
            items
                .iter()
                .map(|item| {
                    Json::Object(
                        item.iter()
                            .map(|a| (a.name.to_string(), cell_json(&a.cell)))
                            .collect(),
                    )
                })
                .collect(),
        ),
    }
}

/// Each value as JSON; with `vr`, as the DICOM JSON model writes it (person
/// names as their groups, tags as hex text).
fn values_json(values: &Values, vr: Option<Vr>) -> Vec<Json> {
    let float = |x: &Option<f64>| x.and_then(|x| serde_json::Number::from_f64(x).map(Json::Number));
    match values {
        Values::Text(v) if vr == Some(Vr::PN) => v.iter().map(|s| person_name_json(s)).collect(),
        Values::Text(v) => v
            .iter()
            .map(|s| if s.is_empty() { Json::Null } else { json!(s) })
            .collect(),
        Values::Float(v) => v.iter().map(|x| float(x).unwrap_or(Json::Null)).collect(),
        Values::Int(v) if vr == Some(Vr::AT) => v
            .iter()
            .map(|x| x.map_or(Json::Null, |x| json!(format!("{x:08X}"))))
            .collect(),
        Values::Int(v) => v.iter().map(|x| json!(x)).collect(),
        Values::UInt(v) => v.iter().map(|x| json!(x)).collect(),
        Values::Bytes(b) => vec![json!(base64::engine::general_purpose::STANDARD.encode(b))],
    }
}

fn person_name_json(name: &str) -> Json {
    let mut out = Map::new();
    for (group, key) in name
        .split('=')
        .zip(["Alphabetic", "Ideographic", "Phonetic"])
    {
        if !group.is_empty() {
            out.insert(key.to_owned(), json!(group));
        }
    }
    Json::Object(out)
}

/// Items in the DICOM JSON model (PS3.18 F.2): an object per item, each
/// element by its tag with its VR and values. Binary values are inline
/// base64; bulk data is not copied but named by a URI fragment giving its
/// place in the file.
pub fn items_json(items: &[Vec<Attribute>]) -> Json {
    Json::Array(
        items
            .iter()
            .map(|item| {
                let mut object = Map::new();
                for attr in item {
                    object.insert(format!("{:08X}", attr.tag), element_json(attr));
                }
                Json::Object(object)
            })
            .collect(),
    )
}

fn element_json(attr: &Attribute) -> Json {
    let vr = attr.vr.map_or("UN", Vr::as_str);
    let mut out = Map::new();
    out.insert("vr".into(), json!(vr));
    match &attr.cell {
        Cell::Null | Cell::Python => {}
        Cell::Value(Values::Bytes(b)) => {
            let text = base64::engine::general_purpose::STANDARD.encode(b);
            out.insert("InlineBinary".into(), json!(text));
        }
        Cell::Value(values) => {
            out.insert("Value".into(), Json::Array(values_json(values, attr.vr)));
        }
        Cell::Bulk { offset, length } => {
            let at = offset.map_or(String::new(), |o| format!("offset={o}&"));
            out.insert("BulkDataURI".into(), json!(format!("#{at}length={length}")));
        }
        Cell::Items(items) => {
            if let Json::Array(list) = items_json(items) {
                if !list.is_empty() {
                    out.insert("Value".into(), Json::Array(list));
                }
            }
        }
    }
    Json::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::form::form_of;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};

    fn attr(tag: u32, name: &'static str, vr: Vr, cell: Cell) -> Attribute {
        Attribute {
            tag,
            name: name.into(),
            vr: Some(vr),
            form: form_of(tag, None, Some(vr)),
            cell,
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Value(Values::Text(vec![s.to_owned()]))
    }

    #[test]
    fn rows_become_typed_columns_with_nulls_where_absent() {
        let mut columns = Columns::new(SequencesAs::Structs);
        columns.add_row(vec![
            attr(0x0008_0060, "Modality", Vr::CS, text("CT")),
            attr(
                0x0028_0010,
                "Rows",
                Vr::US,
                Cell::Value(Values::UInt(vec![512])),
            ),
        ]);
        columns.add_row(vec![attr(
            0x0028_0030,
            "PixelSpacing",
            Vr::DS,
            Cell::Value(Values::Float(vec![Some(0.5), Some(0.25)])),
        )]);
        let (fields, arrays) = columns.take();
        let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, ["Modality", "Rows", "PixelSpacing"]);
        assert_eq!(arrays[0].as_string::<i32>().value(0), "CT");
        assert!(arrays[0].is_null(1));
        assert_eq!(arrays[1].as_primitive::<Int64Type>().value(0), 512);
        let spacing = arrays[2].as_list::<i32>();
        assert!(spacing.is_null(0));
        let values = spacing.value(1);
        assert_eq!(values.as_primitive::<Float64Type>().values(), &[0.5, 0.25]);
        // Taken: the rows are gone, the columns stay for the next batch.
        assert_eq!(columns.rows(), 0);
        columns.add_row(Vec::new());
        let (fields, arrays) = columns.take();
        assert_eq!(fields.len(), 3);
        assert!(arrays.iter().all(|a| a.len() == 1 && a.is_null(0)));
    }

    #[test]
    fn values_that_do_not_fit_go_to_the_unfit_column() {
        let mut columns = Columns::new(SequencesAs::Structs);
        // Rows is one integer; two values do not fit.
        columns.add_row(vec![attr(
            0x0028_0010,
            "Rows",
            Vr::US,
            Cell::Value(Values::UInt(vec![1, 2])),
        )]);
        let (fields, arrays) = columns.take();
        let unfit = fields.iter().position(|f| f.name() == UNFIT).unwrap();
        assert_eq!(
            arrays[unfit].as_string::<i32>().value(0),
            r#"{"Rows":[1,2]}"#
        );
        let rows = fields.iter().position(|f| f.name() == "Rows").unwrap();
        assert!(arrays[rows].is_null(0));
    }

    #[test]
    fn sequences_are_lists_of_structs_or_dicom_json() {
        let item = vec![attr(0x0008_0100, "CodeValue", Vr::SH, text("T-1"))];
        let seq = || {
            let mut a = attr(
                0x0008_1032,
                "ProcedureCodeSequence",
                Vr::SQ,
                Cell::Items(vec![item.clone()]),
            );
            a.vr = Some(Vr::SQ);
            a
        };
        let mut structs = Columns::new(SequencesAs::Structs);
        structs.add_row(vec![seq()]);
        let (fields, arrays) = structs.take();
        assert_eq!(fields[0].name(), "ProcedureCodeSequence");
        let items = arrays[0].as_list::<i32>().value(0);
        let code = items.as_struct().column_by_name("CodeValue").unwrap();
        assert_eq!(code.as_string::<i32>().value(0), "T-1");

        let mut json = Columns::new(SequencesAs::Json);
        json.add_row(vec![seq()]);
        let (_, arrays) = json.take();
        assert_eq!(
            arrays[0].as_string::<i32>().value(0),
            r#"[{"00080100":{"Value":["T-1"],"vr":"SH"}}]"#
        );
    }

    #[test]
    fn a_seeded_schema_keeps_its_types() {
        let mut first = Columns::new(SequencesAs::Structs);
        first.add_row(vec![attr(0x0011_1001, "0011_X_01", Vr::LO, text("a"))]);
        let (fields, _) = first.take();
        let mut resumed = Columns::new(SequencesAs::Structs);
        resumed.seed(&fields);
        // The same private element, read from an implicit VR file as bytes.
        let mut bytes = attr(
            0x0011_1001,
            "0011_X_01",
            Vr::UN,
            Cell::Value(Values::Bytes(b"a".to_vec())),
        );
        bytes.form = form_of(0x0011_1001, None, None);
        resumed.add_row(vec![bytes]);
        let (again, arrays) = resumed.take();
        assert_eq!(again[0], fields[0]);
        assert!(arrays[0].is_null(0));
        assert!(again.iter().any(|f| f.name() == UNFIT));
    }
}
