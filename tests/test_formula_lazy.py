"""sympy (a second to import) is imported only when a formula is used."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> list[str]:
    script = (f"import sys\n{code}\n"
              "print(' '.join(m for m in ('sympy', 'matplotlib', 'importlib.metadata') "
              "if m in sys.modules))\n")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               check=False)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.split()


def test_the_registry_and_the_cli_do_not_import_sympy():
    code = ("import actviz, actviz.cli\n"
            "actviz.get('relu'); actviz.names(); float(actviz.get('elu:alpha=0.5')(1.0))\n"
            "try:\n"
            "    actviz.get('relux')\n"
            "except actviz.UnknownActivationError:\n"
            "    pass\n")
    # importlib.metadata is spared too when no installed package declares a plugin
    assert _modules_after(code) == []


def test_the_first_formula_imports_sympy():
    assert "sympy" in _modules_after("import actviz; actviz.get('f(x)=x*sigmoid(x)')")
