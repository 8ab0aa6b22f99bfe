"""The package's data files, read zip-safe and cheaply."""

import pkgutil

__all__ = ["data_text"]

_PACKAGE = "runpelvis"


def data_text(*parts: str) -> str:
    """The text of the package's data file ``data/<parts...>``, read zip-safe.

    ``pkgutil.get_data`` asks the package's own loader, from a directory or a zip archive
    alike, at the cost of one small import. importlib_resources is the way for a loader
    that cannot read data itself, but importing it and locating the package pulls in
    tempfile, shutil and zipfile: 7 ms, a quarter of a cold start's first triage.
    """
    raw = pkgutil.get_data(_PACKAGE, "/".join(("data", *parts)))
    if raw is None:  # a loader without get_data
        import importlib_resources

        resource = importlib_resources.files(_PACKAGE).joinpath("data", *parts)
        return resource.read_text(encoding="utf-8")
    return raw.decode("utf-8")
