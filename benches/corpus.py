"""Benchmark inputs, generated once into a temporary folder (nothing is committed).

Made with pydicom's writer from pydicom's own CT_small.dcm header, so that both
libraries read the same bytes.
"""

import io
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

ROOT = Path(tempfile.gettempdir()) / "rapidicom-bench-corpus"


def _fresh(name: str) -> Path:
    path = ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def ct_small() -> str:
    return get_testdata_file("CT_small.dcm")


def ct_512() -> Path:
    """CT_small's header with 512x512 int16 pixels."""
    path = _fresh("ct_512.dcm")
    if not path.exists():
        ds = pydicom.dcmread(ct_small())
        ds.Rows = ds.Columns = 512
        ds.PixelData = (np.arange(512 * 512, dtype=np.int16) % 2000).tobytes()
        ds.save_as(path)
    return path


def big_sequence(items: int = 20_000) -> Path:
    """A header whose sequence has `items` items, all of undefined length."""
    path = _fresh(f"sequence_{items}.dcm")
    if not path.exists():
        ds = pydicom.dcmread(ct_small(), stop_before_pixels=True)
        seq = []
        for i in range(items):
            item = Dataset()
            item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
            item.ReferencedSOPInstanceUID = f"1.2.826.0.1.3680043.8.498.{i + 1}"
            item.ReferencedFrameNumber = str(i % 100 + 1)
            item.is_undefined_length_sequence_item = True
            seq.append(item)
        ds.ReferencedImageSequence = Sequence(seq)
        ds.ReferencedImageSequence.is_undefined_length = True
        ds["ReferencedImageSequence"].is_undefined_length = True
        ds.save_as(path)
    return path


def ct_folder(count: int = 2000) -> list[Path]:
    """`count` CT files (CT_small, each with its own instance UID)."""
    folder = ROOT / f"ct_{count}"
    files = sorted(folder.glob("*.dcm"))
    if len(files) == count:
        return files
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    template = pydicom.dcmread(ct_small())
    for i in range(count):
        template.SOPInstanceUID = f"1.2.826.0.1.3680043.8.498.99.{i + 1}"
        template.file_meta.MediaStorageSOPInstanceUID = template.SOPInstanceUID
        template.save_as(folder / f"ct_{i:05d}.dcm")
    return sorted(folder.glob("*.dcm"))


# The 15 keywords the batch cases take from each file.
KEYWORDS = [
    "PatientID", "PatientName", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
    "Modality", "StudyDate", "SeriesNumber", "InstanceNumber", "SliceThickness",
    "PixelSpacing", "ImagePositionPatient", "Rows", "Columns", "RescaleIntercept",
]  # fmt: skip


