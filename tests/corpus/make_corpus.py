#!/usr/bin/env python3
"""Writes the malformed-input corpus under tests/corpus/ and the fuzzers' seed corpora under
fuzz/corpus/. The files are committed; run this again only to change or add cases.

    /usr/bin/python3 tests/corpus/make_corpus.py build-rel/tools/dendrite

The checkpoint and ONNX cases start from a small model trained (one epoch) and exported by the
given dendrite binary; everything else is written directly. Each file holds exactly one defect;
tests/tools/corpus_*_test.cpp run the dendrite tool on each one.
"""
import gzip
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FUZZ = os.path.join(REPO, "fuzz", "corpus")


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# ---- IDX ----------------------------------------------------------------------------------------
def idx_header(type_code, dims):
    return bytes([0, 0, type_code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims)


def quadrant_images(n, seed):
    """n 8x8 grey images of 4 classes (a bright quadrant), and their labels: a tiny, learnable set."""
    state = seed * 2654435761 % 2**32 or 1
    images, labels = bytearray(), bytearray()
    for _ in range(n):
        state = (1103515245 * state + 12345) % 2**31
        label = (state >> 16) % 4
        labels.append(label)
        r0, c0 = (label // 2) * 4, (label % 2) * 4
        for r in range(8):
            for c in range(8):
                state = (1103515245 * state + 12345) % 2**31
                inside = r0 <= r < r0 + 4 and c0 <= c < c0 + 4
                images.append((180 if inside else 25) + (state >> 16) % 50)
    return bytes(images), bytes(labels)


def write_data():
    """Good data the bad files are combined with: 8x8 images of 4 classes, and a flat variant."""
    for name, n, seed in (("train", 48, 1), ("test", 24, 2)):
        images, labels = quadrant_images(n, seed)
        write(out("data", f"{name}-images.idx"), idx_header(0x08, [n, 8, 8]) + images)
        write(out("data", f"{name}-labels.idx"), idx_header(0x08, [n]) + labels)
        write(out("data", f"{name}-flat-images.idx"), idx_header(0x08, [n, 64]) + images)


def write_idx_cases():
    images, labels = quadrant_images(10, 3)
    good = idx_header(0x08, [10, 8, 8]) + images
    f32 = lambda values: b"".join(struct.pack(">f", v) for v in values)
    cases = {
        "wrong-magic.idx": b"\x01\x02" + good[2:],
        "gzip.idx": b"\x1f\x8b\x08\x00" + good[4:],
        "unknown-type.idx": good[:2] + b"\x07" + good[3:],
        "zero-dims.idx": b"\x00\x00\x08\x00",
        "nine-dims.idx": b"\x00\x00\x08\x09" + struct.pack(">9I", *[1] * 9) + b"\x00",
        "zero-dimension.idx": idx_header(0x08, [10, 0, 8]),
        "dims-longer-than-file.idx": idx_header(0x08, [11, 8, 8]) + images,
        "trailing-bytes.idx": good + b"\x00" * 7,
        "overflowing-dims.idx": idx_header(0x0D, [0xFFFFFFFF] * 4) + b"\x00" * 16,
        "truncated-header.idx": good[:9],
        "truncated-start.idx": good[:3],
        "empty.idx": b"",
        # Float test images (24, as the test labels; 2x2 pixels suffice: values are checked first).
        "nan-images.idx": idx_header(0x0D, [24, 2, 2]) + f32([0.5] * 37 + [float("nan")] + [0.5] * 58),
        "inf-images.idx": idx_header(0x0D, [24, 2, 2]) + f32([0.5] * 3 + [float("-inf")] + [0.5] * 92),
        "f64-too-large.idx": idx_header(0x0E, [24, 2, 2]) + struct.pack(">96d", *([0.5] * 50 + [1e300] + [0.5] * 45)),
        "five-dim-images.idx": idx_header(0x08, [2, 2, 2, 2, 2]) + b"\x01" * 32,
        # Labels: a count that differs from the images, values outside the classes, a 2-D shape.
        "labels-count-mismatch.idx": idx_header(0x08, [47]) + bytes([0, 1, 2, 3] * 11 + [0, 1, 2]),
        "labels-negative.idx": idx_header(0x09, [48]) + bytes([0, 1, 2, 3] * 6 + [0xFF] + [1] * 23),
        "labels-fractional.idx": idx_header(0x0D, [48]) + f32([0, 1, 2, 3] * 5 + [1.5] + [2.0] * 27),
        "labels-out-of-range.idx": idx_header(0x08, [24]) + bytes([0, 1, 2, 3] * 3 + [9] + [1] * 11),
        "labels-2d.idx": idx_header(0x08, [48, 2]) + bytes(96),
    }
    for name, data in cases.items():
        write(out("idx", name), data)
    write(os.path.join(seed_dir("fuzz_idx"), "good-u8"), good)
    write(os.path.join(seed_dir("fuzz_idx"), "good-f32"), idx_header(0x0D, [2, 2]) + f32([0.0, 1.0, 0.5, 0.25]))
    write(os.path.join(seed_dir("fuzz_idx"), "good-labels"), idx_header(0x08, [10]) + labels)
    for name in ("wrong-magic.idx", "overflowing-dims.idx", "nan-images.idx", "truncated-header.idx"):
        shutil.copy(out("idx", name), os.path.join(seed_dir("fuzz_idx"), name))


# ---- gzip-compressed IDX ----------------------------------------------------------------------
def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_gzip_cases():
    images, labels = quadrant_images(10, 3)
    train_images, _ = quadrant_images(48, 1)  # the training images of write_data, for its labels
    good = idx_header(0x08, [10, 8, 8]) + images
    stream = gz(good)
    bad_crc = bytearray(stream)
    bad_crc[-6] ^= 0x01  # the CRC-32 in the trailer
    bad_block = bytearray(stream)
    bad_block[10] = 0xFF  # the first deflate block: an invalid block type
    cases = {
        "gzip-truncated.idx.gz": stream[: len(stream) // 2],
        "gzip-bad-crc.idx.gz": bytes(bad_crc),
        "gzip-bad-block.idx.gz": bytes(bad_block),
        # Valid gzip streams whose decompressed IDX is wrong: every IDX check applies to it.
        "gzip-short-data.idx.gz": gz(idx_header(0x08, [48, 8, 8]) + train_images[:-7]),
        "gzip-trailing-bytes.idx.gz": gz(idx_header(0x08, [48, 8, 8]) + train_images + b"\x00" * 5),
        "gzip-bad-magic.idx.gz": gz(b"\x01\x02" + good[2:]),
        "gzip-huge-dims.idx.gz": gz(idx_header(0x08, [1000000, 1000, 1000])),
    }
    for name, data in cases.items():
        write(out("idx", name), data)
    # Good compressed data, the 8x8 set of write_data.
    for name in ("train-images", "train-labels", "test-images", "test-labels"):
        write(out("data", name + ".idx.gz"), gz(open(out("data", name + ".idx"), "rb").read()))
    seeds = seed_dir("fuzz_idx_gzip")
    write(os.path.join(seeds, "good-u8.gz"), stream)
    write(os.path.join(seeds, "good-labels.gz"), gz(idx_header(0x08, [10]) + labels))
    write(os.path.join(seeds, "two-members.gz"), gz(good[:100]) + gz(good[100:]))
    write(os.path.join(seeds, "truncated.gz"), cases["gzip-truncated.idx.gz"])
    write(os.path.join(seeds, "bad-crc.gz"), cases["gzip-bad-crc.idx.gz"])
    # Inputs starting with byte 1 are compressed by the target itself (see fuzz_idx_gzip.cpp).
    write(os.path.join(seeds, "raw-u8"), b"\x01" + good)
    write(os.path.join(seeds, "raw-f32"), b"\x01" + idx_header(0x0D, [2, 2]) + struct.pack(">4f", 0, 1, 0.5, 0.25))


# ---- labels and values the checks before training refuse or warn about ---------------------------
def write_label_check_cases():
    images, _ = quadrant_images(48, 1)
    cases = {
        # Every training label is 200: one class (the largest-label rule would give 201 classes).
        "labels-all-200.idx": idx_header(0x08, [48]) + bytes([200] * 48),
        # Test labels with class 4, absent from the training labels (0..3), for --classes 5.
        "labels-unseen-class.idx": idx_header(0x08, [24]) + bytes([0, 1, 2, 3] * 5 + [4] * 4),
        # f32 training images in 0..255, as if the division by 255 had been forgotten.
        "f32-images-0-255.idx": idx_header(0x0D, [48, 8, 8]) + struct.pack(">3072f", *images),
        # Test images of 9x9 pixels where training has 8x8.
        "test-images-9x9.idx": idx_header(0x08, [24, 9, 9]) + bytes(24 * 81),
    }
    for name, data in cases.items():
        write(out("idx", name), data)


# ---- CIFAR binary batches -------------------------------------------------------------------------
def cifar_records(n, seed, label_bytes, label_of=None):
    """n records of one label (or two) byte(s) and a 32x32x3 image; labels 0..3 unless label_of(i)."""
    state = seed
    out = bytearray()
    for i in range(n):
        state = (1103515245 * state + 12345) % 2**31
        label = label_of(i) if label_of else (state >> 16) % 4
        out += bytes([label] if label_bytes == 1 else [label % 20, label])
        out += bytes([(label * 60 + ch * 20) % 256 for ch in range(3) for _ in range(1024)])
    return bytes(out)


def write_cifar_folder(case, files):
    for name, data in files.items():
        write(out("cifar", case, name), data)


def write_cifar_cases():
    def cifar10(**changes):
        files = {f"cifar-10-batches-bin/data_batch_{i}.bin.gz": gz(cifar_records(4, i, 1)) for i in range(1, 6)}
        files["cifar-10-batches-bin/test_batch.bin.gz"] = gz(cifar_records(4, 9, 1))
        for name, data in changes.items():
            files.pop(f"cifar-10-batches-bin/{name}.gz", None)
            if data is not None:
                files[f"cifar-10-batches-bin/{name}"] = data
        return files
    write_cifar_folder("good", cifar10())
    # data_batch_3: two records and one byte.
    write_cifar_folder("wrong-length", cifar10(**{"data_batch_3.bin": cifar_records(2, 3, 1) + b"\x00"}))
    # test_batch: record 2 has label 10 of 10 classes.
    write_cifar_folder("label-out-of-range", cifar10(**{
        "test_batch.bin": cifar_records(4, 9, 1, lambda i: 10 if i == 2 else i)}))
    write_cifar_folder("missing-test-batch", cifar10(**{"test_batch.bin": None}))
    write_cifar_folder("cifar100", {
        "cifar-100-binary/train.bin.gz": gz(cifar_records(16, 1, 2, lambda i: 40 + i % 4)),
        "cifar-100-binary/test.bin.gz": gz(cifar_records(4, 2, 2, lambda i: 40 + i % 4))})
    seeds = seed_dir("fuzz_cifar")
    write(os.path.join(seeds, "cifar10-two-records"), b"\x00" + cifar_records(2, 1, 1))
    write(os.path.join(seeds, "cifar100-one-record"), b"\x01" + cifar_records(1, 1, 2))
    write(os.path.join(seeds, "cifar10-gzip"), b"\x00" + gz(cifar_records(2, 5, 1)))
    write(os.path.join(seeds, "short-record"), b"\x00" + cifar_records(1, 1, 1)[:3000])


# ---- JSON model descriptions --------------------------------------------------------------------
def dendritic(**fields):
    layer = {"type": "dendritic", "dendrites": 2, "somata": 4, "synapses": 4,
             "input_connectivity": "random", "soma_connectivity": "block"}
    layer.update(fields)
    return layer


def spec(*layers, **fields):
    s = {"name": "corpus", "input": [8, 8, 1], "classes": 4, "layers": list(layers)}
    s.update(fields)
    return s


def write_model_cases():
    dense = {"type": "dense", "units": 8, "activation": "relu"}
    cases = {
        "unknown-activation.json": spec(dict(dense, activation="swish")),
        "bad-activation-parameter.json": spec(dendritic(dendrite_activation="leaky_relu(-2)")),
        "unknown-layer-type.json": spec({"type": "convolution", "units": 8}),
        "unknown-input-connectivity.json": spec(dendritic(input_connectivity="spiral")),
        "unknown-soma-connectivity.json": spec(dendritic(soma_connectivity="ring")),
        "k-larger-than-input.json": spec(dendritic(input_connectivity="random_k", synapses=65)),
        "rf-k-larger-than-image.json": spec(dendritic(input_connectivity="lrf", synapses=100)),
        "zero-dendrites.json": spec(dendritic(dendrites=0)),
        "zero-somata.json": spec(dendritic(somata=0)),
        "zero-synapses.json": spec(dendritic(synapses=0)),
        "grf-on-flat-input.json": spec(dendritic(input_connectivity="grf")),
        "units-is-a-string.json": spec(dict(dense, units="eight")),
        "units-is-fractional.json": spec(dict(dense, units=8.5)),
        "somata-is-huge-float.json": spec(dendritic(somata=1e300)),
        "negative-dropout.json": spec(dict(dense, dropout=-0.5)),
        "layers-not-a-list.json": spec(**{"layers": {"type": "dense"}}),
        "missing-layer-type.json": spec({"units": 8}),
        "top-level-array.json": [dense],
        "seed-negative.json": spec(dense, seed=-3),
        "huge-model.json": spec(dict(dense, units=2**40)),
    }
    for name, value in cases.items():
        write(out("model", name), json.dumps(value, indent=1).encode())
    write(out("model", "invalid-json.json"), b'{"name": "x", "layers": [{"type": "dense",, }]}')
    write(out("model", "empty.json"), b"")
    # Found by fuzz_model_spec: a number beyond double's range escaped as a bare JSON exception.
    write(out("model", "number-overflow.json"), b'{"name": "x", "classes": 50e55555555, "layers": []}')
    seeds = seed_dir("fuzz_model_spec")
    write(os.path.join(seeds, "mlp.json"), json.dumps(spec(dense)).encode())
    for conn in ("random", "random_k", "lrf", "grf", "dense"):
        for soma in ("block", "random", "dense"):
            value = spec(dendritic(input_connectivity=conn, soma_connectivity=soma,
                                   dendrite_activation="leaky_relu(0.1)", soma_activation="elu"))
            write(os.path.join(seeds, f"dann-{conn}-{soma}.json"), json.dumps(value).encode())
    for name in ("unknown-activation.json", "k-larger-than-input.json", "units-is-fractional.json",
                 "number-overflow.json"):
        shutil.copy(out("model", name), os.path.join(seeds, name))


# ---- Checkpoints --------------------------------------------------------------------------------
def read_checkpoint(data):
    header_len = struct.unpack_from("<Q", data, 12)[0]
    header = json.loads(data[20:20 + header_len])
    start = (20 + header_len + 63) // 64 * 64
    return header, data[start:-4]


def make_checkpoint(header, payload, version=1):
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    body = b"DNDRCKPT" + struct.pack("<IQ", version, len(text)) + text
    body += b"\x00" * ((-len(body)) % 64) + payload
    return body + struct.pack("<I", zlib.crc32(body))


def write_checkpoint_cases(trained):
    # Timings vary from run to run: fixed values keep every offset in the corpus stable.
    header, payload = read_checkpoint(trained)
    training = header["meta"]["training"]
    training["partial_seconds"] = 0.0
    for epoch in training["history"]:
        epoch.update(train_seconds=0.25, epoch_seconds=0.5, train_samples_per_second=172.0)
    good = make_checkpoint(header, payload)
    crc_fixed = lambda data: data[:-4] + struct.pack("<I", zlib.crc32(data[:-4]))
    flipped = bytearray(good)
    flipped[-10] ^= 0x40
    cases = {
        "empty.ckpt": b"",
        "truncated-prefix.ckpt": good[:15],
        "truncated-data.ckpt": good[: len(good) // 2],
        "trailing-bytes.ckpt": crc_fixed(good[:-4] + b"\x00" * 8 + good[-4:]),
        "bad-checksum.ckpt": bytes(flipped),
        "bad-magic.ckpt": crc_fixed(b"DNDRCKPX" + good[8:]),
        "bad-version.ckpt": crc_fixed(good[:8] + struct.pack("<I", 7) + good[12:]),
        "header-length-past-end.ckpt": crc_fixed(good[:12] + struct.pack("<Q", 1 << 40) + good[20:]),
        "malformed-json.ckpt": crc_fixed(good[:20] + b"{{" + good[22:]),
        # A JSON number beyond double's range (same length as the field it replaces).
        "number-overflow.ckpt": crc_fixed(good.replace(b'"batch":16', b'"batch":9e9999', 1)),
    }
    h = json.loads(json.dumps(header))
    h["tensors"][0]["nbytes"] += 4
    cases["nbytes-mismatch.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["tensors"][1]["offset"] += 4
    cases["misaligned-offset.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["tensors"][0]["dtype"] = "f16"
    cases["unknown-dtype.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["tensors"][0]["shape"] = [-1, 4]
    cases["negative-shape.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["tensors"] = [t for t in h["tensors"] if t["name"] != "output.weight"]
    cases["missing-tensor.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    w = next(t for t in h["tensors"] if t["name"] == "output.weight")
    w["shape"] = [w["shape"][1], w["shape"][0]]
    cases["transposed-tensor.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    del h["meta"]["model"]
    cases["no-model.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["meta"]["model"]["layers"][0]["activation"] = "swish"
    cases["bad-model-spec.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["meta"]["training"]["epoch"] = "one"
    cases["bad-training-state.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["meta"] = [1, 2, 3]
    cases["meta-not-an-object.ckpt"] = make_checkpoint(h, payload)
    h = json.loads(json.dumps(header))
    h["meta"]["training"]["history"] = [{"epoch": 1, "train_loss": "low"}]
    cases["bad-history.ckpt"] = make_checkpoint(h, payload)
    # A valid checkpoint of a run stopped (Ctrl-C) in its second of three epochs.
    h = json.loads(json.dumps(header))
    h["meta"]["run"]["epochs"] = 3
    h["meta"]["training"]["next_batch"] = 2
    cases["interrupted-mlp.ckpt"] = make_checkpoint(h, payload)
    for name, data in cases.items():
        write(out("checkpoint", name), data)
    write(out("checkpoint", "good-mlp.ckpt"), good)
    seeds = seed_dir("fuzz_checkpoint")
    for name in ("good-mlp.ckpt", "bad-version.ckpt", "nbytes-mismatch.ckpt", "missing-tensor.ckpt",
                 "number-overflow.ckpt", "bad-history.ckpt", "interrupted-mlp.ckpt"):
        shutil.copy(out("checkpoint", name), os.path.join(seeds, name))


# ---- ONNX -----------------------------------------------------------------------------------------
def write_onnx_cases(good_path):
    import onnx
    from onnx import numpy_helper

    good = onnx.load(good_path)
    raw = open(good_path, "rb").read()
    cases = {"truncated.onnx": raw[: len(raw) * 2 // 3], "empty.onnx": b"", "garbage.onnx": b"\x08\x07not onnx" * 8}

    def variant(name, edit):
        m = onnx.ModelProto()
        m.CopyFrom(good)
        edit(m)
        cases[name] = m.SerializeToString()

    def init(m, name):
        return next(t for t in m.graph.initializer if t.name == name)

    def drop_initializer(m):
        keep = [t for t in m.graph.initializer if t.name != "output.weight"]
        del m.graph.initializer[:]
        m.graph.initializer.extend(keep)

    def col_out_of_range(m):
        t = init(m, "layer0.dendrites.col")
        a = numpy_helper.to_array(t).copy()
        a[1] = 9999
        t.CopyFrom(numpy_helper.from_array(a, t.name))

    def row_ptr_short(m):
        t = init(m, "layer0.dendrites.row_ptr")
        a = numpy_helper.to_array(t).copy()[:-1]
        t.CopyFrom(numpy_helper.from_array(a, t.name))

    def wrong_input_shape(m):
        m.graph.input[0].type.tensor_type.shape.dim[1].dim_value = 10

    def weight_as_double(m):
        t = init(m, "output.bias")
        t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype("float64"), t.name))

    def attribute_wrong_type(m):
        node = next(n for n in m.graph.node if n.op_type == "Softmax")
        del node.attribute[:]
        node.attribute.append(onnx.helper.make_attribute("axis", 1.5))

    def attribute_on_custom_node(m):
        node = next(n for n in m.graph.node if n.domain == "ai.dendrite")
        node.attribute.append(onnx.helper.make_attribute("k", 4))

    def unknown_custom_op(m):
        next(n for n in m.graph.node if n.domain == "ai.dendrite").op_type = "Axonal"

    def huge_dims(m):  # found by fuzz_onnx_import: the product of the dims overflowed in `inspect`
        t = init(m, "output.bias")
        del t.dims[:]
        t.dims.extend([1 << 31, 1 << 31, 1 << 31])

    def no_metadata(m):
        del m.metadata_props[:]

    def bad_metadata(m):
        for p in m.metadata_props:
            if p.key == "dendrite.model_spec":
                p.value = p.value.replace('"somata":4', '"somata":0')

    def huge_metadata(m):
        for p in m.metadata_props:
            if p.key == "dendrite.model_spec":
                spec_json = json.loads(p.value)
                spec_json["layers"][0]["somata"] = 1 << 20
                p.value = json.dumps(spec_json)

    variant("missing-initializer.onnx", drop_initializer)
    variant("index-out-of-range.onnx", col_out_of_range)
    variant("row-ptr-wrong-length.onnx", row_ptr_short)
    variant("wrong-input-shape.onnx", wrong_input_shape)
    variant("double-initializer.onnx", weight_as_double)
    variant("attribute-wrong-type.onnx", attribute_wrong_type)
    variant("attribute-on-custom-node.onnx", attribute_on_custom_node)
    variant("unknown-custom-op.onnx", unknown_custom_op)
    variant("huge-dims.onnx", huge_dims)

    def terabyte_dims(m):  # a valid element count far beyond the data the file holds
        t = init(m, "output.bias")
        del t.dims[:]
        t.dims.extend([1 << 20, 1 << 20])

    variant("terabyte-dims.onnx", terabyte_dims)

    # Values ONNX Runtime does not check: without the plugin these would run as another model.
    def edit_values(name, index, value):
        def edit(m):
            t = init(m, name)
            a = numpy_helper.to_array(t).copy()
            a.flat[index] = value
            t.CopyFrom(numpy_helper.from_array(a, t.name))
        return edit

    def without_metadata(edit):  # the same defect in a file that does not say it comes from dendrite
        def both(m):
            edit(m)
            no_metadata(m)
        return both

    negative_col = edit_values("layer0.dendrites.col", 1, -3)
    decreasing_row_ptr = edit_values("layer0.dendrites.row_ptr", 2, 2)  # [0, 4, 2, 12, ...]
    nan_weight = edit_values("layer0.dendrites.weight", 2, float("nan"))
    variant("negative-col.onnx", negative_col)
    variant("decreasing-row-ptr.onnx", decreasing_row_ptr)
    variant("nan-weight.onnx", nan_weight)
    variant("inf-bias.onnx", edit_values("output.bias", 1, float("inf")))
    variant("foreign-negative-col.onnx", without_metadata(negative_col))
    variant("foreign-decreasing-row-ptr.onnx", without_metadata(decreasing_row_ptr))
    variant("foreign-nan-weight.onnx", without_metadata(nan_weight))
    variant("no-model-spec.onnx", no_metadata)
    variant("bad-model-spec.onnx", bad_metadata)
    variant("huge-model-spec.onnx", huge_metadata)
    for name, data in cases.items():
        write(out("onnx", name), data)
    shutil.copy(good_path, out("onnx", "good-dann.onnx"))
    seeds = seed_dir("fuzz_onnx_import")
    shutil.copy(good_path, os.path.join(seeds, "good-dann.onnx"))
    for name in ("missing-initializer.onnx", "index-out-of-range.onnx", "bad-model-spec.onnx", "huge-dims.onnx",
                 "nan-weight.onnx", "foreign-negative-col.onnx", "foreign-nan-weight.onnx"):
        shutil.copy(out("onnx", name), os.path.join(seeds, name))


# ---- Plugin validation seeds (format: see fuzz/fuzz_plugin_csr.cpp) ---------------------------
def write_plugin_seeds():
    seeds = seed_dir("fuzz_plugin_csr")
    # flags (bit 0: int64 indptr, bit 1: int64 indices), N, n_in, n_out, nnz, then the values.
    def seed(name, flags, n, n_in, indptr, indices):
        head = struct.pack("<BBBBB", flags, n, n_in, len(indptr) - 1, len(indices))
        p_fmt = "<%d%s" % (len(indptr), "q" if flags & 1 else "i")
        i_fmt = "<%d%s" % (len(indices), "q" if flags & 2 else "i")
        write(os.path.join(seeds, name), head + struct.pack(p_fmt, *indptr) + struct.pack(i_fmt, *indices))
    seed("valid-i32", 0, 3, 6, [0, 2, 3, 5], [0, 4, 2, 1, 5])
    seed("valid-i64", 3, 70, 4, [0, 1, 1, 4], [3, 0, 1, 2])
    seed("index-out-of-range", 0, 2, 4, [0, 2, 3], [0, 4, 1])
    seed("indptr-not-monotone", 1, 2, 4, [0, 3, 2, 3], [0, 1, 2])
    seed("empty-batch", 0, 0, 3, [0, 1], [2])


def seed_dir(target):
    path = os.path.join(FUZZ, target)
    os.makedirs(path, exist_ok=True)
    return path


def trained_model(tool, tmp, model_args, name):
    data = os.path.relpath(os.path.join(HERE, "data"), REPO)  # recorded in the checkpoint: keep it short
    run_dir = os.path.join(tmp, name)
    cmd = [tool, "train", "--train-images", os.path.join(data, "train-images.idx"),
           "--train-labels", os.path.join(data, "train-labels.idx"),
           "--test-images", os.path.join(data, "test-images.idx"),
           "--test-labels", os.path.join(data, "test-labels.idx"),
           "--epochs", "1", "--batch", "16", "--seed", "3", "--quiet", "--no-progress",
           "--out", run_dir, "--export", os.path.join(run_dir, "model.onnx")] + model_args
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return os.path.join(run_dir, "checkpoint.ckpt"), os.path.join(run_dir, "model.onnx")


def main():
    if len(sys.argv) != 2:
        print("usage: make_corpus.py DENDRITE_TOOL", file=sys.stderr)
        sys.exit(2)
    tool = os.path.abspath(sys.argv[1])
    write_data()
    write_idx_cases()
    write_gzip_cases()
    write_label_check_cases()
    write_cifar_cases()
    write_model_cases()
    write_plugin_seeds()
    with tempfile.TemporaryDirectory() as tmp:
        ckpt, _ = trained_model(tool, tmp, ["--model", "mlp", "--hidden", "8"], "mlp")
        write_checkpoint_cases(open(ckpt, "rb").read())
        _, onnx_path = trained_model(tool, tmp, ["--model", "dann-grf", "--dendrites", "2", "--somata", "4",
                                                 "--synapses", "4"], "dann")
        write_onnx_cases(onnx_path)


if __name__ == "__main__":
    main()
