//! JPEG sequential DCT frames with Huffman coding (ITU T.81 processes 1, 2 and
//! 4: baseline and extended, 8 or 12 bits), decoded in Rust. It exists for the
//! 12-bit frames of DICOM's JPEG Extended syntax, which the 8-bit build of
//! libjpeg-turbo cannot read; it follows libjpeg (integer IDCT, fancy
//! upsampling, no colour conversion) so it gives what libjpeg gives, which the
//! tests check on 8-bit frames against libjpeg-turbo.

use super::jpeg_huffman::{next_marker, BitReader, HuffmanTable};
use super::jpeg_idct::{inverse_dct, SampleRange};
use super::jpeg_upsample::{upsample_into, Plane};
use super::{check_size, CodecError, DecodeOptions, Decoded};

/// Where each zig-zag position of a block lies in row-major order.
const NATURAL_ORDER: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// libjpeg's limit on the blocks of one MCU.
const MAX_BLOCKS_IN_MCU: usize = 10;

fn error(message: impl std::fmt::Display) -> CodecError {
    CodecError(format!("JPEG: {message}"))
}

struct Component {
    id: u8,
    h: usize,
    v: usize,
    quant_table: usize,
    /// Samples of whole blocks: `blocks_wide * 8` per row.
    samples: Vec<u16>,
    blocks_wide: usize,
    /// The component's own size (image size scaled by its sampling factors).
    width: usize,
    height: usize,
}

struct Frame {
    precision: u8,
    width: usize,
    height: usize,
    components: Vec<Component>,
    max_h: usize,
    max_v: usize,
    mcus_wide: usize,
    mcus_high: usize,
}

#[derive(Default)]
struct Tables {
    quant: [Option<[u16; 64]>; 4],
    dc: [Option<HuffmanTable>; 4],
    ac: [Option<HuffmanTable>; 4],
    restart_interval: usize,
}

pub fn decode(src: &[u8], options: DecodeOptions) -> Result<Decoded, CodecError> {
    if src.len() < 2 || src[0] != 0xFF || src[1] != 0xD8 {
        return Err(error("no start of image marker"));
    }
    let mut tables = Tables::default();
    let mut frame: Option<Frame> = None;
    let mut scans = 0;
    let mut pos = 2;
    loop {
        let Some(at) = next_marker(src, pos) else {
            if scans > 0 {
                break; // complete scans without an end of image marker: libjpeg reads them too
            }
            return Err(error("the data ends before the first scan"));
        };
        let marker = src[at + 1];
        if marker == 0xD9 {
            break; // EOI
        }
        if (0xD0..=0xD7).contains(&marker) {
            pos = at + 2; // a stray restart marker
            continue;
        }
        let length = src
            .get(at + 2..at + 4)
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
            .filter(|&length| length >= 2)
            .ok_or_else(|| error(format!("bad marker segment at byte {at}")))?;
        let segment = src
            .get(at + 4..at + 2 + length)
            .ok_or_else(|| error(format!("the segment at byte {at} runs past the data")))?;
        pos = at + 2 + length;
        match marker {
            0xDB => quant_tables(segment, &mut tables)?,
            0xC4 => huffman_tables(segment, &mut tables)?,
            0xDD => {
                let bytes = segment.get(..2).ok_or_else(|| error("bad DRI segment"))?;
                tables.restart_interval = u16::from_be_bytes([bytes[0], bytes[1]]) as usize;
            }
            0xC0 | 0xC1 => {
                if frame.is_some() {
                    return Err(error("more than one frame header"));
                }
                frame = Some(frame_header(segment, options)?);
            }
            0xC2 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(error(format!(
                    "SOF{} frames are not supported by the sequential decoder",
                    marker - 0xC0
                )));
            }
            0xDA => {
                let frame = frame
                    .as_mut()
                    .ok_or_else(|| error("a scan before the frame header"))?;
                pos = scan(src, pos, segment, frame, &tables)?;
                scans += 1;
            }
            _ => {} // APPn, COM, DNL...: nothing this decoder needs
        }
    }
    let frame = frame.ok_or_else(|| error("no frame header"))?;
    if scans == 0 {
        return Err(error("no scan"));
    }
    Ok(assemble(frame))
}

fn quant_tables(mut segment: &[u8], tables: &mut Tables) -> Result<(), CodecError> {
    while let Some((&pq_tq, rest)) = segment.split_first() {
        let (wide, index) = (pq_tq >> 4, (pq_tq & 15) as usize);
        let size = if wide == 0 { 64 } else { 128 };
        if index > 3 || wide > 1 || rest.len() < size {
            return Err(error("bad quantization table"));
        }
        let mut table = [0u16; 64];
        for (k, &at) in NATURAL_ORDER.iter().enumerate() {
            table[at] = if wide == 0 {
                rest[k] as u16
            } else {
                u16::from_be_bytes([rest[2 * k], rest[2 * k + 1]])
            };
        }
        tables.quant[index] = Some(table);
        segment = &rest[size..];
    }
    Ok(())
}

