"""Deployment settings: production refuses to start without its secrets; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "PII_ENCRYPTION_KEY",
            "DJANGO_DEBUG",
            "REGISTRY_TESTING",
            "SECURE_SSL_REDIRECT",
            "ALLOWED_HOSTS",
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
    "PII_ENCRYPTION_KEY": "production-like-pii-key",
    "ALLOWED_HOSTS": "registry.example.gov.cn",
}


def test_check_deploy_is_clean_under_production_like_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PII_ENCRYPTION_KEY"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr


def test_a_typo_in_a_boolean_setting_is_an_error():
    result = run_manage("check", **{**PRODUCTION, "DJANGO_DEBUG": "treu"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG='treu'" in result.stderr


def test_the_database_comes_from_database_url(tmp_path):
    db = tmp_path / "other.sqlite3"
    result = run_manage("migrate", "--check", **{**PRODUCTION, "DATABASE_URL": f"sqlite:///{db}"})
    # Unapplied migrations on a new file: --check exits 1 and the file was opened.
    assert result.returncode == 1
    assert db.exists()


def test_time_zone_and_languages():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
