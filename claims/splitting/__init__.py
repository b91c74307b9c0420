"""Article-to-claims splitting, free of Django so it can be tested and benchmarked alone.

Public surface:

- :func:`split_document` turns raw bytes or text (plain text or HTML) into a
  :class:`SplitResult`;
- :class:`Splitter` holds the loaded models (build one per worker process and reuse it);
- :class:`InputError` is raised for input that cannot become text (binary, too large).
"""

from .errors import InputError
from .pipeline import Splitter, default_splitter, split_document
from .types import ClaimCandidate, Document, Sentence, SplitResult

__all__ = [
    "ClaimCandidate",
    "Document",
    "InputError",
    "Sentence",
    "SplitResult",
    "Splitter",
    "default_splitter",
    "split_document",
]