fn huffman_tables(mut segment: &[u8], tables: &mut Tables) -> Result<(), CodecError> {
    while segment.len() >= 17 {
        let (class, index) = (segment[0] >> 4, (segment[0] & 15) as usize);
        let counts: [u8; 16] = segment[1..17].try_into().expect("16 bytes");
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        let values = segment
            .get(17..17 + total)
            .ok_or_else(|| error("bad Huffman table"))?;
        if index > 3 || class > 1 {
            return Err(error("bad Huffman table"));
        }
        let table = HuffmanTable::new(&counts, values, class == 0)?;
        if class == 0 {
            tables.dc[index] = Some(table);
        } else {
            tables.ac[index] = Some(table);
        }
        segment = &segment[17 + total..];
    }
    Ok(())
}

fn frame_header(segment: &[u8], options: DecodeOptions) -> Result<Frame, CodecError> {
    let header = segment.get(..6).ok_or_else(|| error("bad frame header"))?;
    let precision = header[0];
    let height = u16::from_be_bytes([header[1], header[2]]) as usize;
    let width = u16::from_be_bytes([header[3], header[4]]) as usize;
    let count = header[5] as usize;
    if precision != 8 && precision != 12 {
        return Err(error(format!(
            "{precision}-bit DCT frames are not supported"
        )));
    }
    if height == 0 || width == 0 {
        return Err(error(
            "frames without a height or width (DNL) are not supported",
        ));
    }
    if !(1..=4).contains(&count) || segment.len() < 6 + 3 * count {
        return Err(error("bad frame header"));
    }
    check_size("JPEG", width as u64, height as u64, count as u64, options)?;
    let specs: Vec<&[u8]> = segment[6..6 + 3 * count].chunks(3).collect();
    let factor = |spec: &[u8], shift: u8| ((spec[1] >> shift) & 15) as usize;
    if specs
        .iter()
        .any(|s| !(1..=4).contains(&factor(s, 4)) || !(1..=4).contains(&factor(s, 0)) || s[2] > 3)
    {
        return Err(error(
            "bad sampling factors or quantization table in the frame header",
        ));
    }
    let max_h = specs.iter().map(|s| factor(s, 4)).max().unwrap_or(1);
    let max_v = specs.iter().map(|s| factor(s, 0)).max().unwrap_or(1);
    let mcus_wide = width.div_ceil(8 * max_h);
    let mcus_high = height.div_ceil(8 * max_v);
    let mut components = Vec::with_capacity(count);
    for spec in specs {
        let (h, v) = (factor(spec, 4), factor(spec, 0));
        if max_h % h != 0 || max_v % v != 0 {
            return Err(error(
                "sampling factors that are not integral ratios are not supported",
            ));
        }
        let blocks_wide = mcus_wide * h;
        components.push(Component {
            id: spec[0],
            h,
            v,
            quant_table: spec[2] as usize,
            samples: vec![0; blocks_wide * 8 * mcus_high * v * 8],
            blocks_wide,
            width: (width * h).div_ceil(max_h),
            height: (height * v).div_ceil(max_v),
        });
    }
    Ok(Frame {
        precision,
        width,
        height,
        components,
        max_h,
        max_v,
        mcus_wide,
        mcus_high,
    })
}

/// One scan component: which frame component, and its tables.
struct ScanComponent<'t> {
    index: usize,
    dc: &'t HuffmanTable,
    ac: &'t HuffmanTable,
    quant: &'t [u16; 64],
}

