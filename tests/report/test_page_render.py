"""index.html rendered by headless Chromium (Debian's chromium, no network, a fresh profile): the
screenshot shows the figures, not a blank page or broken images: enough non-white pixels, and the
variants' palette colours are on screen (they exist only inside the figures)."""
import os
import shutil
import subprocess
import tempfile
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402

import store_factory as sf  # noqa: E402
from dendrite.report.names import OKABE_ITO  # noqa: E402
from report_case import ReportCase  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def colour_pixels(rgb, hex_colour, tolerance=0.06):
    target = [int(hex_colour[i:i + 2], 16) / 255.0 for i in (1, 3, 5)]
    close = abs(rgb[..., 0] - target[0]) < tolerance
    close &= abs(rgb[..., 1] - target[1]) < tolerance
    close &= abs(rgb[..., 2] - target[2]) < tolerance
    return int(close.sum())


class PageRender(ReportCase):
    def test_screenshot_shows_the_figures(self):
        self.assertTrue(os.access(CHROMIUM, os.X_OK), "%s is missing (apt-get install chromium)" % CHROMIUM)
        store = self.path("sweep.db")
        sf.make_sweep_store(store).close()
        out = self.path("out")
        r = self.tool("report", "--store", store, "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        shot = self.path("screenshot.png")
        profile = tempfile.mkdtemp(prefix="dendrite-chromium-")
        self.addCleanup(shutil.rmtree, profile, True)
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile, "--screenshot=" + shot, "--window-size=1200,2000",
               "file://" + os.path.join(out, "index.html")]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=self.tmp)
        self.assertEqual(done.returncode, 0, done.stderr)
        image = matplotlib.image.imread(shot)
        self.assertEqual(image.shape[:2], (2000, 1200))
        rgb = image[..., :3]
        non_white = float((rgb.min(axis=2) < 0.85).mean())
        self.assertGreater(non_white, 0.03, "the page looks blank")
        for name in ("blue", "orange", "bluish_green", "reddish_purple"):
            self.assertGreater(colour_pixels(rgb, OKABE_ITO[name]), 200, "no %s pixels: figures not shown" % name)


if __name__ == "__main__":
    unittest.main()
