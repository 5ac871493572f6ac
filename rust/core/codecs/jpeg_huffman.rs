//! Huffman-coded entropy data of a JPEG scan (ITU T.81 F.2.2): the bit reader,
//! which undoes byte stuffing and stops at markers, and the decoding tables.
//!
//! Corrupt data is met as libjpeg meets it: past a marker or the end of the
//! data the reader supplies zero bits, and a code that is in no table decodes
//! as symbol 0. Neither can loop: every block reads a bounded number of codes.

use super::CodecError;

/// Bits of a code looked up in one step; longer codes take the slow path.
const LOOKAHEAD: u32 = 9;

/// A Huffman table (DHT), ready for decoding.
#[derive(Debug, Clone)]
pub struct HuffmanTable {
    /// Largest code of each length (index 1-16), -1 when there is none.
    max_code: [i32; 18],
    /// Added to a code of each length to index `values`.
    value_offset: [i32; 17],
    values: Vec<u8>,
    /// For each `LOOKAHEAD`-bit prefix: code length (0: longer) and symbol.
    fast: Vec<(u8, u8)>,
}

impl HuffmanTable {
    /// `counts[l]`: codes of length l + 1; `values`: the symbols in code order.
    /// DC tables may only hold categories 0-15 (libjpeg's check).
    pub fn new(counts: &[u8; 16], values: &[u8], dc: bool) -> Result<Self, CodecError> {
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        if total > 256 || total > values.len() {
            return Err(CodecError("JPEG: bad Huffman table".into()));
        }
        if dc && values[..total].iter().any(|&v| v > 15) {
            return Err(CodecError(
                "JPEG: bad Huffman table (DC category above 15)".into(),
            ));
        }
        let mut max_code = [-1i32; 18];
        let mut value_offset = [0i32; 17];
        let mut fast = vec![(0u8, 0u8); 1 << LOOKAHEAD];
        let mut code: i32 = 0;
        let mut index: i32 = 0;
        for length in 1..=16usize {
            let count = counts[length - 1] as i32;
            // The codes of one length must fit in it (T.81 C.2).
            if code + count > (1 << length) {
                return Err(CodecError("JPEG: bad Huffman table".into()));
            }
            if count > 0 {
                value_offset[length] = index - code;
                for k in 0..count {
                    let this = code + k;
                    if length as u32 <= LOOKAHEAD {
                        // Every prefix that starts with this code.
                        let shift = LOOKAHEAD - length as u32;
                        let first = (this as usize) << shift;
                        let symbol = values[(index + k) as usize];
                        for entry in &mut fast[first..first + (1 << shift)] {
                            *entry = (length as u8, symbol);
                        }
                    }
                }
                code += count;
                index += count;
                max_code[length] = code - 1;
            }
            code <<= 1;
        }
        max_code[17] = i32::MAX;
        Ok(HuffmanTable {
            max_code,
            value_offset,
            values: values[..total].to_vec(),
            fast,
        })
    }

    /// The next symbol from `bits`.
    pub fn decode(&self, bits: &mut BitReader) -> u8 {
        let peek = bits.peek(16);
        let (length, symbol) = self.fast[(peek >> (16 - LOOKAHEAD)) as usize];
        if length > 0 {
            bits.consume(length as u32);
            return symbol;
        }
        for length in LOOKAHEAD as usize + 1..=16 {
            let code = (peek >> (16 - length)) as i32;
            if code <= self.max_code[length] {
                bits.consume(length as u32);
                let at = (code + self.value_offset[length]) as usize;
                return self.values.get(at).copied().unwrap_or(0);
            }
        }
        bits.consume(16);
        0
    }
}

/// Reads the entropy-coded bytes of a scan, most significant bit first.
pub struct BitReader<'a> {
    data: &'a [u8],
    /// The next byte to read; never past a marker.
    pos: usize,
    buffer: u64,
    available: u32,
    at_marker: bool,
    /// Zero bits added to `buffer` past a marker or the end of the data.
    padding: u32,
    /// Some of those were decoded: the scan's data ended early.
    overran: bool,
}

impl<'a> BitReader<'a> {
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        BitReader {
            data,
            pos,
            buffer: 0,
            available: 0,
            at_marker: false,
            padding: 0,
            overran: false,
        }
    }

    /// Whether decoding went past the scan's data (a truncated or corrupt scan).
    pub fn overran(&self) -> bool {
        self.overran || self.padding > self.available
    }

    /// Where the next marker or unread byte is.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn fill(&mut self) {
        while self.available <= 56 {
            let byte = self.next_byte().unwrap_or_else(|| {
                self.padding += 8;
                0
            });
            self.buffer |= (byte as u64) << (56 - self.available);
            self.available += 8;
        }
    }

    fn next_byte(&mut self) -> Option<u8> {
        if self.at_marker {
            return None;
        }
        match self.data.get(self.pos) {
            None => {
                self.at_marker = true;
                None
            }
            Some(0xFF) => {
                // 0xFF 0x00 is a stuffed 0xFF (fill bytes may come before the 0x00).
                let mut next = self.pos + 1;
                while self.data.get(next) == Some(&0xFF) {
                    next += 1;
                }
                if self.data.get(next) == Some(&0x00) {
                    self.pos = next + 1;
                    Some(0xFF)
                } else {
                    self.at_marker = true;
                    None
                }
            }
            Some(&byte) => {
                self.pos += 1;
                Some(byte)
            }
        }
    }

    /// The next `count` (1-16) bits, not consumed.
    pub fn peek(&mut self, count: u32) -> u32 {
        if self.available < count {
            self.fill();
        }
        (self.buffer >> (64 - count)) as u32
    }

    pub fn consume(&mut self, count: u32) {
        self.buffer <<= count;
        self.available -= count;
    }

    /// `count` (0-16) bits as a signed value of that category (T.81 F.2.2.1).
    pub fn receive_extend(&mut self, count: u32) -> i32 {
        if count == 0 {
            return 0;
        }
        let value = self.peek(count) as i32;
        self.consume(count);
        if value < 1 << (count - 1) {
            value - (1 << count) + 1
        } else {
            value
        }
    }

    /// At a restart interval's end: drop the bits left in the byte, step over
    /// the RSTn marker if it is the next marker, and start afresh. Another marker
    /// is left in place (the rest of the scan then decodes from zero bits).
    pub fn restart(&mut self) {
        self.overran = self.overran();
        self.padding = 0;
        self.buffer = 0;
        self.available = 0;
        self.at_marker = false;
        if let Some(at) = next_marker(self.data, self.pos) {
            if (0xD0..=0xD7).contains(&self.data[at + 1]) {
                self.pos = at + 2;
            } else {
                self.pos = at;
                self.at_marker = true;
            }
        } else {
            self.pos = self.data.len();
        }
    }
}

/// The offset of the first marker (0xFF then neither 0x00 nor 0xFF) at or
/// after `from`.
pub fn next_marker(data: &[u8], from: usize) -> Option<usize> {
    let mut pos = from;
    while pos + 1 < data.len() {
        if data[pos] == 0xFF && data[pos + 1] != 0x00 && data[pos + 1] != 0xFF {
            return Some(pos);
        }
        pos += 1;
    }
    None
}
