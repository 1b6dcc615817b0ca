"""The wheel and sdist: built from the checkout, checked by twine, installed in a fresh venv."""

import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("autograd_core", "nn")
#: What a build needs from the checkout; demos and benchmarks come along to show they stay out.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", *PACKAGES, "demos", "benchmarks")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """{"wheel": path, "sdist": path}, built by ``python -m build`` from a copy of the checkout."""
    pytest.importorskip("build", reason="the build package is not installed")
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: build with this environment's setuptools (the dev extra), no download.
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                            str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_twine_accepts_the_wheel_and_the_sdist(dist):
    pytest.importorskip("twine", reason="twine is not installed")
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                              str(dist["wheel"]), str(dist["sdist"])],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_wheel_installs_only_the_engine_and_nn(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        tops = {name.split("/")[0] for name in wheel.namelist()}
        top_level = next(name for name in wheel.namelist() if name.endswith("top_level.txt"))
        listed = set(wheel.read(top_level).decode().split())
    assert {top for top in tops if not top.endswith(".dist-info")} == set(PACKAGES)
    assert listed == set(PACKAGES)


def test_the_wheel_holds_every_file_of_the_packages_besides_code(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    data = [path.relative_to(ROOT).as_posix() for package in PACKAGES
            for path in (ROOT / package).rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts]
    assert data, "the packages hold data files (the font at least)"
    assert [name for name in data if name not in names] == []


def test_the_wheel_declares_the_console_script(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        entry_points = next(name for name in wheel.namelist() if name.endswith("entry_points.txt"))
        text = wheel.read(entry_points).decode()
    assert "autograd-core = autograd_core.command_line.commands:main" in text


def test_the_sdist_holds_the_packages_and_their_data(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {"/".join(name.split("/")[1:]) for name in sdist.getnames()}
    assert {"pyproject.toml", "README.md", "LICENSE", "autograd_core/__init__.py", "nn/__init__.py",
            "autograd_core/seeing/fonts/DejaVuSansMono.ttf"} <= names


def test_the_license_travels_with_the_wheel(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        licenses = [name for name in wheel.namelist() if name.endswith("/LICENSE")]
        metadata = wheel.read(next(name for name in wheel.namelist() if name.endswith("METADATA"))).decode()
        text = wheel.read(licenses[0]).decode() if licenses else ""
    assert "MIT License" in text and "Permission is hereby granted" in text
    assert "License-Expression: MIT" in metadata


def test_the_wheel_works_in_a_fresh_venv_without_extras(dist, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                                "--quiet", "--no-index", "--no-deps", str(dist["wheel"])],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    outside = tmp_path / "elsewhere"            # not the checkout: only the installed packages
    outside.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONIOENCODING"] = "utf-8"

    def run(*arguments):
        return subprocess.run([str(python), *arguments], capture_output=True, text=True,
                              cwd=outside, env=env, timeout=120)

    imported = run("-c", "import autograd_core, nn, sys; print(autograd_core.__file__); "
                         "print(nn.__file__); print(nn.MLP(2, [1], seed=0)([1.0, 2.0]).data)")
    assert imported.returncode == 0, imported.stderr
    assert all(str(venv) in line for line in imported.stdout.splitlines()[:2])
    command = run("-m", "autograd_core", "grad", "x**2", "x=3")
    assert (command.returncode, command.stdout, command.stderr) == (0, "f = 9\ndf/dx = 6\n", "")
    script = venv / ("Scripts" if os.name == "nt" else "bin") / "autograd-core"
    assert script.exists()
    png = run("-m", "autograd_core", "draw", "x**2", "x=3", "-o", "x.png")   # no render extra
    assert png.returncode == 2 and png.stdout == "" and "Traceback" not in png.stderr
    assert len(png.stderr.splitlines()) == 1 and "autograd-core[render]" in png.stderr
    assert not (outside / "x.png").exists()
    for absent in ("demos", "benchmarks"):
        missing = run("-c", f"import {absent}")
        assert missing.returncode != 0 and "ModuleNotFoundError" in missing.stderr
