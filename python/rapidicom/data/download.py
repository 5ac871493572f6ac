"""The download cache of pydicom's test files (``~/.pydicom/data``), the index
of what can be downloaded (``urls.json``) and their SHA-256 sums
(``hashes.json``), as pydicom's ``data.download``."""

import functools
import hashlib
import json
import os
import pathlib
import urllib.error
import urllib.request
from typing import cast

from rapidicom.data import retry
from rapidicom.data._locations import data_root
from rapidicom.misc import warn_and_log

try:
    import requests

    HAVE_REQUESTS = True
except ImportError:
    HAVE_REQUESTS = False

try:
    import tqdm

    USE_PROGRESS_BAR = True
except ImportError:
    USE_PROGRESS_BAR = False

# The folder of urls.json and hashes.json: pydicom's when it is installed, else ours.
HERE = data_root()

_SIMULATE_NETWORK_OUTAGE = False  # for tests of the failure paths


def calculate_file_hash(fpath: pathlib.Path) -> str:
    """The SHA-256 hex digest of the file at `fpath`."""
    digest = hashlib.sha256()
    with open(fpath, "rb") as f:
        for block in iter(lambda: f.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()


def get_config_dir() -> pathlib.Path:
    """``~/.pydicom``, made if needed (shared with pydicom: the same cache)."""
    folder = pathlib.Path.home() / ".pydicom"
    folder.mkdir(exist_ok=True)
    return folder


def get_data_dir() -> pathlib.Path:
    """``~/.pydicom/data``, the download cache, made if needed."""
    folder = get_config_dir() / "data"
    folder.mkdir(exist_ok=True)
    return folder


@retry.retry(
    (urllib.error.HTTPError, urllib.error.URLError),
    exc_msg="Installing the `requests` package may help",
)
def download_with_progress(url: str, fpath: pathlib.Path) -> None:
    """Download `url` into `fpath` (with a progress bar when tqdm is installed)."""
    name = url.split("/")[-1]
    if HAVE_REQUESTS:
        response = requests.get(url, stream=USE_PROGRESS_BAR)
        with open(fpath, "wb") as f:
            if not USE_PROGRESS_BAR:
                f.write(response.content)
                return
            size = int(response.headers.get("content-length", 0))
            chunks = response.iter_content(chunk_size=4096)
            for chunk in tqdm.tqdm(chunks, total=size, unit="B", unit_scale=True, miniters=1, desc=name):
                f.write(chunk)
        return
    if not USE_PROGRESS_BAR:
        urllib.request.urlretrieve(url, os.fspath(fpath))
        return
    with tqdm.tqdm(unit="B", unit_scale=True, miniters=1, desc=name) as bar:

        def report(blocks: int = 1, block_size: int = 1, total: int | None = None) -> None:
            if total is not None:
                bar.total = total
            bar.update(blocks * block_size - bar.n)

        urllib.request.urlretrieve(url, os.fspath(fpath), reporthook=report)


@functools.lru_cache
def get_url_map() -> dict[str, str]:
    """``{file name: URL}`` of the files that can be downloaded."""
    with open(HERE / "urls.json") as f:
        return cast(dict[str, str], json.load(f))


def get_url(filename: str) -> str:
    """The URL of `filename` (case-insensitive, as file names are on Windows)."""
    urls = {name.lower(): url for name, url in get_url_map().items()}
    try:
        return urls[filename.lower()]
    except KeyError:
        raise ValueError("The file provided isn't within pydicom's urls.json record.") from None


class NoHashFound(KeyError):
    """The file is not in ``hashes.json``."""


def get_cached_filehash(filename: str) -> str:
    """The recorded SHA-256 of `filename` (case-insensitive)."""
    with open(HERE / "hashes.json") as f:
        hashes = {name.lower(): digest for name, digest in json.load(f).items()}
    try:
        return cast(str, hashes[filename.lower()])
    except KeyError:
        raise NoHashFound from None


def data_file_hash_check(filename: str) -> bool:
    """Whether the cached `filename` has its recorded SHA-256. A file with no
    record gets one (with a warning) and ``NoHashFound`` is raised."""
    filename = os.fspath(filename)
    calculated = calculate_file_hash(get_data_dir().joinpath(filename))
    try:
        recorded = get_cached_filehash(filename)
    except NoHashFound:
        warn_and_log("Hash not found in hashes.json. File will be updated.")
        with open(HERE / "hashes.json") as f:
            hashes = json.load(f)
        hashes[filename] = calculated
        with open(HERE / "hashes.json", "w") as f:
            json.dump(hashes, f, indent=2, sort_keys=True)
        raise
    return recorded == calculated


def data_path_with_download(
    filename: str,
    check_hash: bool = True,
    redownload_on_hash_mismatch: bool = True,
    url: str | None = None,
    quiet: bool = True,
) -> pathlib.Path:
    """The path of `filename` in the cache, downloaded first if it is not there
    (or, with `check_hash`, if it has no recorded hash); a file whose hash
    differs is downloaded again once, then ``ValueError``."""
    if _SIMULATE_NETWORK_OUTAGE:
        raise RuntimeError("No network!")
    path = get_data_dir().joinpath(filename)
    if check_hash and path.exists():
        try:
            get_cached_filehash(filename)
        except NoHashFound:
            path.unlink()
    if not path.exists():
        download_with_progress(url or get_url(filename), path)
    if check_hash:
        try:
            agrees = data_file_hash_check(filename)
        except NoHashFound:
            return path.resolve()
        if not agrees:
            if not redownload_on_hash_mismatch:
                raise ValueError("The file on disk does not match the recorded hash.")
            path.unlink()
            return data_path_with_download(filename, redownload_on_hash_mismatch=False)
    return path.resolve()
