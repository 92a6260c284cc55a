"""Copy the front-end packages npm installed into Baylink's own static files.

`make assets` runs `npm ci` and then this; the app serves the copies itself (WhiteNoise), so
no page ever loads anything from a CDN.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "baylink" / "static" / "vendor"

# (package, file in the package, target folder under static/vendor)
FILES = [
    ("bootstrap", "dist/css/bootstrap.min.css", "bootstrap"),
    ("bootstrap", "dist/css/bootstrap.min.css.map", "bootstrap"),
    ("bootstrap", "dist/js/bootstrap.bundle.min.js", "bootstrap"),
    ("bootstrap", "dist/js/bootstrap.bundle.min.js.map", "bootstrap"),
    ("bootstrap", "LICENSE", "bootstrap"),
    ("htmx.org", "dist/htmx.min.js", "htmx"),
    ("htmx.org", "LICENSE", "htmx"),
    ("echarts", "dist/echarts.min.js", "echarts"),
    ("echarts", "LICENSE", "echarts"),
]


def main() -> int:
    missing = [
        f"{package}/{path}"
        for package, path, _ in FILES
        if not (NODE_MODULES / package / path).is_file()
    ]
    if missing:
        print("Missing front-end files (run `npm ci` first):", *missing, sep="\n  ")
        return 1
    for package, path, target in FILES:
        destination = VENDOR / target
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copy2(NODE_MODULES / package / path, destination / Path(path).name)
    print(f"Copied {len(FILES)} files into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
