#!/usr/bin/python3
"""dendrite against PyTorch on the same dANN, in one run: training and inference rates.

The model is the paper's dANN-R (Chavlis & Poirazi, Nat. Commun. 2025) at D dendrites per soma,
S somata and k synapses per dendrite on MNIST: each of the S x D dendrites sums k randomly chosen
pixels (weights and a bias, leaky ReLU 0.1), each soma its D dendrites (the same), then a dense
layer to 10 logits; Adam (lr 1e-3), cross-entropy, batch 128. PyTorch runs it in each of the three
forms such a model can take there, each timed on its own:

  gather         x.index_select on the k inputs of every dendrite, multiply, sum
  embedding_bag  F.embedding_bag over the transposed batch with per-sample weights (mode "sum")
  masked         a dense Linear(784, S x D) whose weights are multiplied by the 0/1 mask (the
                 form of the paper's Keras code)

and dendrite as `dendrite-bench` measures it (training step at batch 128; inference in ONNX
Runtime with the dendrite plugin). Every measurement is a process of its own, repeated --repeat
times; the best rate of each is kept and the ratios are printed from those.

On AMD EPYC processors with AVX-512, Debian 12's OpenBLAS (0.3.21, under PyTorch's CPU matrix
products) does not know the core and falls back to kernels without AVX-512; OPENBLAS_CORETYPE=
SkylakeX makes it use its AVX-512 kernels. This script sets it unless the caller did, and says so;
with libopenblas0-openmp OpenBLAS also takes its threads from OpenMP, as PyTorch does.

    /usr/bin/python3 benchmarks/peer_pytorch.py --threads 2 --repeat 3
    /usr/bin/python3 benchmarks/peer_pytorch.py --somata 256 --infer-batch 256

Needs Debian's python3-torch (and libopenblas0-openmp), a build with benchmarks
(build/benchmarks/dendrite-bench) and MNIST (third_party/setup.sh). Measure on a quiet machine:
the load average is printed before and after.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

FORMS = ("gather", "embedding_bag", "masked")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="build", help="the build folder (its benchmarks/dendrite-bench and python/)")
    p.add_argument("--bench", help="dendrite-bench (default: BUILD/benchmarks/dendrite-bench)")
    p.add_argument("--data-dir", default=".deps/data", help="the data folder holding mnist/")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dendrites", type=int, default=16)
    p.add_argument("--somata", type=int, default=64)
    p.add_argument("--synapses", type=int, default=16)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--steps", type=int, default=300, help="timed training steps per process")
    p.add_argument("--infer-batch", type=int, default=1000)
    p.add_argument("--infer-samples", type=int, default=20000)
    p.add_argument("--repeat", type=int, default=3, help="processes per measurement; the best is kept")
    p.add_argument("--forms", default=",".join(FORMS), help="PyTorch forms to time, comma-separated")
    p.add_argument("--summary", help="write the rates and ratios here as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)  # one PyTorch measurement in this process
    a = p.parse_args(argv)
    for name in ("threads", "dendrites", "somata", "synapses", "batch", "steps", "infer_batch", "infer_samples", "repeat"):
        if getattr(a, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be a positive integer")
    a.forms = [f for f in a.forms.split(",") if f]
    for f in a.forms:
        if f not in FORMS:
            p.error(f"--forms: '{f}' is not one of {', '.join(FORMS)}")
    return a


def mnist(args):
    sys.path.insert(0, os.path.join(args.build, "python"))
    import dendrite  # the build's Python package reads the IDX files

    (x, y), (x_test, _) = dendrite.load_dataset("mnist", args.data_dir)
    return x.reshape(len(x), -1), y, x_test.reshape(len(x_test), -1)


def torch_model(form, args, n_in, classes):
    import torch  # noqa: F811 (also used inside the closures)
    import torch.nn.functional as F

    g = torch.Generator().manual_seed(1)
    n_dend = args.somata * args.dendrites
    idx = torch.randint(0, n_in, (n_dend, args.synapses), generator=g)
    bound = 1.0 / args.synapses ** 0.5
    params = {
        "soma_w": torch.empty(args.somata, args.dendrites).uniform_(-(args.dendrites ** -0.5), args.dendrites ** -0.5, generator=g),
        "soma_b": torch.zeros(args.somata),
        "dend_b": torch.zeros(n_dend),
    }
    out = torch.nn.Linear(args.somata, classes)
    if form == "masked":
        mask = torch.zeros(n_dend, n_in)
        mask.scatter_(1, idx, 1.0)
        params["dend_w"] = torch.empty(n_dend, n_in).uniform_(-bound, bound, generator=g) * mask
    else:
        params["dend_w"] = torch.empty(n_dend, args.synapses).uniform_(-bound, bound, generator=g)
    for t in params.values():
        t.requires_grad_(True)
    idx_flat = idx.reshape(-1)

    def dendrites(x):
        if form == "gather":
            xs = x.index_select(1, idx_flat).view(x.shape[0], n_dend, args.synapses)
            return (xs * params["dend_w"]).sum(-1) + params["dend_b"]
        if form == "embedding_bag":
            # PyTorch 1.13 asserts when only per_sample_weights needs a gradient, so the table (the
            # transposed batch) asks for one too; that gradient is computed and thrown away.
            table = x.t().contiguous().requires_grad_(torch.is_grad_enabled())
            d = F.embedding_bag(idx, table, per_sample_weights=params["dend_w"], mode="sum")
            return d.t() + params["dend_b"]
        return F.linear(x, params["dend_w"] * mask, params["dend_b"])

    def forward(x):
        d = F.leaky_relu(dendrites(x), 0.1).view(x.shape[0], args.somata, args.dendrites)
        s = F.leaky_relu((d * params["soma_w"]).sum(-1) + params["soma_b"], 0.1)
        return out(s)

    return forward, list(params.values()) + list(out.parameters())


def run_child(args):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    x, y, x_test = mnist(args)
    X, Y = torch.from_numpy(x), torch.from_numpy(y.astype("int64"))
    forward, parameters = torch_model(args.child, args, X.shape[1], int(Y.max()) + 1)
    opt = torch.optim.Adam(parameters, lr=1e-3)
    order = torch.randperm(len(X), generator=torch.Generator().manual_seed(2))

    def step(i):
        at = (i * args.batch) % (len(X) - args.batch)
        b = order[at:at + args.batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(forward(X[b]), Y[b])
        loss.backward()
        opt.step()

    for i in range(20):
        step(i)
    start = time.perf_counter()
    for i in range(args.steps):
        step(i)
    train_rate = args.steps * args.batch / (time.perf_counter() - start)

    T = torch.from_numpy(x_test)
    batches = [T[i:i + args.infer_batch] for i in range(0, len(T) - args.infer_batch + 1, args.infer_batch)]
    done = 0
    with torch.inference_mode():
        forward(batches[0])
        start = time.perf_counter()
        while done < args.infer_samples:
            for b in batches:
                forward(b)
                done += len(b)
        infer_rate = done / (time.perf_counter() - start)
    print(json.dumps({"train": train_rate, "infer": infer_rate}))


def child_rates(args, form):
    command = [sys.executable, os.path.abspath(__file__), "--child", form] + sys.argv[1:]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"peer_pytorch: the PyTorch form '{form}' failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def dendrite_rates(args):
    tool = args.bench or os.path.join(args.build, "benchmarks", "dendrite-bench")
    if not os.access(tool, os.X_OK):
        sys.exit(f"peer_pytorch: {tool} is missing: build with -DDENDRITE_BUILD_BENCHMARKS=ON")
    with tempfile.TemporaryDirectory() as tmp:
        summary = os.path.join(tmp, "bench.json")
        done = subprocess.run([tool, "--models", "dann-r", "--sizes", f"{args.dendrites}x{args.somata}", "--impls", "sparse",
                        "--threads", str(args.threads), "--batch", str(args.batch), "--steps", str(args.steps),
                        "--infer-batches", str(args.infer_batch), "--infer-samples", str(args.infer_samples),
                        "--rss", "none", "--repeat", "1", "--data-dir", args.data_dir, "--summary", summary],
                       capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"peer_pytorch: dendrite-bench failed:\n{done.stderr.strip()[-2000:]}")
        with open(summary) as f:
            row = json.load(f)["results"][0]
    return {"train": row["train_samples_per_second"],
            "infer": row["ort_plugin_samples_per_second"][str(args.infer_batch)]}


def best(measure, repeat):
    rates = [measure() for _ in range(repeat)]
    return {k: max(r[k] for r in rates) for k in rates[0]}


def main(argv):
    args = parse_args(argv)
    if "OPENBLAS_CORETYPE" not in os.environ:
        os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"
        print("OPENBLAS_CORETYPE=SkylakeX (OpenBLAS' AVX-512 kernels; see the top of this script)")
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    if args.child:
        return run_child(args)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"dANN-R D{args.dendrites} S{args.somata} k{args.synapses}, MNIST, batch {args.batch}, {args.threads} threads; "
          f"inference batch {args.infer_batch}; best of {args.repeat} processes each")
    rates = {"dendrite": best(lambda: dendrite_rates(args), args.repeat)}
    for form in args.forms:
        rates[f"torch {form}"] = best(lambda: child_rates(args, form), args.repeat)
    print(f"{'':22}{'train samples/s':>18}{'infer samples/s':>18}")
    for name, r in rates.items():
        print(f"{name:22}{r['train']:>18,.0f}{r['infer']:>18,.0f}")
    fastest = {k: max(r[k] for n, r in rates.items() if n != "dendrite") for k in ("train", "infer")}
    ratios = {k: rates["dendrite"][k] / fastest[k] for k in fastest}
    print(f"dendrite / fastest PyTorch form: training {ratios['train']:.1f}x, inference (ORT + plugin) {ratios['infer']:.1f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump({"rates": rates, "ratios": ratios, "args": vars(args)}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
