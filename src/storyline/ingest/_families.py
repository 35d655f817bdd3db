"""Report families: near-duplicates and syndicated wire copies linked as one report.

MinHash LSH (datasketch) over word shingles finds candidate copies in sub-linear
time; each candidate's estimated Jaccard similarity then decides. Two articles
that name the same wire service in their credits need less overlap (an outlet
that edits or trims a wire story is still carrying one report). Copies are looked for among
the most recent ``max_articles`` articles: memory and the saved state stay bounded on an
endless stream (syndication happens within hours or days, not months).
"""

from __future__ import annotations

import io
import json
import re
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..model import Article, normalize_for_hash

_WORD = re.compile(r"\w+")
DEFAULT_MAX_ARTICLES = 50_000  # about 350 MB held; hours of CC-NEWS, weeks of a few dozen feeds


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
    max_articles : copies are looked for among this many most recent articles (arrival order); older
        ones are forgotten (their family stays in the store). Each held article costs about 7 KB
        (hash values and 32 LSH buckets).
    """

    def __init__(
        self,
        threshold: float = 0.5,
        credit_threshold: float = 0.3,
        num_perm: int = 128,
        shingle_size: int = 5,
        seed: int = 1,
        max_articles: int = DEFAULT_MAX_ARTICLES,
    ) -> None:
        if not 0 < credit_threshold <= threshold <= 1:
            raise ValueError("need 0 < credit_threshold <= threshold <= 1")
        if max_articles < 1:
            raise ValueError(f"max_articles must be at least 1, got {max_articles}")
        self.threshold = threshold
        self.credit_threshold = credit_threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.seed = seed
        self.max_articles = max_articles
        # LSH only proposes candidates (each is verified by its estimated Jaccard), so it is tuned
        # for recall: a missed candidate is a copy counted as an independent report.
        self._lsh = MinHashLSH(threshold=credit_threshold, num_perm=num_perm, weights=(0.1, 0.9))
        # Ordered by arrival; an OrderedDict finds its oldest entry at once, where a dict whose oldest entries
        # keep being deleted walks past their empty slots (40 µs an article at 50,000 held).
        self._signatures: OrderedDict[str, LeanMinHash] = OrderedDict()
        self._families: dict[str, str] = {}
        self._credits: dict[str, frozenset[str]] = {}
        self._arrival: dict[str, int] = {}  # ties between equally similar candidates go to the earliest
        self._arrived = 0  # articles added so far: the next arrival number
        self._saved_before = 0  # arrival number from which articles are not saved yet
        self._part_ends: list[int] = []  # per saved part, oldest first: its last arrival number (-1: none held)

    def __len__(self) -> int:
        """Articles held (at most ``max_articles``)."""
        return len(self._families)

    def family_of(self, article_id: str) -> str | None:
        """The family of an article held, else None (not assigned, or forgotten: the store keeps it)."""
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

    def _add(
        self, article_id: str, family: str, signature: MinHash, credits: frozenset[str],
        band_keys: list[bytes] | None = None,
    ) -> None:
        """``band_keys``: the article's key in each LSH band, when made in bulk (see ``_add_part``)."""
        # Kept as LeanMinHash: the hash values without the permutations each MinHash carries (2 KB an article).
        signature = signature if isinstance(signature, LeanMinHash) else LeanMinHash(signature)
        if band_keys is None:
            self._lsh.insert(article_id, signature)
        elif article_id in self._signatures:  # what MinHashLSH.insert says of a key it holds
            raise ValueError("The given key already exists")
        else:
            self._lsh.keys.insert(article_id, *band_keys)
            for hashtable, key in zip(self._lsh.hashtables, band_keys, strict=True):
                hashtable.insert(key, article_id)
        self._signatures[article_id] = signature
        self._families[article_id] = family
        self._credits[article_id] = credits
        self._arrival[article_id] = self._arrived
        self._arrived += 1
        while len(self._signatures) > self.max_articles:
            self._forget(next(iter(self._signatures)))  # the oldest first

    def _forget(self, article_id: str) -> None:
        self._lsh.remove(article_id)
        del self._signatures[article_id], self._families[article_id], self._credits[article_id]
        del self._arrival[article_id]

    def _signature(self, text: str) -> MinHash:
        words = _WORD.findall(normalize_for_hash(text))
        size = self.shingle_size
        shingles = {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}
        signature = MinHash(num_perm=self.num_perm, seed=self.seed)
        signature.update_batch([s.encode("utf-8") for s in shingles if s])
        return signature

    # ------------------------------------------------------------------ persistence

    def to_bytes(self) -> bytes:
        """Serialise the articles held (NumPy .npz, no pickle) for ``store.put_state``."""
        self._saved_before = self._arrived
        self._part_ends = [self._arrived - 1]
        return self._serialised(list(self._signatures))

    def unsaved_bytes(self) -> bytes | None:
        """The articles added since the last ``to_bytes`` / ``unsaved_bytes`` (or since loading) and still
        held, in the format of ``to_bytes``: a part for ``from_parts`` (None: nothing new). Saving only
        what is new keeps the cost of a save flat."""
        new = []
        for article_id, arrival in reversed(self._arrival.items()):  # the newest first, back to the last save
            if arrival < self._saved_before:
                break
            new.append(article_id)
        new.reverse()
        self._saved_before = self._arrived
        if not new:
            return None
        self._part_ends.append(self._arrived - 1)
        return self._serialised(new)

    def obsolete_parts(self) -> int:
        """How many of the oldest saved parts hold only forgotten articles: the caller may delete them
        (``store.drop_state_parts``), so that the saved state stays as bounded as the memory. They are
        counted once: a second call does not count them again."""
        oldest_held = next(iter(self._arrival.values()), self._arrived)
        count = 0
        while count < len(self._part_ends) and self._part_ends[count] < oldest_held:
            count += 1
        del self._part_ends[:count]
        return count

    def _serialised(self, ids: list[str]) -> bytes:
        params = {k: getattr(self, k) for k in _PARAMETERS}
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
        (no parts: a new ReportFamilies with the default parameters). Only the newest parts that hold the
        ``max_articles`` most recent articles are read; the older ones count as obsolete (``obsolete_parts``)."""
        if not parts:
            return cls()
        newest_first = []
        for data in reversed(parts):
            newest_first.append(_read_part(data))
            params = newest_first[-1][0]
            if sum(len(part[1]) for part in newest_first) >= params.get("max_articles", DEFAULT_MAX_ARTICLES):
                break
        families = cls(**params)
        families._part_ends = [-1] * (len(parts) - len(newest_first))  # skipped: nothing of them is held
        for _, ids, family_ids, hashvalues, credits, scheme in reversed(newest_first):
            families._add_part(ids, family_ids, hashvalues, credits, scheme)
            families._part_ends.append(families._arrived - 1)
        families._saved_before = families._arrived
        return families

    def _add_part(
        self, ids: list[str], family_ids: list[str], hashvalues: np.ndarray, credits: list[list[str]], scheme: str
    ) -> None:
        """Add a saved part's articles. datasketch inserts one article at a time, slicing and byte-swapping
        each band in Python: here the band keys of all articles are made in a few array operations (loading
        50,000 articles takes 7.3 s instead of 12.5). They are checked against the
        keys ``MinHashLSH.insert`` made for the first article: should a datasketch release key its bands
        otherwise, every article goes through ``insert``."""
        if not ids:
            return
        signatures = [LeanMinHash(seed=self.seed, hashvalues=values, scheme=scheme) for values in hashvalues]
        # datasketch keys a band by the byte-swapped bytes of its hash values, in the dtype the signature holds.
        swapped = hashvalues.astype(signatures[0].hashvalues.dtype).byteswap()
        width = swapped.itemsize
        bands = [np.ascontiguousarray(swapped[:, start:end]).view(f"V{width * (end - start)}").ravel().tolist()
                 for start, end in self._lsh.hashranges]  # fmt: skip
        keys_of = list(zip(*bands, strict=True))
        self._add(ids[0], family_ids[0], signatures[0], frozenset(credits[0]))
        bulk = list(self._lsh.keys.get(ids[0])) == list(keys_of[0])
        for article_id, family, signature, credit, keys in zip(
            ids[1:], family_ids[1:], signatures[1:], credits[1:], keys_of[1:], strict=True
        ):
            self._add(article_id, family, signature, frozenset(credit), list(keys) if bulk else None)


_PARAMETERS = ("threshold", "credit_threshold", "num_perm", "shingle_size", "seed", "max_articles")


def _read_part(data: bytes) -> tuple[dict, list[str], list[str], np.ndarray, list[list[str]], str]:
    """(parameters, ids, families, hash values, credits, MinHash scheme) of one saved part."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        # Each arrays[name] reads (and decompresses) the whole array again: read each once.
        return (json.loads(str(arrays["params"])), arrays["ids"].tolist(), arrays["families"].tolist(),
                arrays["hashvalues"], json.loads(str(arrays["credits"])), str(arrays["scheme"]))  # fmt: skip
