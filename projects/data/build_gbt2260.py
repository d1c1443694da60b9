"""Rebuild gbt2260.csv (GB/T 2260 division codes) from python-stdnum's cn/loc.dat.

    .venv/bin/python projects/data/build_gbt2260.py

loc.dat is compiled by python-stdnum from the Wikipedia lists of PRC division
codes and keeps abolished codes with the years they were valid. We add the
few codes it misses (SUPPLEMENT). Keep abolished codes: ID numbers and old
records still carry them.
"""

import csv
import re
from pathlib import Path

import stdnum

SUPPLEMENT = [
    # code, name, valid_from, valid_until
    ("330113", "临平区", "2021", ""),
    ("330114", "钱塘区", "2021", ""),
]

SPAN = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


def main() -> None:
    src = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    rows: dict[str, tuple[str, str, str]] = {}
    province = ""
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        suffix, rest = line.strip().split(" ", 1)
        code = province + suffix
        names = rest.split("=", 1)[1].strip('"').split(",")
        # The last entry is the newest name; the code's life spans all of them.
        first_from, last_until, name = "", "", names[-1]
        for i, entry in enumerate(names):
            m = SPAN.match(entry)
            start, end, nm = (m.group(1), m.group(2), m.group(3)) if m else ("", "", entry)
            if i == 0:
                first_from = start
            if i == len(names) - 1:
                last_until, name = end, nm
        rows[code] = (name, first_from, last_until)
    for code, name, start, end in SUPPLEMENT:
        rows[code] = (name, start, end)
    out = Path(__file__).with_name("gbt2260.csv")
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "valid_from", "valid_until"])
        for code in sorted(rows):
            w.writerow([code, *rows[code]])
    print(f"{len(rows)} codes written to {out}")


if __name__ == "__main__":
    main()