def multiframe(frames: int = 50, size: int = 256) -> Path:
    """CT_small's header with `frames` frames of size x size int16 pixels."""
    path = _fresh(f"multiframe_{frames}x{size}.dcm")
    if not path.exists():
        ds = pydicom.dcmread(ct_small())
        ds.Rows = ds.Columns = size
        ds.NumberOfFrames = frames
        ramp = np.arange(frames * size * size, dtype=np.int64)
        ds.PixelData = ((ramp // 7) % 3000).astype(np.int16).tobytes()
        ds.save_as(path)
    return path


def rle(source: Path) -> Path:
    """`source` compressed to RLE Lossless (by pydicom's own encoder)."""
    path = _fresh(f"{source.stem}_rle.dcm")
    if not path.exists():
        ds = pydicom.dcmread(source)
        ds.compress(pydicom.uid.RLELossless, encoding_plugin="pydicom")
        ds.save_as(path)
    return path


def compressed(source: Path, syntax: str, **options) -> Path:
    """`source` compressed to `syntax` by pydicom's encoders (pyjpegls for
    JPEG-LS, pylibjpeg-openjpeg for JPEG 2000), with its `options` (lossy ones)."""
    tag = "".join(f"_{k}{v}" for k, v in sorted(options.items())).replace("[", "").replace("]", "")
    path = _fresh(f"{source.stem}_{syntax.replace('.', '_')}{tag}.dcm")
    if not path.exists():
        ds = pydicom.dcmread(source)
        ds.compress(syntax, **options)
        ds.save_as(path)
    return path


def htj2k(source: Path, lossless: bool = True) -> Path:
    """`source`'s frames as High-Throughput JPEG 2000, written by OpenJPH through
    imagecodecs (no pydicom plugin encodes HTJ2K)."""
    import imagecodecs

    syntax = pydicom.uid.HTJ2KLossless if lossless else pydicom.uid.HTJ2K
    path = _fresh(f"{source.stem}_{syntax.replace('.', '_')}.dcm")
    if not path.exists():
        ds = pydicom.dcmread(source)
        arr = ds.pixel_array
        frames = arr if ds.get("NumberOfFrames", 1) > 1 else arr[None]
        options = {} if lossless else {"reversible": False, "level": 40}
        ds.PixelData = pydicom.encaps.encapsulate([imagecodecs.htj2k_encode(f, **options) for f in frames])
        ds["PixelData"].VR = "OB"
        ds.file_meta.TransferSyntaxUID = syntax
        ds.save_as(path)
    return path


def jpeg_baseline(frames: int = 1, size: int = 512, colour: bool = False) -> Path:
    """8-bit JPEG baseline frames written by Pillow (libjpeg-turbo), grey or
    YBR_FULL_422 colour, in CT_small's header."""
    from PIL import Image

    kind = "rgb" if colour else "grey"
    path = _fresh(f"jpeg50_{kind}_{frames}x{size}.dcm")
    if not path.exists():
        ds = pydicom.dcmread(ct_small())
        y, x = np.mgrid[0:size, 0:size]
        encoded = []
        for i in range(frames):
            grey = ((x * 3 + y * 5 + i * 7) % 256).astype(np.uint8)
            arr = np.stack([grey, grey[::-1], grey.T], axis=-1) if colour else grey
            out = io.BytesIO()
            Image.fromarray(arr).save(out, "JPEG", quality=90)
            encoded.append(out.getvalue())
        ds.file_meta.TransferSyntaxUID = pydicom.uid.JPEGBaseline8Bit
        ds.Rows = ds.Columns = size
        ds.NumberOfFrames = frames
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit, ds.PixelRepresentation = 7, 0
        ds.SamplesPerPixel = 3 if colour else 1
        ds.PhotometricInterpretation = "YBR_FULL_422" if colour else "MONOCHROME2"
        if colour:
            ds.PlanarConfiguration = 0
        ds.PixelData = pydicom.encaps.encapsulate(encoded)
        ds["PixelData"].VR = "OB"
        ds.save_as(path)
    return path


def jpeg_written(kind: str, frames: int = 1, size: int = 512) -> Path:
    """JPEG Lossless SV1 ("lossless") or process 14 with predictor 6
    ("process14"), both 16-bit, or JPEG Extended 12-bit ("extended") frames,
    which no library writes from Python, by the tests' JPEG writer: a smooth
    image with noise, one frame encoded and repeated `frames` times, in CT_small's
    header."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "compat"))
    from jpeg_writer import Layout, encode, encode_lossless

    path = _fresh(f"jpeg_{kind}_{frames}x{size}.dcm")
    if not path.exists():
        bits = 12 if kind == "extended" else 16
        rng = np.random.default_rng(0)
        y, x = np.mgrid[0:size, 0:size]
        smooth = (np.sin(x / 9.0) + np.cos(y / 13.0)) * 0.25 + 0.5
        arr = np.clip(smooth * (2**bits - 1) * 0.8 + rng.normal(0, 2 ** (bits - 8), smooth.shape), 0, 2**bits - 1)
        arr = arr.astype(np.uint16)
        frame, syntax = {
            "lossless": lambda: (encode_lossless(arr, bits, 1), pydicom.uid.JPEGLosslessSV1),
            "process14": lambda: (encode_lossless(arr, bits, 6), pydicom.uid.JPEGLossless),
            "extended": lambda: (encode(arr, Layout(precision=12, quality=90)), pydicom.uid.JPEGExtended12Bit),
        }[kind]()
        ds = pydicom.dcmread(ct_small())
        ds.file_meta.TransferSyntaxUID = syntax
        ds.Rows = ds.Columns = size
        ds.NumberOfFrames = frames
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, 0
        ds.PixelData = pydicom.encaps.encapsulate([frame] * frames)
        ds["PixelData"].VR = "OB"
        ds.save_as(path)
    return path


def rle_folder(files: list[Path]) -> list[Path]:
    """`files` compressed to RLE Lossless (by pydicom's encoder), in a folder
    of their own."""
    folder = ROOT / f"{files[0].parent.name}_rle"
    done = sorted(folder.glob("*.dcm"))
    if len(done) == len(files):
        return done
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for f in files:
        ds = pydicom.dcmread(f)
        ds.compress(pydicom.uid.RLELossless, encoding_plugin="pydicom")
        ds.save_as(folder / f.name)
    return sorted(folder.glob("*.dcm"))


def file_set(patients: int = 10, studies: int = 10, series: int = 10, images: int = 9) -> Path:
    """A File-set of PATIENT/STUDY/SERIES/IMAGE records (10,110 with the defaults)
    over small instances made from CT_small's header. Written by rapidicom's
    FileSet (pydicom's takes ten minutes for this many); both libraries read it
    and the tests hold rapidicom's DICOMDIRs to pydicom's."""
    root = _fresh(f"fileset_{patients}_{studies}_{series}_{images}")
    dicomdir = root / "DICOMDIR"
    if dicomdir.exists():
        return dicomdir
    import rapidicom
    from rapidicom.fileset import FileSet
    from rapidicom.uid import generate_uid

    base = rapidicom.dcmread(ct_small(), stop_before_pixels=True)
    fs = FileSet()
    for p in range(patients):
        for s in range(studies):
            study_uid = generate_uid()
            for e in range(series):
                series_uid = generate_uid()
                for i in range(images):
                    ds = base.copy()
                    ds.file_meta = base.file_meta.copy()
                    ds.PatientID, ds.PatientName = f"PAT{p:04d}", f"Patient^{p}"
                    ds.StudyInstanceUID, ds.StudyID, ds.StudyDescription = study_uid, str(s), f"Study {s}"
                    ds.SeriesInstanceUID, ds.SeriesNumber = series_uid, e
                    ds.Modality = ("CT", "MR", "PT")[e % 3]
                    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
                    ds.InstanceNumber = i + 1
                    fs.add(ds)
    fs.write(root)
    return dicomdir


def mixed_folder(count: int = 2000) -> list[Path]:
    """`count` files of an archive's mix (CT, MR, enhanced MR plain and RLE,
    RT structure sets, plans and doses, SR with nested content, private
    blocks), written by pydicom with tools/make_header_corpus.py."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from make_header_corpus import write_corpus

    return write_corpus(ROOT / f"mixed_{count}", count)
