//! Reading a DICOM file from disk for stage 1, reading no more than the options
//! need: the whole file; only the header (`stop_before_pixels`); or everything but
//! the values `defer_size` leaves for later.

use std::fs::File;
use std::path::Path;

use crate::error::Error;
use crate::index::ValueRef;
use crate::parse::{self, ParseWarning, ParsedFile, ReadOptions};

/// A failure reading a file: the I/O, or the data.
#[derive(Debug)]
pub enum ReadFileError {
    Io(std::io::Error),
    Parse(Error),
}

/// The bytes read (zero where a deferred value was skipped), their parse, and the
/// file's modification time as Python's `os.stat().st_mtime` gives it.
pub struct FileRead {
    pub data: Vec<u8>,
    pub parsed: ParsedFile,
    pub mtime: Option<f64>,
}

/// Deferred values shorter than this may be read along with their neighbours (as
/// a buffered reader would); longer ones are skipped.
const MIN_SKIP: u64 = 64 * 1024;
/// Each skip re-parses what was read so far; past this many, read the rest whole
/// so that the work stays linear in the file size.
const MAX_SKIPS: usize = 64;

pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<FileRead, ReadFileError> {
    let (mut file, size, mtime) = open(path)?;
    read_opened(&mut file, size, mtime, opts)
}

/// A file read whole, or (see `split`) up to its pixel data, with the file still
/// open to read that.
pub enum Parts {
    Whole(FileRead),
    Apart {
        header: split::HeaderRead,
        file: File,
        mtime: Option<f64>,
    },
}

/// `read_file`, leaving large pixel data for the caller to read (see `split`).
pub fn read_file_parts(path: &Path, opts: &ReadOptions) -> Result<Parts, ReadFileError> {
    let (mut file, size, mtime) = open(path)?;
    if let Some(header) = split::read_header_apart(&mut file, size, opts)? {
        return Ok(Parts::Apart {
            header,
            file,
            mtime,
        });
    }
    read_opened(&mut file, size, mtime, opts).map(Parts::Whole)
}

/// The open file, its size and its modification time as Python's
/// `os.stat().st_mtime` gives it.
pub(crate) fn open(path: &Path) -> Result<(File, u64, Option<f64>), ReadFileError> {
    let file = File::open(path).map_err(ReadFileError::Io)?;
    let meta = file.metadata().map_err(ReadFileError::Io)?;
    let mtime = meta.modified().ok().and_then(|t| {
        let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(d.as_secs() as f64 + d.subsec_nanos() as f64 * 1e-9)
    });
    Ok((file, meta.len(), mtime))
}

pub(crate) fn read_opened(
    file: &mut File,
    size: u64,
    mtime: Option<f64>,
    opts: &ReadOptions,
) -> Result<FileRead, ReadFileError> {
    let (data, parsed) = if opts.defer_size.is_some() {
        read_sparse(file, size, opts)?
    } else if opts.stop_before_pixels {
        read_header(file, size, opts)?
    } else {
        let data = read_whole(file, size)?;
        let parsed = parse::parse_file(&data, opts).map_err(ReadFileError::Parse)?;
        (data, parsed)
    };
    Ok(FileRead {
        data,
        parsed,
        mtime,
    })
}

/// The whole file (`size` as measured; less if it shrank since), from the start.
fn read_whole(file: &mut File, size: u64) -> Result<Vec<u8>, ReadFileError> {
    read_new(file, usize::try_from(size).map_err(too_big)?, 0).map_err(ReadFileError::Io)
}

/// `len` bytes of the file from offset `at` in a new buffer (fewer at its end),
/// which is not zeroed first: zeroing would pass every byte through the cache
/// once more, for a small file as long as reading it.
fn read_new(file: &mut File, len: usize, at: u64) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    data.try_reserve_exact(len)
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
    // SAFETY: the reserved capacity is valid for `len` bytes, and only the
    // `filled` bytes written by the read are made part of the vector.
    unsafe {
        let filled = fill_raw(file, data.as_mut_ptr(), len, at)?;
        data.set_len(filled);
    }
    Ok(data)
}

