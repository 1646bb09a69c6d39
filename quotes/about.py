__title__ = "quotes"
__version__ = "0.1.0"
