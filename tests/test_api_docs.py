"""docs/api.md lists every endpoint the schema has (so the docs cannot drift from the code)."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_every_endpoint_is_in_docs_api(tmp_path):
    out = tmp_path / "schema.yaml"
    subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--file", str(out)],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    paths = set(yaml.safe_load(out.read_text())["paths"])
    documented = set(re.findall(r"^\| `(/api/v1/[^`]*)` \|", (ROOT / "docs" / "api.md").read_text(), re.M))
    assert not paths - documented, f"run `manage.py api_endpoints --write`; missing: {sorted(paths - documented)}"
    assert not documented - paths, f"these in docs/api.md no longer exist: {sorted(documented - paths)}"
