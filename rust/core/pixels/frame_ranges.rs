//! Which fragments of encapsulated pixel data make each frame, by pydicom's rules
//! (`generate_frames`): the Extended Offset Table, else the Basic Offset Table,
//! else one fragment per frame when the counts agree, else all fragments for a
//! single frame, else JPEG EOI markers at the ends of fragments.

use super::fragments::Fragment;
use super::{fail, Result};

/// Frame boundaries found, and what pydicom would warn about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frames {
    /// Each frame's fragments as (offset, length), in the coordinates the
    /// fragments were given in.
    pub frames: Vec<Vec<(u64, u64)>>,
    pub warning: Option<&'static str>,
}

const NO_EOI_AT_END: &str = "The end of the encapsulated pixel data has been reached but no JPEG \
     EOI/EOC marker was found, the final frame may be be invalid";
const FEWER_FRAMES: &str = "The end of the encapsulated pixel data has been reached but fewer \
     frames than expected have been found. Please confirm that the generated frame data is correct";
const FEWER_FRAMES_AT_EOI: &str = "The end of the encapsulated pixel data has been reached but \
     fewer frames than expected have been found";

/// The frames of encapsulated pixel data whose Basic Offset Table holds
/// `offsets` and whose fragment items are `fragments`; `ends_with_eoi` tells
/// whether a fragment's last bytes hold a JPEG EOI marker (asked only when the
/// boundaries depend on it). `number_of_frames` is the dataset's, if any.
pub fn frame_ranges(
    offsets: &[u32],
    fragments: &[Fragment],
    number_of_frames: Option<u32>,
    mut ends_with_eoi: impl FnMut(&Fragment) -> bool,
) -> Result<Frames> {
    let range = |f: &Fragment| (f.start as u64, f.len as u64);
    let done = |frames| {
        Ok(Frames {
            frames,
            warning: None,
        })
    };
    if !offsets.is_empty() {
        let mut frames: Vec<Vec<(u64, u64)>> = vec![Vec::new()];
        let mut position: u64 = 0;
        for f in fragments {
            let next = offsets.get(frames.len()).map(|&o| u64::from(o));
            if next.is_some_and(|next| position >= next) {
                frames.push(Vec::new());
            }
            frames.last_mut().expect("one frame").push(range(f));
            position += f.len as u64 + 8;
        }
        return done(frames);
    }
    if fragments.len() == 1 {
        return done(vec![vec![range(&fragments[0])]]);
    }
    let Some(count) = number_of_frames.filter(|&n| n > 0) else {
        return fail(
            "Unable to determine the frame boundaries for the encapsulated pixel data as there \
             is no Basic or Extended Offset Table and the number of frames has not been supplied",
        );
    };
    let count = count as usize;
    if fragments.len() == count {
        return done(fragments.iter().map(|f| vec![range(f)]).collect());
    }
    if count == 1 {
        return done(vec![fragments.iter().map(range).collect()]);
    }
    if fragments.len() < count {
        return fail(
            "Unable to generate frames from the encapsulated pixel data as there are fewer \
             fragments than frames; the dataset may be corrupt or the number of frames may be \
             incorrect",
        );
    }
    let mut frames = Vec::new();
    let mut frame = Vec::new();
    for f in fragments {
        frame.push(range(f));
        if ends_with_eoi(f) {
            frames.push(std::mem::take(&mut frame));
        }
    }
    let warning = if !frame.is_empty() {
        let warning = if frames.len() >= count {
            NO_EOI_AT_END
        } else {
            FEWER_FRAMES
        };
        frames.push(frame);
        Some(warning)
    } else {
        (frames.len() < count).then_some(FEWER_FRAMES_AT_EOI)
    };
    Ok(Frames { frames, warning })
}

/// pydicom's EOI test: the marker within the last 10 bytes of the fragment.
pub fn tail_has_eoi(tail: &[u8]) -> bool {
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// The tail `tail_has_eoi` looks at: (offset, length) of a fragment's last
/// bytes.
pub fn eoi_window(f: &Fragment) -> (u64, usize) {
    let len = f.len.min(10);
    ((f.start + f.len - len) as u64, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(start: usize, len: usize) -> Fragment {
        Fragment {
            item: start - 8,
            start,
            len,
        }
    }

    #[test]
    fn the_basic_offset_table_splits_frames() {
        // Three fragments of 10 bytes (18 with their headers); frames at 0 and 36.
        let fragments = [frag(16, 10), frag(34, 10), frag(52, 10)];
        let found = frame_ranges(&[0, 36], &fragments, Some(2), |_| false).unwrap();
        assert_eq!(found.frames, vec![vec![(16, 10), (34, 10)], vec![(52, 10)]]);
        assert_eq!(found.warning, None);
    }

    #[test]
    fn without_a_table_the_counts_decide() {
        let fragments = [frag(16, 4), frag(28, 4)];
        let each = frame_ranges(&[], &fragments, Some(2), |_| false).unwrap();
        assert_eq!(each.frames, vec![vec![(16, 4)], vec![(28, 4)]]);
        let one = frame_ranges(&[], &fragments, Some(1), |_| false).unwrap();
        assert_eq!(one.frames, vec![vec![(16, 4), (28, 4)]]);
        assert!(frame_ranges(&[], &fragments, None, |_| false).is_err());
        assert!(frame_ranges(&[], &fragments, Some(3), |_| false).is_err());
        // A single fragment is a single frame, whatever the count.
        let single = frame_ranges(&[], &fragments[..1], None, |_| false).unwrap();
        assert_eq!(single.frames, vec![vec![(16, 4)]]);
    }

    #[test]
    fn eoi_markers_end_frames() {
        let fragments = [frag(16, 4), frag(28, 4), frag(40, 4), frag(52, 4)];
        let eoi_after = |ends: &'static [usize]| move |f: &Fragment| ends.contains(&f.start);
        let found = frame_ranges(&[], &fragments, Some(2), eoi_after(&[28, 52])).unwrap();
        assert_eq!(
            found.frames,
            vec![vec![(16, 4), (28, 4)], vec![(40, 4), (52, 4)]]
        );
        assert_eq!(found.warning, None);
        let missing_last = frame_ranges(&[], &fragments, Some(2), eoi_after(&[28, 40])).unwrap();
        assert_eq!(missing_last.frames.len(), 3);
        assert_eq!(missing_last.warning, Some(NO_EOI_AT_END));
        let too_few = frame_ranges(&[], &fragments, Some(3), eoi_after(&[28])).unwrap();
        assert_eq!(too_few.warning, Some(FEWER_FRAMES));
        assert!(tail_has_eoi(&[0, 0xFF, 0xD9, 0]));
        assert!(!tail_has_eoi(&[0xFF, 0, 0xD9]));
        assert_eq!(eoi_window(&frag(100, 40)), (130, 10));
        assert_eq!(eoi_window(&frag(100, 3)), (100, 3));
    }
}
