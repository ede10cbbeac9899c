"""How close a question is in meaning to a duty, for questions that share no word with it.

"who maintains the switches behind our vpc" says none of the words of VPC's duties, so word
overlap finds nothing and the engine used to fall back to the service card. A static word-vector
table (all-MiniLM-L6-v2, distilled by model2vec into one 128-number vector per word piece; see
`data/meaning/README.md`) puts "switches" near "network infrastructure". A text's vector is the
mean of its word pieces' vectors, as model2vec computes it.

The table is read on first use only, so a question that word overlap answers never pays for it
(numpy, the tokenizer and 7.5 MB of vectors take about 0.2 s to load).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported on first use only
    import numpy as np

DATA = Path(__file__).resolve().parent / "data" / "meaning"
# A question is bounded before it reaches the engine; word pieces past this add nothing.
MAX_PIECES = 256


@cache
def _table() -> tuple[object, np.ndarray, int | None]:
    import numpy as np
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(DATA / "tokenizer.json"))
    # "[UNK]" stands for any piece the vocabulary lacks: it says nothing (model2vec drops it too).
    unknown = tokenizer.token_to_id("[UNK]")
    # Kept as stored (float16, 7.5 MB); only the rows a text uses are widened.
    vectors = np.load(DATA / "vectors.npy", allow_pickle=False)
    return tokenizer, vectors, unknown


@lru_cache(maxsize=4096)
def vector(text: str) -> np.ndarray | None:
    """The text's unit vector, or None when none of its word pieces is in the table."""
    import numpy as np

    tokenizer, vectors, unknown = _table()
    pieces = tokenizer.encode(text[: MAX_PIECES * 8], add_special_tokens=False).ids  # type: ignore[attr-defined]
    ids = [i for i in pieces[:MAX_PIECES] if i != unknown]
    if not ids:
        return None
    mean = vectors[ids].astype(np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None


def closeness(question: str, texts: list[str]) -> list[float]:
    """Cosine closeness of the question to each text (0 where either has no vector)."""
    q = vector(question)
    out = []
    for text in texts:
        t = vector(text)
        out.append(float(q @ t) if q is not None and t is not None else 0.0)
    return out
