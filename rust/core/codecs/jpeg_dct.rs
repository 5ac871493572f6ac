//! JPEG baseline and extended 8-bit DCT frames (ITU T.81 processes 1 and 2,
//! Huffman, sequential or progressive) by libjpeg-turbo, with its "fancy"
//! upsampling and no colour conversion: the components as coded, which is what
//! pydicom's pylibjpeg plugin returns (within 1 for lossy data).

use mozjpeg_sys::*;

use super::{check_size, jpeg_idct_simd, CodecError, DecodeOptions, Decoded};

/// Raised (as a panic payload, without the panic hook's message) by libjpeg's
/// error handler, which must not return.
struct LibjpegError(String);

unsafe extern "C-unwind" fn error_exit(cinfo: &mut jpeg_common_struct) {
    let mut buffer = [0u8; 80]; // JMSG_LENGTH_MAX in this binding
    let message = match (*cinfo.err).format_message {
        Some(format) => {
            // The binding types the output buffer as shared; libjpeg writes it.
            #[allow(clippy::unnecessary_mut_passed)]
            format(cinfo, &mut buffer);
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            String::from_utf8_lossy(&buffer[..end]).into_owned()
        }
        None => "libjpeg error".into(),
    };
    std::panic::resume_unwind(Box::new(LibjpegError(message)));
}

/// Warnings about corrupt data are not printed (pydicom's plugin is silent too).
unsafe extern "C-unwind" fn quiet(_: &mut jpeg_common_struct) {}

/// Destroys the decompressor however decoding ends (also while unwinding).
struct Session(jpeg_decompress_struct);

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: created by jpeg_CreateDecompress, destroyed once.
        unsafe { jpeg_destroy_decompress(&mut self.0) }
    }
}

pub fn decode(src: &[u8], options: DecodeOptions) -> Result<Decoded, CodecError> {
    decode_with(src, options, Idct::Fastest)
}

/// Which inverse DCT decodes the blocks: ours with AVX2 where the CPU has it, or
/// libjpeg's C function (for tests: the two must agree).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idct {
    Fastest,
    #[cfg_attr(not(test), allow(dead_code))]
    LibjpegC,
}

pub fn decode_with(src: &[u8], options: DecodeOptions, idct: Idct) -> Result<Decoded, CodecError> {
    match std::panic::catch_unwind(|| decode_unchecked(src, options, idct)) {
        Ok(decoded) => decoded,
        Err(payload) => Err(match payload.downcast::<LibjpegError>() {
            Ok(e) => CodecError(format!("JPEG: {}", e.0)),
            Err(_) => CodecError("JPEG: the decoder failed".into()),
        }),
    }
}

fn decode_unchecked(src: &[u8], options: DecodeOptions, idct: Idct) -> Result<Decoded, CodecError> {
    // SAFETY: the error manager outlives the session (declared first, dropped
    // last); libjpeg reads `src` within its length; every row written lies in
    // `out`, which holds output_height rows of the row size libjpeg reports.
    unsafe {
        let mut err: jpeg_error_mgr = std::mem::zeroed();
        jpeg_std_error(&mut err);
        err.error_exit = Some(error_exit);
        err.output_message = Some(quiet);
        let mut session = Session(std::mem::zeroed());
        let cinfo = &mut session.0;
        cinfo.common.err = &mut err;
        jpeg_CreateDecompress(
            cinfo,
            JPEG_LIB_VERSION,
            std::mem::size_of::<jpeg_decompress_struct>(),
        );
        jpeg_mem_src(cinfo, src.as_ptr(), src.len() as _);
        jpeg_read_header(cinfo, 1);
        check_size(
            "JPEG",
            cinfo.image_width as u64,
            cinfo.image_height as u64,
            cinfo.num_components.max(0) as u64,
            options,
        )?;
        // The components as coded: YCbCr stays YCbCr (pydicom converts it),
        // unless RGB is asked for and libjpeg can give it.
        let rgb = options.ycbcr_to_rgb && cinfo.jpeg_color_space == J_COLOR_SPACE::JCS_YCbCr;
        cinfo.out_color_space = if rgb {
            J_COLOR_SPACE::JCS_RGB
        } else {
            cinfo.jpeg_color_space
        };
        cinfo.do_fancy_upsampling = 1;
        jpeg_start_decompress(cinfo);
        if idct == Idct::Fastest {
            jpeg_idct_simd::install(cinfo);
        }
        let width = cinfo.output_width as usize;
        let height = cinfo.output_height as usize;
        let components = cinfo.output_components as usize;
        let stride = width * components;
        let mut data = vec![0u8; stride * height];
        // Every row's place at once: libjpeg then hands out whole groups of rows
        // (an iMCU row) per call instead of one.
        let mut rows: Vec<*mut u8> = (0..height)
            .map(|y| data.as_mut_ptr().add(y * stride))
            .collect();
        while (cinfo.output_scanline as usize) < height {
            let done = cinfo.output_scanline as usize;
            let read =
                jpeg_read_scanlines(cinfo, rows.as_mut_ptr().add(done), (height - done) as u32);
            if read == 0 {
                break; // suspended: the data ended (not with a memory source)
            }
        }
        jpeg_finish_decompress(cinfo);
        Ok(Decoded {
            data,
            width: width as u32,
            height: height as u32,
            components: components as u32,
            bytes_per_sample: 1,
            precision: 8, // other precisions are refused before decoding
            signed: false,
            rgb,
        })
    }
}
