"""12-bit JPEG Extended (process 4) frames, made by the test writer
(`jpeg_writer`), decode as pydicom + pylibjpeg-libjpeg decodes them.

Deliberate deviation: for subsampled colour, pylibjpeg-libjpeg's 12-bit
upsampling differs from IJG libjpeg's: by up to ~30 at some chroma columns for
horizontal factors of 2 (its 8-bit path agrees with libjpeg there), and it
interpolates 4:1:1 chroma that libjpeg replicates. rapidicom follows IJG
libjpeg: DCMTK's dcmdjpeg gives the same samples (checked by hand, DCMTK is not
a test dependency), and `cargo test` checks the shared code exactly against
libjpeg-turbo on 8-bit frames. So chroma is compared loosely here."""

import io

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import JPEGExtended12Bit

import rapidicom

from .jpeg_writer import Layout, encode

pytest.importorskip("libjpeg")


def _image(rows, columns, samples, seed):
    """Smooth waves with noise, within 12 bits."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:columns]
    base = (np.sin(x / 5.0) + np.cos(y / 7.0)) * 0.25 + 0.5
    arr = np.stack([base * 4095 * (0.6 + 0.2 * k) for k in range(samples)], -1)
    arr += rng.normal(0, 40, arr.shape)
    return np.clip(arr, 0, 4095).astype(np.uint16)


def _file(frames, samples, shape):
    rows, columns = shape
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = JPEGExtended12Bit
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, columns, samples
    ds.PhotometricInterpretation = "YBR_FULL" if samples == 3 else "MONOCHROME2"
    if samples == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.NumberOfFrames = len(frames)
    ds.PixelData = encapsulate(frames)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


GREY = {
    "plain": (Layout(), (40, 37)),
    "restarts-q100": (Layout(quality=100, restart_interval=3), (40, 37)),
    "every-mcu-restarts": (Layout(quality=30, restart_interval=1), (17, 64)),
    "one-pixel": (Layout(), (1, 1)),
}

# Layout, and the largest and mean chroma difference from pylibjpeg-libjpeg.
COLOUR = {
    "444": (Layout(sampling=((1, 1), (1, 1), (1, 1))), 1, 1),
    "422-restarts": (Layout(sampling=((2, 1), (1, 1), (1, 1)), restart_interval=2), 40, 3),
    "420": (Layout(sampling=((2, 2), (1, 1), (1, 1))), 40, 3),
    "440-separate-scans": (Layout(sampling=((1, 2), (1, 1), (1, 1)), separate_scans=True), 4, 1),
    # Replicated here, interpolated there: the whole chroma ramp differs.
    "411-separate-scans-restarts": (
        Layout(sampling=((4, 1), (1, 1), (1, 1)), separate_scans=True, restart_interval=1),
        400,
        100,
    ),
}


def _both(data, reference_plugin="", **options):
    ours, theirs = rapidicom.dcmread(io.BytesIO(data)), pydicom.dcmread(io.BytesIO(data))
    ours.pixel_array_options(**options)
    theirs.pixel_array_options(decoding_plugin=reference_plugin, **options)
    return ours.pixel_array, theirs.pixel_array


@pytest.mark.parametrize("frames", [1, 3])
@pytest.mark.parametrize("name", GREY)
def test_grey_frames_decode_within_1_of_pydicom_and_near_the_source(name, frames):
    layout, shape = GREY[name]
    sources = [_image(*shape, 1, seed)[..., 0] for seed in range(frames)]
    data = _file([encode(s, layout) for s in sources], 1, shape)
    ours, theirs = _both(data)
    assert ours.dtype == theirs.dtype == np.uint16 and ours.shape == theirs.shape
    assert np.abs(ours.astype(int) - theirs).max() <= 1
    # The writer's quantization is all that separates the frames from the source.
    error = np.abs(ours.astype(int).reshape(-1) - np.stack(sources).astype(int).reshape(-1)).mean()
    assert error < (1 if layout.quality == 100 else 40)


@pytest.mark.parametrize("name", COLOUR)
def test_colour_frames_decode_as_pydicom_decodes_them(name):
    layout, largest, mean = COLOUR[name]
    source = _image(35, 29, 3, 7)
    data = _file([encode(source, layout)], 3, source.shape[:2])
    ours, theirs = _both(data, raw=True)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape == (35, 29, 3)
    difference = np.abs(ours.astype(int) - theirs)
    assert difference[..., 0].max() <= 1  # full resolution: no upsampling involved
    assert difference[..., 1:].max() <= largest
    assert difference[..., 1:].mean() <= mean
    # pydicom's YBR -> RGB conversion is for 8-bit data: both refuse alike.
    with pytest.raises(ValueError) as theirs_raised:
        _ = pydicom.dcmread(io.BytesIO(data)).pixel_array
    with pytest.raises(ValueError) as ours_raised:
        _ = rapidicom.dcmread(io.BytesIO(data)).pixel_array
    assert str(ours_raised.value) == str(theirs_raised.value)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_12_bit_frames_raise_a_clear_error(cut):
    # Our decoder refuses a truncated frame. (By default the next plugins are
    # then tried, as pydicom tries its plugins; libjpeg fills a truncated frame in.)
    frame = encode(_image(40, 37, 1, 3)[..., 0], Layout())
    data = _file([frame[: int(len(frame) * cut)]], 1, (40, 37))
    ds = rapidicom.dcmread(io.BytesIO(data))
    with pytest.raises(RuntimeError, match="(?s)Unable to decode.*rapidicom: .*JPEG: .*"):
        rapidicom.pixels.pixel_array(ds, decoding_plugin="rapidicom")


def test_8_bit_frames_from_the_writer_agree_with_libjpeg_turbo_and_pydicom():
    # The writer's own check: its 8-bit frames decode (by libjpeg-turbo) as
    # pydicom decodes them, so the 12-bit frames it writes are sound JPEG too.
    # The reference is named, not left to pydicom's plugin order: its Pillow
    # plugin is libjpeg-turbo, as ours is (Pillow is pinned in
    # tests/constraints.txt); pylibjpeg-libjpeg's IJG libjpeg rounds the
    # chroma upsampling differently by up to 2.
    pytest.importorskip("PIL")
    source = _image(35, 29, 3, 11) >> 4
    frame = encode(source.astype(np.uint8), Layout(precision=8, sampling=((2, 2), (1, 1), (1, 1)), restart_interval=2))
    ds = pydicom.dcmread(io.BytesIO(_file([frame], 3, source.shape[:2])))
    ds.file_meta.TransferSyntaxUID = pydicom.uid.JPEGBaseline8Bit
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    ours, theirs = _both(out.getvalue(), "pillow", raw=True)
    assert np.abs(ours.astype(int) - theirs).max() <= 1
