"""Article-to-claims splitting, free of Django so it can be tested and benchmarked alone.

Public surface (nothing outside this package imports its modules):

- :class:`Splitter` holds the loaded models (build one per worker process and reuse it,
  :func:`default_splitter`); its ``split`` is the one entry point: raw bytes or text
  (plain text or HTML) to a :class:`SplitResult` (extracted text, claims), bounded by
  :class:`SplitLimits`;
- :func:`decode_text` reads bytes as text the way the splitter does, normalised;
- :func:`extract` gives a document's main text and metadata (title, author, date,
  canonical URL) without splitting it: feed ingestion de-duplicates on these first;
- :class:`InputError` is raised for input that cannot become text (binary, too large).
"""

from .errors import InputError
from .extract import decode_text, extract
from .pipeline import Splitter, default_splitter
from .types import ClaimCandidate, Document, Sentence, SplitLimits, SplitResult

__all__ = [
    "ClaimCandidate",
    "Document",
    "InputError",
    "Sentence",
    "SplitLimits",
    "SplitResult",
    "Splitter",
    "decode_text",
    "default_splitter",
    "extract",
]