/// Fill `len` bytes at `dest` from the file's offset `at`; returns how many were
/// filled (fewer when the file ends first).
///
/// # Safety
/// `dest` must be valid for writes of `len` bytes. They need not be initialised:
/// on Unix they are written by `pread` without being read first.
unsafe fn fill_raw(file: &mut File, dest: *mut u8, len: usize, at: u64) -> std::io::Result<usize> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let mut done = 0usize;
        while done < len {
            let Ok(from) = libc::off_t::try_from(at + done as u64) else {
                break;
            };
            // SAFETY: the caller vouches for `dest..dest + len`.
            let n =
                unsafe { libc::pread(file.as_raw_fd(), dest.add(done).cast(), len - done, from) };
            match n {
                0 => break,
                n if n > 0 => done += n as usize,
                _ => {
                    let e = std::io::Error::last_os_error();
                    if e.kind() != std::io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
        Ok(done)
    }
    #[cfg(not(unix))]
    {
        // SAFETY: the caller vouches for `dest..dest + len`; zeroed, it is a slice.
        let buf = unsafe {
            std::ptr::write_bytes(dest, 0, len);
            std::slice::from_raw_parts_mut(dest, len)
        };
        file.seek(SeekFrom::Start(at))?;
        let mut done = 0;
        while done < len {
            match file.read(&mut buf[done..]) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
}

fn too_big(_: std::num::TryFromIntError) -> ReadFileError {
    ReadFileError::Io(std::io::Error::other("file too large for this platform"))
}

/// Fill `buf` from the file's offset `at`; fewer bytes when the file ends first
/// (it shrank since it was measured).
fn fill(file: &mut File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    // SAFETY: a slice is valid for writes of its length.
    unsafe { fill_raw(file, buf.as_mut_ptr(), buf.len(), at) }
}

/// The header only: a growing prefix until it parses to a stop inside it (pydicom,
/// too, reads only up to the pixel data).
fn read_header(
    file: &mut File,
    size: u64,
    opts: &ReadOptions,
) -> Result<(Vec<u8>, ParsedFile), ReadFileError> {
    // Most headers end within a few KiB; a longer one costs a read or two more.
    let mut want: u64 = 16 * 1024;
    loop {
        let data = read_new(file, want.min(size) as usize, 0).map_err(ReadFileError::Io)?;
        let whole = (data.len() as u64) < want;
        match parse::parse_file(&data, opts) {
            Ok(parsed) if whole || stopped_inside(&parsed, data.len()) => {
                return Ok((data, parsed))
            }
            Err(e) if whole => return Err(ReadFileError::Parse(e)),
            _ => want = want.saturating_mul(8),
        }
    }
}

/// With `stop_before_pixels`: the parse ended before the end of what was read, so
/// reading more would not change it.
fn stopped_inside(parsed: &ParsedFile, read: usize) -> bool {
    parsed.inflated.is_none()
        && parsed.dataset_end < read
        && !parsed.warnings.contains(&ParseWarning::MissingDelimiter)
}

/// With `defer_size`: read in growing steps, and when what was read so far ends
/// inside a long deferred value, continue after that value instead of reading it.
/// The buffer is allocated zeroed (calloc), so pages of skipped values are never
/// touched and take no memory.
fn read_sparse(
    file: &mut File,
    size: u64,
    opts: &ReadOptions,
) -> Result<(Vec<u8>, ParsedFile), ReadFileError> {
    let mut data = vec![0u8; usize::try_from(size).map_err(too_big)?];
    let mut frontier = 0usize; // everything before it is read, or skipped
    let mut step = MIN_SKIP as usize;
    let mut skips = 0;
    loop {
        let target = frontier.saturating_add(step).min(data.len());
        let filled =
            fill(file, &mut data[frontier..target], frontier as u64).map_err(ReadFileError::Io)?;
        if frontier + filled < target {
            data.truncate(frontier + filled); // the file shrank
        }
        frontier += filled;
        let whole = frontier == data.len();
        match parse::parse_file(&data[..frontier], opts) {
            Ok(parsed) if whole => return Ok((data, parsed)),
            Err(e) if whole => return Err(ReadFileError::Parse(e)),
            Ok(parsed) if opts.stop_before_pixels && stopped_inside(&parsed, frontier) => {
                data.truncate(frontier);
                return Ok((data, parsed));
            }
            Ok(parsed) => match deferred_past(&parsed, frontier) {
                Some(end) if skips < MAX_SKIPS => {
                    frontier = end.min(data.len() as u64) as usize;
                    skips += 1;
                    step = MIN_SKIP as usize;
                }
                _ => step = step.saturating_mul(8),
            },
            Err(_) => step = step.saturating_mul(8),
        }
    }
}

/// Where a top-level deferred value that runs past `read` ends, when at least
/// `MIN_SKIP` of it is still unread.
fn deferred_past(parsed: &ParsedFile, read: usize) -> Option<u64> {
    if parsed.inflated.is_some() {
        return None;
    }
    parsed
        .dataset
        .elements
        .iter()
        .filter_map(|e| match e.value {
            ValueRef::Deferred { start } if e.length != u32::MAX => Some(start + e.length as u64),
            _ => None,
        })
        .filter(|&end| end >= read as u64 + MIN_SKIP)
        .max()
}

pub mod pixel_layout;
pub mod split;
#[cfg(test)]
mod split_tests;
#[cfg(test)]
mod tests;
