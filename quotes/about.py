__title__ = "quotes"
# The distribution (what pip installs, and what a packaged pipeline requires): the name `quotes` on
# PyPI belongs to another project. It is the `name` in pyproject.toml.
__distribution__ = "spacy-quotes"
__version__ = "0.1.0"
