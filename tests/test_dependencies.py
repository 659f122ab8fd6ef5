"""The versions CI tests are the versions an operator installs: every package of the
environment is pinned in pyproject.toml (tool.uv.constraint-dependencies), at the version
installed."""

import tomllib
from importlib.metadata import distributions

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def test_every_installed_package_is_pinned_at_its_version():
    project = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())
    pins = {}
    for line in project["tool"]["uv"]["constraint-dependencies"]:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line  # an exact version, not a range
        pins[canonicalize_name(requirement.name)] = specifier.version
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}
    assert {name: version for name, version in installed.items() if pins.get(name) != version} == {}
    assert set(pins) >= set(installed)
