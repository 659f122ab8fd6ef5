"""The operator's video in German Sign Language (DGS) and its captions: what an upload must
be (type by content, not only by name; size), where the files are stored, and the video the
public page shows."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

VIDEO_MAX_MEGABYTES = 250  # docs/deployment.md gives nginx the same limit for the upload
CAPTIONS_MAX_KILOBYTES = 512
# What each video type starts with: MP4's "ftyp" box after its 4-byte length; WebM's EBML
# header.
VIDEO_SIGNATURES = {
    ".mp4": lambda head: head[4:8] == b"ftyp",
    ".webm": lambda head: head[:4] == b"\x1a\x45\xdf\xa3",
}
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}


def stored_name(folder: str, filename: str) -> str:
    """A random name keeping the extension: an unpublished file cannot be guessed."""
    return f"{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def video_path(instance, filename: str) -> str:
    return stored_name("gebaerdensprache", filename)


def captions_path(instance, filename: str) -> str:
    return stored_name("gebaerdensprache", filename)


def head_of(file, length: int) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def validate_video(file) -> None:
    suffix = PurePath(file.name).suffix.lower()
    if suffix not in VIDEO_SIGNATURES:
        raise ValidationError(_("Upload the video as an MP4 or WebM file."), code="video_type")
    if file.size > VIDEO_MAX_MEGABYTES * 1024 * 1024:
        raise ValidationError(
            _("The video is larger than %(limit)s MB. Please save it smaller (e.g. 720p).")
            % {"limit": VIDEO_MAX_MEGABYTES},
            code="video_size",
        )
    if not VIDEO_SIGNATURES[suffix](head_of(file, 12)):
        raise ValidationError(
            _("The file is not a video of the type its name says (%(type)s).")
            % {"type": suffix[1:].upper()},
            code="video_content",
        )


def validate_captions(file) -> None:
    if PurePath(file.name).suffix.lower() != ".vtt":
        raise ValidationError(
            _("Upload the captions as a WebVTT file (.vtt)."), code="captions_type"
        )
    if file.size > CAPTIONS_MAX_KILOBYTES * 1024:
        raise ValidationError(
            _("The captions file is larger than %(limit)s KB.") % {"limit": CAPTIONS_MAX_KILOBYTES},
            code="captions_size",
        )
    head = head_of(file, CAPTIONS_MAX_KILOBYTES * 1024)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The captions file is not saved as UTF-8 text."), code="captions_encoding"
        ) from None
    # A WebVTT file starts with "WEBVTT", alone or followed by a space or tab, and has at
    # least one cue ("00:00.000 --> 00:04.000").
    first_line = text.splitlines()[0] if text else ""
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            _("The captions file does not start with “WEBVTT”: it is no WebVTT file."),
            code="captions_content",
        )
    if "-->" not in text:
        raise ValidationError(
            _("The captions file holds no caption with a time (“00:00.000 --> 00:04.000”)."),
            code="captions_empty",
        )
