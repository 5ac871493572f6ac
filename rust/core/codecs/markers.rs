//! What pydicom reads from a JPEG or JPEG-LS frame's markers before decoding it
//! (`_get_jpg_parameters`): precision, component IDs, JFIF APP markers, and the
//! JPEG-LS interleave mode.

/// Parameters from the markers up to the first scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JpegParameters {
    /// The start-of-frame marker's second byte (0xC3: lossless, 0xF7: JPEG-LS).
    pub frame_marker: Option<u8>,
    pub precision: Option<u8>,
    pub component_ids: Vec<u8>,
    /// An APP0 segment starting "JFIF".
    pub jfif: bool,
    /// JPEG-LS: the first scan's interleave mode (0 none, 1 line, 2 sample).
    pub interleave_mode: Option<u8>,
}

const SOI: u8 = 0xD8;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;

/// Read the markers of `src`; whatever is missing or cut short is left out.
pub fn jpeg_parameters(src: &[u8]) -> JpegParameters {
    let mut found = JpegParameters::default();
    if src.len() < 2 || src[0] != 0xFF || src[1] != SOI {
        return found;
    }
    let mut pos = 2;
    while pos + 4 <= src.len() {
        if src[pos] != 0xFF {
            break;
        }
        let marker = src[pos + 1];
        if marker == 0xFF {
            pos += 1; // fill byte
            continue;
        }
        let length = u16::from_be_bytes([src[pos + 2], src[pos + 3]]) as usize;
        let Some(segment) = src.get(pos + 4..pos + 2 + length) else {
            break;
        };
        match marker {
            // SOF0-SOF15 (not DHT, JPG, DAC) and JPEG-LS SOF55.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                found.frame_marker = Some(marker);
                frame_header(segment, &mut found);
            }
            0xF7 => {
                found.frame_marker = Some(marker);
                frame_header(segment, &mut found);
            }
            APP0 if segment.starts_with(b"JFIF") => found.jfif = true,
            SOS => {
                // Ns, then (Cs, Tm) per component, then NEAR and ILV (JPEG-LS).
                if let Some(&count) = segment.first() {
                    found.interleave_mode = segment.get(1 + 2 * count as usize + 1).copied();
                }
                break;
            }
            _ => {}
        }
        pos += 2 + length;
    }
    found
}

fn frame_header(segment: &[u8], found: &mut JpegParameters) {
    // P, Y (2), X (2), Nf, then (C, H/V, Tq) per component.
    let Some(&precision) = segment.first() else {
        return;
    };
    found.precision = Some(precision);
    let count = segment.get(5).copied().unwrap_or(0) as usize;
    found.component_ids = (0..count)
        .filter_map(|i| segment.get(6 + 3 * i).copied())
        .collect();
}
