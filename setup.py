"""Packages for setuptools: those under src/, plus resources/ and posts/ mapped into blogdesk.

Everything else (metadata, package-dir, package-data) is in pyproject.toml. The folders inside the
two mapped ones are listed too (as namespace packages), so setuptools installs their files without
warning that a folder Python can import is missing from ``packages``.
"""

from setuptools import find_namespace_packages, find_packages, setup


def mapped(package: str, folder: str) -> list[str]:
    return [package, *(f"{package}.{sub}" for sub in find_namespace_packages(folder))]


setup(
    packages=[
        *find_packages("src"),
        *mapped("blogdesk.resources", "resources"),
        *mapped("blogdesk.sample_posts", "posts"),
    ]
)
