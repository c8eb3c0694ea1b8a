"""sympy (a second to import) is imported only when a formula is used."""

from __future__ import annotations

from tests.cli_checks import modules_after

HEAVY = ("sympy", "matplotlib", "importlib.metadata")


def _imported(code: str) -> list[str]:
    _, loaded = modules_after(code, HEAVY)
    return [module for module, imported in loaded.items() if imported]


def test_the_registry_and_the_cli_do_not_import_sympy():
    code = ("import actviz, actviz.cli\n"
            "actviz.get('relu'); actviz.names(); float(actviz.get('elu:alpha=0.5')(1.0))\n"
            "try:\n"
            "    actviz.get('relux')\n"
            "except actviz.UnknownActivationError:\n"
            "    pass\n")
    # importlib.metadata is spared too when no installed package declares a plugin
    assert _imported(code) == []


def test_the_first_formula_imports_sympy():
    assert "sympy" in _imported("import actviz; actviz.get('f(x)=x*sigmoid(x)')")
