"""Train a pkuseg word segmenter on UD Chinese-GSDSimp, so that pkuseg can be measured at all.

``spacy-pkuseg`` ships no weights and kg downloads nothing at run time, so the
only pkuseg kg can compare against is one trained here from the UD gold
segmentation in ``../shared/ud``:

    .venv/bin/python pipelines/segmenter/train_pkuseg.py            # -> build/pkuseg-ud
    .venv/bin/python pipelines/segmenter/train_pkuseg.py OUT_DIR --iterations 20

Split: pkuseg learns from the UD **test** file and reports F1 on the UD **dev**
file after each iteration; ``measure.py`` scores on the same dev file.  The two
files are the same size (500 sentences each), and keeping dev for measurement
matches how every segmenter is compared there.

The training data is the UD test file twice: as given, and as kg's tokenizer
sees text after :func:`kg.normalize.normalize` (NFKC turns ``，`` into ``,``
and full-width digits into ASCII).  A model that only saw full-width
punctuation glues ASCII commas to words, which cost 5 F1 points on normalised
UD dev; with both copies one model serves raw and normalised input.

Training is deterministic: pkuseg starts from zero weights and its only
randomness is the order of examples (``random.shuffle``), seeded here.  The
model directory (``features.msgpack``, ``weights.npz``) is what spaCy's
``[initialize.tokenizer] pkuseg_model`` expects.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import spacy_pkuseg

from kg.resources import REPO_ROOT
from kg.normalize import normalize
from ud import UD_DEV, UD_TRAIN, Sentence, read_conllu, word_spans

DEFAULT_MODEL_DIR = REPO_ROOT / "build" / "pkuseg-ud"
SEED = 0


def normalized(sentence: Sentence) -> Sentence:
    """The sentence as kg normalises it, each gold word mapped onto the normalised text."""
    norm = normalize(sentence.text)
    words = (norm.text[slice(*norm.to_normalized(*span))] for span in word_spans(sentence.words, sentence.text))
    return Sentence(sentence.sent_id, norm.text, tuple(word for word in words if word.strip()))


def write_pkuseg_corpus(sentences: list[Sentence], path: Path) -> None:
    """pkuseg's training format: one sentence a line, words separated by single spaces."""
    with open(path, "w", encoding="utf-8") as handle:
        for sentence in sentences:
            handle.write(" ".join(sentence.words) + "\n")


def train(model_dir: Path, iterations: int, train_file: Path = UD_TRAIN, eval_file: Path = UD_DEV) -> float:
    """Train pkuseg from two CoNLL-U files into ``model_dir``; return the training time in seconds.

    ``train_file`` is learnt as given and as normalised (where that differs);
    ``eval_file`` only feeds pkuseg's per-iteration F1 log.
    """
    model_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        train_txt, eval_txt = Path(scratch) / "train.txt", Path(scratch) / "eval.txt"
        sentences = read_conllu(train_file)
        changed = [n for raw, n in zip(sentences, map(normalized, sentences)) if n.words != raw.words]
        write_pkuseg_corpus(sentences + changed, train_txt)
        write_pkuseg_corpus(read_conllu(eval_file), eval_txt)
        random.seed(SEED)
        np.random.seed(SEED)
        started = time.perf_counter()
        spacy_pkuseg.train(str(train_txt), str(eval_txt), str(model_dir), train_iter=iterations)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", nargs="?", type=Path, default=DEFAULT_MODEL_DIR,
                        help=f"where to write the model (default: {DEFAULT_MODEL_DIR.relative_to(REPO_ROOT)})")
    parser.add_argument("--iterations", type=int, default=20, help="training epochs (pkuseg's default: 20)")
    args = parser.parse_args()
    seconds = train(args.model_dir, args.iterations)
    print(f"pkuseg trained on {UD_TRAIN.name} ({args.iterations} iterations) in {seconds:.1f} s -> {args.model_dir}")


if __name__ == "__main__":
    main()
