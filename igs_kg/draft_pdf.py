"""A draft as PDF: the Word draft converted by LibreOffice (`soffice --headless --convert-to pdf`),
the same program the tests use to render drafts for review. LibreOffice is a system program, not a
Python dependency, so a PDF is offered on the command line only (a converter per HTTP request would
let a cheap client hold the service); without it, one line says what to install."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import IgsError

TIMEOUT = 180  # seconds; a first start of LibreOffice takes some


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    program = soffice()
    if program is None:
        raise IgsError("--format pdf needs LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui); "
                       "or write --format docx and print that")
    with tempfile.TemporaryDirectory(prefix="igs-kg-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "draft.docx").write_bytes(docx)
        try:
            # a profile of its own: a LibreOffice the user has open is neither used nor disturbed
            subprocess.run([program, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                            "--outdir", str(folder), str(folder / "draft.docx")],
                           check=True, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise IgsError(f"LibreOffice did not convert the draft to PDF within {TIMEOUT} s") from None
        except (subprocess.CalledProcessError, OSError) as exc:
            raise IgsError(f"LibreOffice could not convert the draft to PDF: {exc}") from None
        pdf = folder / "draft.pdf"
        if not pdf.is_file():
            raise IgsError("LibreOffice wrote no PDF for the draft")
        return pdf.read_bytes()
