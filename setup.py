"""Builds the ledger's C module; the project itself is described in pyproject.toml.

`polemica.ledger._native` needs a C compiler, the Python headers and OpenSSL's libcrypto with
its headers. Without them the installation fails with a message saying so: there is no pure
Python fallback to install instead.
"""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CompileError, ExecError, LinkError, PlatformError

NEEDS = (
    "It needs a C compiler, the Python headers and OpenSSL's libcrypto with its headers "
    "(Debian and Ubuntu: apt-get install gcc python3-dev libssl-dev)."
)


class BuildNative(build_ext):
    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except (CompileError, LinkError, ExecError, PlatformError) as exc:
            raise SystemExit(f"polemica: cannot build {ext.name}: {exc}\n{NEEDS}") from exc


setup(
    ext_modules=[
        Extension(
            "polemica.ledger._native",
            ["src/polemica/ledger/_native.c"],
            libraries=["crypto"],
            extra_compile_args=["-O2", "-std=gnu11", "-Wall"],
        )
    ],
    cmdclass={"build_ext": BuildNative},
)
