//! JSON text as a tree that borrows its strings from the text, in document
//! order, as `json.loads` would see it. serde_json does the parsing; this type
//! only decides what is kept: no per-key hashing, no copy of unescaped strings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One JSON value. Objects keep document order; a repeated key keeps its
/// first place and its last value, as a Python dict does.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// An integer literal that fits an i64.
    Int(i64),
    /// An integer literal above i64::MAX that fits a u64.
    UInt(u64),
    /// A literal with a fraction or exponent.
    Float(f64),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

pub type Object<'a> = [(Cow<'a, str>, Json<'a>)];

/// The parsed text, or None for anything Python's `json.loads` must judge:
/// malformed text, NaN and Infinity, lone surrogates, deep nesting, and integer
/// literals too big for 64 bits (serde_json turns those into floats).
pub fn parse(text: &[u8]) -> Option<Json<'_>> {
    serde_json::from_slice::<Json<'_>>(text).ok()
}

/// The value under `key` in an object.
pub fn get<'o, 'a>(object: &'o Object<'a>, key: &str) -> Option<&'o Json<'a>> {
    object.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A string borrowed from the text when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(s.to_owned())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Text(Cow::Owned(s)))
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

/// Floats at or beyond this magnitude with no fraction may have been integer
/// literals that overflowed 64 bits; Python keeps those as ints.
const AMBIGUOUS_FLOAT: f64 = 9_223_372_036_854_775_808.0;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Self::Value, E> {
        Ok(Json::Int(i))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Self::Value, E> {
        Ok(match i64::try_from(u) {
            Ok(i) => Json::Int(i),
            Err(_) => Json::UInt(u),
        })
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Self::Value, E> {
        if x.abs() >= AMBIGUOUS_FLOAT && x.fract() == 0.0 {
            return Err(E::custom("an integer literal may have overflowed"));
        }
        Ok(Json::Float(x))
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s.to_owned())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element()? {
            values.push(v);
        }
        Ok(Json::Array(values))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, Json<'de>)> = Vec::new();
        while let Some(Text(key)) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Json::Object(without_repeats(entries)))
    }
}

/// Entries with each key once, as a dict built from them holds them. Keys
/// written in increasing order (as `to_json` writes them) need no lookup.
fn without_repeats<'a>(entries: Vec<(Cow<'a, str>, Json<'a>)>) -> Vec<(Cow<'a, str>, Json<'a>)> {
    if entries.windows(2).all(|w| w[0].0 < w[1].0) {
        return entries;
    }
    let mut first_place: HashMap<Cow<'a, str>, usize> = HashMap::with_capacity(entries.len());
    let mut kept: Vec<(Cow<'a, str>, Json<'a>)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        match first_place.get(&key) {
            Some(&at) => kept[at].1 = value,
            None => {
                first_place.insert(key.clone(), kept.len());
                kept.push((key, value));
            }
        }
    }
    kept
}
