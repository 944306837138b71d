#!/usr/bin/python3
"""Export a GPT-2 checkpoint dir (config.json + model.safetensors, HF names) to ONNX with a KV cache.

The model is ../shared/refs/gpt_ref.py's GPT (the project's PyTorch reference), loaded from the same
files ftheta reads, so `ftheta bench generate` times onnxruntime-web and ftheta on the same weights.

Writes two graphs (opset 14, dynamic axes), each with its own copy of the weights:
  prefill.onnx  input_ids int64 [1, T]                      -> logits [1, T, V],
                                                               present.{i}.key / present.{i}.value [1, nh, T, hd]
  decode.onnx   input_ids int64 [1, T] (T = 1 when decoding),
                past.{i}.key / past.{i}.value [1, nh, P, hd] -> logits [1, T, V],
                                                               present.{i}.key / .value [1, nh, P+T, hd]
Positions in decode.onnx start at P (read from the past's shape), and the causal mask is offset by P,
so decode.onnx is correct for any T >= 1. It also writes export.json (names, shapes, torch version)
and, with --check-tokens, the reference logits for those tokens (prefill then one decode step) so
the caller can check onnxruntime's outputs against PyTorch's.

torch 1.13 without the `onnx` python package still writes the file (it only skips its own checker).

Usage: /usr/bin/python3 export-gpt2-onnx.py --model DIR --out DIR [--refs DIR] [--check-tokens 1,2,3]
Prints one JSON line (export.json's content) on stdout; progress lines on stderr.
"""
import argparse
import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def progress(msg):
    print(f"progress {msg}", file=sys.stderr, flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("--model", required=True, help="checkpoint dir: config.json + model.safetensors")
    ap.add_argument("--out", required=True, help="output dir for prefill.onnx, decode.onnx, export.json")
    ap.add_argument("--refs", default=os.path.join(REPO_ROOT, "..", "shared", "refs"),
                    help="folder holding gpt_ref.py (default: ../shared/refs from the repository root)")
    ap.add_argument("--opset", type=int, default=14)
    ap.add_argument("--check-tokens", default="",
                    help="comma-separated ids: also write check.json with PyTorch's logits for them")
    args = ap.parse_args(argv)

    refs = os.path.abspath(args.refs)
    if not os.path.exists(os.path.join(refs, "gpt_ref.py")):
        raise SystemExit(f"gpt_ref.py not found in {refs} (pass --refs)")
    sys.path.insert(0, refs)
    import torch  # noqa: E402
    import gpt_ref  # noqa: E402

    torch.set_grad_enabled(False)
    torch.manual_seed(0)
    t0 = time.time()
    model = gpt_ref.GPT.load(args.model)
    cfg = model.cfg
    n_layer, n_head, n_embd = cfg["n_layer"], cfg["n_head"], cfg["n_embd"]
    hd = n_embd // n_head
    progress(f"loaded {args.model} ({sum(p.numel() for p in model.parameters())} parameters) in {time.time() - t0:.1f}s")

    tr = model.transformer
    head = tr.wte.weight if model.lm_head_weight is None else model.lm_head_weight

    def attend(block, x, past_k, past_v, offset):
        """x [1,T,C]; past_* [1,nh,P,hd] or None -> (y [1,T,C], k, v [1,nh,P+T,hd]). Same math as gpt_ref.Attention."""
        B, T, C = x.shape
        q, k, v = block.attn.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, n_head, hd).transpose(1, 2) for t in (q, k, v))
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd)
        S = k.shape[2]
        # query i sits at position offset + i and may see keys 0..offset+i
        qpos = torch.arange(T).unsqueeze(1) + offset
        kpos = torch.arange(S).unsqueeze(0)
        att = att.masked_fill(kpos > qpos, float("-inf")).softmax(dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(B, T, C)
        return block.attn.c_proj(y), k, v

    def run(ids, pasts):
        T = ids.shape[1]
        offset = pasts[0][0].shape[2] if pasts is not None else 0
        pos = torch.arange(T) + offset
        x = tr.wte.weight[ids] + tr.wpe.weight[pos]
        presents = []
        for i, block in enumerate(tr.h):
            pk, pv = pasts[i] if pasts is not None else (None, None)
            y, k, v = attend(block, block.ln_1(x), pk, pv, offset)
            x = x + y
            x = x + block.mlp(block.ln_2(x))
            presents += [k, v]
        x = tr.ln_f(x)
        return (torch.matmul(x, head.t()), *presents)

    model.requires_grad_(False)

    class Prefill(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model  # registers the weights as the graph's initializers

        def forward(self, input_ids):
            return run(input_ids, None)

    class Decode(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, *past):
            return run(input_ids, [(past[2 * i], past[2 * i + 1]) for i in range(n_layer)])

    present_names = [f"present.{i}.{kv}" for i in range(n_layer) for kv in ("key", "value")]
    past_names = [f"past.{i}.{kv}" for i in range(n_layer) for kv in ("key", "value")]
    os.makedirs(args.out, exist_ok=True)

    # Sanity: the cached path reproduces gpt_ref's full forward (before spending time on the export).
    probe = torch.tensor([[i % cfg["vocab_size"] for i in range(7, 7 + 6)]], dtype=torch.long)
    full = model(probe)
    pre = run(probe[:, :4], None)
    step = run(probe[:, 4:], [(pre[1 + 2 * i], pre[2 + 2 * i]) for i in range(n_layer)])
    err = max(float((pre[0] - full[:, :4]).abs().max()), float((step[0] - full[:, 4:]).abs().max()))
    if err > 1e-4:
        raise SystemExit(f"cached forward differs from gpt_ref's forward by {err}")

    T0 = 3
    dummy_ids = torch.zeros(1, T0, dtype=torch.long)
    dyn = {"input_ids": {1: "T"}, "logits": {1: "T"}}
    dyn.update({n: {2: "T"} for n in present_names})
    t0 = time.time()
    torch.onnx.export(Prefill(), (dummy_ids,), os.path.join(args.out, "prefill.onnx"),
                      input_names=["input_ids"], output_names=["logits", *present_names],
                      dynamic_axes=dyn, opset_version=args.opset, do_constant_folding=True)
    progress(f"wrote prefill.onnx in {time.time() - t0:.1f}s")

    P0 = 5
    dummy_past = tuple(torch.zeros(1, n_head, P0, hd) for _ in range(2 * n_layer))
    dyn = {"input_ids": {1: "T"}, "logits": {1: "T"}}
    dyn.update({n: {2: "P"} for n in past_names})
    dyn.update({n: {2: "P+T"} for n in present_names})
    t0 = time.time()
    torch.onnx.export(Decode(), (torch.zeros(1, 1, dtype=torch.long), *dummy_past), os.path.join(args.out, "decode.onnx"),
                      input_names=["input_ids", *past_names], output_names=["logits", *present_names],
                      dynamic_axes=dyn, opset_version=args.opset, do_constant_folding=True)
    progress(f"wrote decode.onnx in {time.time() - t0:.1f}s")

    info = {
        "model": os.path.abspath(args.model),
        "graphs": {"prefill": "prefill.onnx", "decode": "decode.onnx"},
        "inputIds": "int64",
        "pastNames": past_names,
        "presentNames": present_names,
        "kvShape": ["1", n_head, "P", hd],
        "config": {k: cfg[k] for k in ("vocab_size", "n_positions", "n_embd", "n_layer", "n_head")},
        "opset": args.opset,
        "torch": torch.__version__,
        "selfCheckMaxAbsError": err,
    }
    if args.check_tokens:
        toks = [int(t) for t in args.check_tokens.split(",") if t.strip()]
        if len(toks) < 2:
            raise SystemExit("--check-tokens needs at least 2 tokens")
        ids = torch.tensor([toks], dtype=torch.long)
        logits = model(ids)[0]  # gpt_ref's own forward, not the export wrapper
        check = {"tokens": toks, "prefillTokens": len(toks) - 1, "shape": list(logits.shape),
                 "logits": logits.numpy().astype("float64").round(7).tolist()}
        with open(os.path.join(args.out, "check.json"), "w") as f:
            json.dump(check, f)
        info["check"] = "check.json"
    with open(os.path.join(args.out, "export.json"), "w") as f:
        json.dump(info, f, indent=2)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
