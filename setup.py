"""Packaging beyond pyproject.toml: a wheel carries the top-level templates/ and migrations/
inside the package (academy/templates, academy/migrations), where `academy.shipped_path`
finds them when the app runs from an installed wheel."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED_FOLDERS = ("templates", "migrations")


class BuildPyWithShippedFolders(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads them from the checkout
        for name in SHIPPED_FOLDERS:
            shutil.copytree(
                Path(name),
                Path(self.build_lib) / "academy" / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )


setup(cmdclass={"build_py": BuildPyWithShippedFolders})
