"""The package is built in layers, and each layer imports only from those below it.

core ← calculus ← seeing ← checking ← the command line, and ``nn`` on the
public API. Read from the source with ``ast``, so an import inside a function
counts too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "autograd_core"

#: What each layer of autograd_core may import from the package (besides itself).
ALLOWED = {
    "core": set(),
    "calculus": {"core"},
    "seeing": {"core", "calculus", "files"},
    "checking": {"core", "calculus", "seeing"},
    "command_line": {"core", "calculus", "seeing", "checking", "files", "examples"},
}
#: The records themselves: the only modules that may read an operation's name.
RECORD_MODULES = {"core/record.py", "core/arithmetic.py", "core/functions.py", "core/sums.py",
                  "core/writing.py"}


def _modules(folder):
    return sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts)


def _imports(path):
    """(module imported, names imported) for every import in the file, however deep."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - node.level + 1])
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [alias.name for alias in node.names]
            if node.level and not node.module:
                # from . import x: each name is a module of the package
                for name in names:
                    yield f"{module}.{name}", []
            else:
                yield module, names


def _layer_of(module):
    parts = module.split(".")
    if parts[0] != "autograd_core" or len(parts) < 2:
        return None
    return parts[1]


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_each_layer_imports_only_from_the_layers_below_it(layer):
    folder = PACKAGE / layer
    if not folder.exists():
        pytest.skip(f"no {layer} layer")
    wrong = []
    for path in _modules(folder):
        for module, _ in _imports(path):
            if module == "nn" or module.startswith("nn."):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
            target = _layer_of(module)
            if target is not None and target != layer and target not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_no_module_imports_a_private_name_from_another():
    wrong = []
    for folder in (PACKAGE, ROOT / "nn"):
        for path in _modules(folder):
            for module, names in _imports(path):
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private:
                    wrong.append(f"{path.relative_to(ROOT)}: from {module} import {private}")
    assert wrong == []


def test_nn_uses_only_public_names_of_the_engine():
    wrong = []
    for path in _modules(ROOT / "nn"):
        for module, names in _imports(path):
            if module.startswith("autograd_core") and any(part.startswith("_")
                                                          for part in module.split(".")):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def _reads_an_operation_name(node):
    """An expression that looks at the characters of ``something.op``."""
    def is_op(expr):
        return (isinstance(expr, ast.Attribute) and expr.attr == "op"
                or isinstance(expr, ast.Name) and expr.id in ("op", "op_name"))

    def is_text(expr):
        return isinstance(expr, ast.Constant) and isinstance(expr.value, str) or isinstance(
            expr, (ast.Set, ast.Tuple, ast.List)) or isinstance(expr, ast.Name) and expr.id.isupper()

    if isinstance(node, ast.Compare):
        sides = [node.left] + node.comparators
        return any(is_op(a) for a in sides) and any(is_text(a) for a in sides)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        target = node.func.value
        if node.func.attr in {"startswith", "endswith", "split", "find", "index", "replace"}:
            return is_op(target) or (isinstance(target, ast.Call) and any(
                is_op(arg) for arg in target.args))
    if isinstance(node, ast.Subscript):
        return is_op(node.value)
    return False


def _names_read_in(source):
    return [ast.unparse(node) for node in ast.walk(ast.parse(source)) if _reads_an_operation_name(node)]


def test_the_check_for_reading_names_finds_what_the_engine_once_did():
    once = """
if node.op in ("+", "-", "*"):
    pass
if op.startswith("Σw·x"):
    pass
if op[:2] == "**":
    pass
if node.op in WEIGHTED_SUMS:
    pass
"""
    assert len(_names_read_in(once)) == 4
    assert _names_read_in("if node.op.is_a(WEIGHTED_SUM): pass") == []


def test_no_code_outside_the_records_reads_an_operations_name():
    wrong = []
    for folder in (PACKAGE, ROOT / "nn", ROOT / "demos"):
        for path in _modules(folder):
            if path.relative_to(PACKAGE if folder == PACKAGE else ROOT).as_posix() in RECORD_MODULES:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if _reads_an_operation_name(node):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert wrong == []