/// Decode the scan whose header is `segment` and whose data starts at `pos`;
/// returns where its data ends.
fn scan(
    src: &[u8],
    pos: usize,
    segment: &[u8],
    frame: &mut Frame,
    tables: &Tables,
) -> Result<usize, CodecError> {
    let count = *segment.first().ok_or_else(|| error("bad scan header"))? as usize;
    if count == 0 || count > 4 || segment.len() < 1 + 2 * count {
        return Err(error("bad scan header"));
    }
    let mut members = Vec::with_capacity(count);
    for spec in segment[1..1 + 2 * count].chunks(2) {
        let index = frame
            .components
            .iter()
            .position(|c| c.id == spec[0])
            .ok_or_else(|| {
                error(format!(
                    "the scan names component {} not in the frame",
                    spec[0]
                ))
            })?;
        let (dc, ac) = ((spec[1] >> 4) as usize, (spec[1] & 15) as usize);
        let quant = frame.components[index].quant_table;
        members.push(ScanComponent {
            index,
            dc: defined(&tables.dc, dc, "DC")?,
            ac: defined(&tables.ac, ac, "AC")?,
            quant: tables.quant[quant]
                .as_ref()
                .ok_or_else(|| error(format!("quantization table {quant} is not defined")))?,
        });
    }
    let range = SampleRange::new(frame.precision);
    let mut bits = BitReader::new(src, pos);
    let mut predictions = [0i32; 4];
    let mut block = [0i16; 64];

    // MCUs: one block of the component alone, or every component's blocks.
    let (mcus_wide, mcus_high) = if count == 1 {
        let c = &frame.components[members[0].index];
        (c.width.div_ceil(8), c.height.div_ceil(8))
    } else {
        let blocks: usize = members
            .iter()
            .map(|m| frame.components[m.index].h * frame.components[m.index].v)
            .sum();
        if blocks > MAX_BLOCKS_IN_MCU {
            return Err(error("too many blocks in an MCU"));
        }
        (frame.mcus_wide, frame.mcus_high)
    };
    let interval = tables.restart_interval;
    for mcu in 0..mcus_wide * mcus_high {
        if interval > 0 && mcu > 0 && mcu % interval == 0 {
            bits.restart();
            predictions = [0; 4];
        }
        let (mx, my) = (mcu % mcus_wide, mcu / mcus_wide);
        for (slot, member) in members.iter().enumerate() {
            let component = &mut frame.components[member.index];
            let (h, v) = if count == 1 {
                (1, 1)
            } else {
                (component.h, component.v)
            };
            for by in 0..v {
                for bx in 0..h {
                    decode_block(&mut bits, member, &mut predictions[slot], &mut block);
                    let stride = component.blocks_wide * 8;
                    let offset = (my * v + by) * 8 * stride + (mx * h + bx) * 8;
                    inverse_dct(
                        &block,
                        member.quant,
                        range,
                        &mut component.samples,
                        offset,
                        stride,
                    );
                }
            }
        }
    }
    if bits.overran() {
        return Err(error(format!(
            "the scan's data ends before its last block (at byte {})",
            bits.position()
        )));
    }
    Ok(next_marker(src, bits.position()).unwrap_or(src.len()))
}

fn defined<'t>(
    set: &'t [Option<HuffmanTable>; 4],
    i: usize,
    kind: &str,
) -> Result<&'t HuffmanTable, CodecError> {
    set.get(i)
        .and_then(Option::as_ref)
        .ok_or_else(|| error(format!("{kind} Huffman table {i} is not defined")))
}

/// One block's coefficients (T.81 F.2.2), natural order, as libjpeg stores
/// them (16-bit, the DC prediction kept at full width).
fn decode_block(
    bits: &mut BitReader,
    member: &ScanComponent,
    prediction: &mut i32,
    block: &mut [i16; 64],
) {
    block.fill(0);
    let category = member.dc.decode(bits) as u32;
    *prediction = prediction.wrapping_add(bits.receive_extend(category));
    block[0] = *prediction as i16;
    let mut k = 1;
    while k < 64 {
        let symbol = member.ac.decode(bits);
        let (run, size) = ((symbol >> 4) as usize, (symbol & 15) as u32);
        if size == 0 {
            if run != 15 {
                break; // end of block
            }
            k += 16;
            continue;
        }
        k += run;
        let value = bits.receive_extend(size) as i16;
        // A run past the block's end lands on its last coefficient, as in libjpeg.
        block[NATURAL_ORDER.get(k).copied().unwrap_or(63)] = value;
        k += 1;
    }
}

/// The components upsampled to full size and interleaved.
fn assemble(frame: Frame) -> Decoded {
    let (width, height, count) = (frame.width, frame.height, frame.components.len());
    let mut samples = vec![0u16; width * height * count];
    for (index, component) in frame.components.iter().enumerate() {
        let plane = Plane {
            samples: &component.samples,
            stride: component.blocks_wide * 8,
            width: component.width,
            height: component.height,
        };
        let factors = (frame.max_h / component.h, frame.max_v / component.v);
        upsample_into(&plane, factors, &mut samples, (width, height, count, index));
    }
    let (data, bytes_per_sample) = if frame.precision == 8 {
        (samples.iter().map(|&s| s as u8).collect(), 1)
    } else {
        (samples.iter().flat_map(|s| s.to_ne_bytes()).collect(), 2)
    };
    Decoded {
        data,
        width: width as u32,
        height: height as u32,
        components: count as u32,
        bytes_per_sample,
        precision: frame.precision,
        signed: false,
        rgb: false,
    }
}
