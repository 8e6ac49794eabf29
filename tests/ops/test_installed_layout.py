"""Where the app finds its instance folder, templates and migrations: in a checkout and in an
installed wheel (the wheel itself is built, installed and served by .ci/wheel-check)."""

from __future__ import annotations

import importlib
from pathlib import Path

import academy
from academy import PROJECT_ROOT, create_app, shipped_path


def test_academy_instance_path_moves_the_default_sqlite_database(monkeypatch, tmp_path):
    monkeypatch.setenv("ACADEMY_ENV", "development")
    monkeypatch.setenv("ACADEMY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    import config

    importlib.reload(config)
    try:
        app = create_app()
    finally:
        monkeypatch.undo()
        importlib.reload(config)
    assert app.instance_path == str(tmp_path / "instance")
    assert Path(app.instance_path).is_dir()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path / 'instance' / 'academy.sqlite'}"
    )


def test_a_checkout_reads_templates_and_migrations_beside_the_package():
    assert shipped_path("templates") == PROJECT_ROOT / "templates"
    assert shipped_path("migrations") == PROJECT_ROOT / "migrations"


def test_an_installed_package_reads_the_folders_shipped_inside_it(monkeypatch, tmp_path):
    package = tmp_path / "site-packages" / "academy"
    (package / "templates").mkdir(parents=True)
    (package / "migrations").mkdir()
    monkeypatch.setattr(academy, "PACKAGE_DIR", package)
    monkeypatch.setattr(academy, "PROJECT_ROOT", package.parent)
    assert shipped_path("templates") == package / "templates"
    assert shipped_path("migrations") == package / "migrations"
    monkeypatch.delenv("ACADEMY_INSTANCE_PATH", raising=False)
    assert academy.instance_path() is None  # Flask's default for installed packages
