"""Writes a small labelled data set as .npy files for the cluster tests: 8x8 grey images whose
class (0-3) is the quadrant holding a bright 3x3 patch, on noise (seeded, so every call with the
same arguments writes the same bytes).

    python3 quadrant_data.py OUT_DIR N_TRAIN N_TEST
"""
import sys

import numpy as np


def make(n, rng):
    x = rng.uniform(0.0, 0.3, size=(n, 8, 8)).astype(np.float32)
    y = rng.integers(0, 4, size=n).astype(np.uint8)
    for i, label in enumerate(y):
        top, left = 4 * (label // 2), 4 * (label % 2)
        r, c = top + rng.integers(0, 2), left + rng.integers(0, 2)
        x[i, r:r + 3, c:c + 3] = 1.0
    return x, y


def main():
    out, n_train, n_test = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(7)
    for part, n in (("train", n_train), ("test", n_test)):
        x, y = make(n, rng)
        np.save(f"{out}/{part}-images.npy", x)
        np.save(f"{out}/{part}-labels.npy", y)


if __name__ == "__main__":
    main()
