"""gaozhi（告知）：证明事项告知承诺制联络员工具箱。

The library lives in the capability packages (``catalog``, ``calendar``, ``deadlines``,
``letters``); ``cli`` is a thin Typer layer over them.
"""

__version__ = "0.1.0"
