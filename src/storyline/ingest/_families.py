"""Report families: near-duplicates and syndicated wire copies linked as one report.

MinHash LSH (datasketch) over word shingles finds candidate copies in sub-linear
time; each candidate's estimated Jaccard similarity then decides. Two articles
that name the same wire service in their credits need less overlap (an outlet
that edits or trims a wire story is still carrying one report).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from itertools import islice

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..model import Article, normalize_for_hash

_WORD = re.compile(r"\w+")


class ReportFamilies:
    """Assigns each article to a report family: the id of the first article of that family.

    Parameters
    ----------
    threshold : estimated Jaccard similarity of word shingles at or above which two
        articles are copies of one report.
    credit_threshold : the lower similarity that suffices when both articles share a credit
        (same wire service).
    num_perm : MinHash permutations (precision of the similarity estimate).
    shingle_size : words per shingle.
    seed : MinHash seed (fixed: the same input always gives the same families).
    """

    def __init__(
        self,
        threshold: float = 0.5,
        credit_threshold: float = 0.3,
        num_perm: int = 128,
        shingle_size: int = 5,
        seed: int = 1,
    ) -> None:
        if not 0 < credit_threshold <= threshold <= 1:
            raise ValueError("need 0 < credit_threshold <= threshold <= 1")
        self.threshold = threshold
        self.credit_threshold = credit_threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        # LSH only proposes candidates (each is verified by its estimated Jaccard), so it is tuned
        # for recall: a missed candidate is a copy counted as an independent report.
        self._lsh = MinHashLSH(threshold=credit_threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self._signatures: dict[str, LeanMinHash] = {}
        self._families: dict[str, str] = {}
        self._credits: dict[str, frozenset[str]] = {}
        self._arrival: dict[str, int] = {}  # ties between equally similar candidates go to the earliest
        self._saved = 0  # the first `_saved` signatures (in arrival order) are in a saved state already

    def __len__(self) -> int:
        return len(self._families)

    def family_of(self, article_id: str) -> str | None:
        """The family of an article already assigned, else None."""
        return self._families.get(article_id)

    def assign(self, article: Article) -> str:
        """Family id of ``article``; the first article of a family names it. Idempotent per article id."""
        if article.id in self._families:
            return self._families[article.id]
        signature = self._signature(article.text)
        credits = frozenset(c.casefold() for c in article.credits)
        match = self._best_match(signature, credits)
        family = self._families[match] if match else article.id
        self._add(article.id, family, signature, credits)
        return family

    def _best_match(self, signature: MinHash, credits: frozenset[str]) -> str | None:
        best, best_score = None, 0.0
        for candidate in sorted(self._lsh.query(signature), key=self._arrival.__getitem__):
            score = signature.jaccard(self._signatures[candidate])
            needed = self.credit_threshold if credits & self._credits[candidate] else self.threshold
            if score >= needed and score > best_score:
                best, best_score = candidate, score
        return best

    def _add(self, article_id: str, family: str, signature: MinHash, credits: frozenset[str]) -> None:
        # Kept as LeanMinHash: the hash values without the permutations each MinHash carries (2 KB an article).
        signature = signature if isinstance(signature, LeanMinHash) else LeanMinHash(signature)
        self._lsh.insert(article_id, signature)
        self._signatures[article_id] = signature
        self._families[article_id] = family
        self._credits[article_id] = credits
        self._arrival[article_id] = len(self._arrival)

    def _signature(self, text: str) -> MinHash:
        words = _WORD.findall(normalize_for_hash(text))
        size = self.shingle_size
        shingles = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
        signature = MinHash(num_perm=self.num_perm, seed=self.seed)
        signature.update_batch([s.encode("utf-8") for s in shingles if s])
        return signature

    # ------------------------------------------------------------------ persistence

    def to_bytes(self) -> bytes:
        """Serialise (NumPy .npz, no pickle) for ``store.put_state``."""
        self._saved = len(self._signatures)
        return self._serialised(list(self._signatures))

    def unsaved_bytes(self) -> bytes | None:
        """The articles added since the last ``to_bytes`` / ``unsaved_bytes`` (or since loading), in the
        format of ``to_bytes``: a part for ``from_parts`` (None: nothing new). The state grows with every
        article ever seen; saving only what is new keeps the cost of a save flat."""
        if self._saved == len(self._signatures):
            return None
        new = list(islice(self._signatures, self._saved, None))
        self._saved = len(self._signatures)
        return self._serialised(new)

    def _serialised(self, ids: list[str]) -> bytes:
        params = {k: getattr(self, k) for k in ("threshold", "credit_threshold", "num_perm", "shingle_size", "seed")}
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            params=np.array(json.dumps(params)),
            scheme=np.array(MinHash(num_perm=1, seed=self.seed).scheme),
            ids=np.array(ids, dtype=str),
            families=np.array([self._families[i] for i in ids], dtype=str),
            credits=np.array(json.dumps([sorted(self._credits[i]) for i in ids])),
            hashvalues=np.array([self._signatures[i].hashvalues for i in ids], dtype=np.uint64).reshape(
                len(ids), self.num_perm
            ),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ReportFamilies:
        """Rebuild from ``to_bytes`` output (the LSH index is rebuilt from the stored signatures)."""
        return cls.from_parts([data])

    @classmethod
    def from_parts(cls, parts: Sequence[bytes]) -> ReportFamilies:
        """Rebuild from a ``to_bytes`` output followed by ``unsaved_bytes`` outputs, in the order they were made
        (no parts: a new ReportFamilies with the default parameters)."""
        families = None
        for data in parts:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                if families is None:  # not `or`: an empty ReportFamilies is falsy (len 0)
                    families = cls(**json.loads(str(arrays["params"])))
                credits = json.loads(str(arrays["credits"]))
                scheme = str(arrays["scheme"])
                # Each arrays[name] reads (and decompresses) the whole array again: read each once.
                ids, family_ids, hashvalues = arrays["ids"].tolist(), arrays["families"].tolist(), arrays["hashvalues"]
            for article_id, family, values, credit in zip(ids, family_ids, hashvalues, credits, strict=True):
                signature = LeanMinHash(seed=families.seed, hashvalues=values, scheme=scheme)
                families._add(article_id, family, signature, frozenset(credit))
        if families is None:
            return cls()
        families._saved = len(families._signatures)
        return families
