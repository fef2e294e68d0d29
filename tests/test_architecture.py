"""The extension's shape: one extension, named order, typed warnings, fenced
patches, declared data, and a build that never loads the importer."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx
from bs4 import BeautifulSoup
from sphinx.errors import VersionRequirementError
from sphinx.search import IndexBuilder
from sphinx.transforms.post_transforms import ReferencesResolver

import handbook
from handbook.sphinxext import ENV_VERSION, FEATURES, SPHINX_RANGE, envdata, navtree, order, problems, searchindex

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "handbook" / "sphinxext"
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "__init__.py")


def _functions(path: Path) -> list[str]:
    return [n.name for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef)]


def test_conf_py_loads_one_local_extension():
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf-8"))
    extensions = next(ast.literal_eval(n.value) for n in tree.body
                      if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "extensions")
    assert [e for e in extensions if e.startswith("handbook")] == ["handbook.sphinxext"]


def test_each_feature_module_has_one_setup_function_and_no_extension_setup():
    features = {fn.__module__.rsplit(".", 1)[1]: fn.__name__ for _name, fn in FEATURES}
    for path in MODULES:
        setups = [f for f in _functions(path) if f.startswith("setup")]
        if path.stem in features:
            assert setups == [f"setup_{path.stem}"] == [features[path.stem]], path.name
        else:  # helpers (order, problems, patches, envdata) register at most their own hooks
            assert "setup" not in setups and len(setups) <= 1, path.name


def test_no_bare_priority_numbers_outside_order_py():
    pattern = re.compile(r"(priority\s*=\s*-?\d|default_priority\s*=\s*-?\d)")
    offenders = [f"{p.name}:{n}" for p in MODULES if p.name != "order.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_named_order_is_the_order_that_matters():
    # Pulled blocks are numbered, then resolved; trainer text goes before Sphinx collects anything.
    assert order.PULL_BLOCKS < order.NUMBER_CHAPTER_REFS < ReferencesResolver.default_priority
    assert order.REMOVE_TRAINER_ONLY < 100
    assert order.RESTORE_STANDARD_NUMBERS < 500 < order.BOOK_NUMBERS < order.SIDEBAR_CHANGED
    assert order.CHAPTER_METADATA < order.FRESHNESS_LINE


def test_build_packages_never_import_the_importer():
    for path in [*PACKAGE.glob("*.py"), *(ROOT / "handbook" / "publish").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            assert not [n for n in names if n.startswith("handbook.importer")], path.name
    code = ("import sys, handbook.sphinxext, handbook.publish.build, handbook.check; "
            "from handbook.__main__ import _parser; _parser().parse_args(['build', 'html']); "
            "print(sorted(m for m in sys.modules if m.startswith('handbook.importer')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.sphinx("html", testroot="order", freshenv=True)
def test_extension_metadata(app):
    meta = app.extensions["handbook.sphinxext"]
    assert meta.version == handbook.__version__
    assert meta.metadata["env_version"] == ENV_VERSION
    assert meta.parallel_read_safe and meta.parallel_write_safe
    assert not [name for name in app.extensions if name.startswith("handbook.sphinxext.")]


def test_sphinx_outside_the_tested_range_is_refused(make_app, rootdir, monkeypatch, tmp_path):
    from sphinx.testing.util import SphinxTestApp

    monkeypatch.setattr(sphinx, "version_info", (*SPHINX_RANGE[1], 0, "final", 0))
    with pytest.raises(VersionRequirementError, match=r"tested with Sphinx"):
        SphinxTestApp("html", srcdir=rootdir / "test-order", builddir=tmp_path / "out")


def test_every_warning_is_a_declared_type_and_the_guide_lists_them():
    used = set()
    for path in [*PACKAGE.glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "warn" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
            # A block directive warns under its kind (BlockDirective.problem).
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.Assign) and getattr(item.targets[0], "id", "") == "kind" \
                            and isinstance(item.value, ast.Constant):
                        used.add(item.value.value)
    blocks = {cls.kind for cls in __import__("handbook.sphinxext.blocks", fromlist=["DIRECTIVES"]).DIRECTIVES.values()}
    assert used | blocks <= set(problems.WARNING_TYPES)
    assert set(problems.WARNING_TYPES) <= used | blocks, "a declared warning type nothing gives"
    guide = (ROOT / "handbook" / "README.md").read_text(encoding="utf-8")
    assert problems.markdown_table() in guide  # the guide's table is the code's, word for word
    with pytest.raises(KeyError):
        problems.warn("no-such-type", "x")


def test_environment_stores_are_declared_with_their_owner():
    for name, (owner, _what) in {**envdata.DOC_STORES, **envdata.BUILD_VALUES}.items():
        text = (PACKAGE / f"{owner}.py").read_text(encoding="utf-8")
        assert name in text or f'"{name.removeprefix("handbook_")}"' in text, (name, owner)
    with pytest.raises(KeyError):
        envdata.doc_store(object(), "handbook_undeclared")


# -- fenced patches -------------------------------------------------------------------------


def _nav_html(outdir: Path, page: str) -> str:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    return str(soup.select_one(".sidebar-tree"))


def test_fences_install_the_replacements_for_the_checked_versions_only_during_the_build(make_app, rootdir, monkeypatch,
                                                                                      tmp_path):
    import furo

    seen = {}
    original = navtree._fast_navigation_tree

    def spy(context):
        seen["furo"] = furo._compute_navigation_tree
        seen["load"] = IndexBuilder.freeze
        return original(context)

    monkeypatch.setattr(navtree, "_fast_navigation_tree", spy)
    app = make_app("html", srcdir=rootdir / "test-navtree", builddir=tmp_path, freshenv=True)
    app.build()
    assert "handbook.patch" not in app.warning.getvalue()
    assert seen["furo"] is spy and seen["load"] is searchindex._freeze
    # Put back when the build ends.
    assert furo._compute_navigation_tree is navtree._STOCK
    assert IndexBuilder.freeze is searchindex._original["freeze"]


@pytest.mark.parametrize("package", ["furo", "Sphinx"])
def test_a_different_version_warns_and_builds_with_stock_behavior(package, make_app, rootdir, monkeypatch, tmp_path):
    import furo

    if package == "furo":
        monkeypatch.setattr(furo, "__version__", "2099.1.1", raising=False)
    else:
        monkeypatch.setattr(sphinx, "__version__", "9.9.99")
    calls = []
    monkeypatch.setattr(navtree._Navigation, "render", lambda self, page: calls.append(page) or "")
    stock = make_app("html", srcdir=rootdir / "test-navtree", builddir=tmp_path / "stock",
                     confoverrides={"handbook_fast_navigation": False}, freshenv=True)
    stock.build()
    app = make_app("html", srcdir=rootdir / "test-navtree", builddir=tmp_path / "patched", freshenv=True)
    if package == "Sphinx":
        seen = {}
        monkeypatch.setattr(searchindex, "_freeze", lambda self: seen.setdefault("ours", True))
    app.build()
    warnings = app.warning.getvalue()
    version = "2099.1.1" if package == "furo" else "9.9.99"
    assert f"{package} {version} is installed" in warnings and "[handbook.patch]" in warnings
    assert "stock behavior" in warnings
    if package == "furo":
        assert calls == []  # the fast tree never ran ...
        for page in ("index.html", "part1/sub/deep-1.html"):  # ... and the sidebars are furo's own
            assert _nav_html(Path(app.outdir), page) == _nav_html(Path(stock.outdir), page)
    else:
        assert IndexBuilder.freeze is searchindex._original["freeze"] and "ours" not in seen
        assert (Path(app.outdir) / "searchindex.js").is_file()


def test_a_replaced_function_with_other_parameters_is_not_patched(make_app, rootdir, monkeypatch, tmp_path):
    import furo

    def changed(context, extra=None):  # what a furo upgrade might do
        return "CHANGED-NAVIGATION"

    monkeypatch.setattr(furo, "_compute_navigation_tree", changed)
    app = make_app("html", srcdir=rootdir / "test-navtree", builddir=tmp_path, freshenv=True)
    app.build()
    assert "furo 2025.12.19's _compute_navigation_tree takes (context, extra), not (context)" in app.warning.getvalue()
    assert furo._compute_navigation_tree is changed
    assert "CHANGED-NAVIGATION" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


# -- configuration ------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="order", freshenv=True, confoverrides={"handbook_edition": "coach"})
def test_an_unknown_edition_is_named_and_the_participant_edition_is_built(app):
    app.build()
    warnings = app.warning.getvalue()
    assert "handbook_edition" in warnings and "coach" in warnings and "participant" in warnings
    assert app.config.handbook_edition == "participant"


# -- order: a {chapter} link inside a block pulled into a session --------------------------


@pytest.mark.sphinx("html", testroot="order", freshenv=True)
def test_a_chapter_link_in_a_pulled_block_reads_chapter_number_and_title(app):
    app.build()
    assert app.warning.getvalue() == ""
    for page in ("session.html", "part/two.html"):
        soup = BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")
        links = [a.get_text() for a in soup.select("div.handbook-exercise a.reference")]
        assert "Chapter 1, First chapter" in links, (page, links)


@pytest.mark.parametrize("builder, page, to_root", [
    ("html", "part/one.html", "../"), ("dirhtml", "part/one/index.html", "../../"), ("dirhtml", "index.html", ""),
])
def test_links_to_the_site_root_work_with_every_html_builder(builder, page, to_root, make_app, rootdir, tmp_path):
    app = make_app(builder, srcdir=rootdir / "test-order", builddir=tmp_path, freshenv=True)
    app.build()
    soup = BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")
    # The PDF is beside the site (../pdf from the site's root); the share card is in it.
    assert [a["href"] for a in soup.select(".handbook-downloads a")] == [to_root + "../pdf/book.pdf"]
    assert soup.find("meta", property="og:image")["content"] == to_root + "_static/handbook-card.png"


def test_a_chapter_link_to_a_section_label_is_refused_with_file_and_line(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-order", src)
    see = src / "see.md"
    see.write_text(see.read_text(encoding="utf-8") + "\nAlso {chapter}`sec-opening`.\n", encoding="utf-8")
    app = make_app("html", srcdir=src, builddir=tmp_path / "out", freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"see\.md:5: WARNING: chapter: 'sec-opening' is not the label of a numbered chapter", warnings), \
        warnings


# -- no import loops ------------------------------------------------------------------------



def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Which of the package's modules each module imports (anywhere in it, also inside
    functions): ``from a.b import c`` names the module a.b.c when there is one, else a.b."""
    files = {_module_name(p, root): p for p in (root / "handbook").rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names]
            graph[name].update(t for t in targets if t in files and t != name)
    return graph


def import_loops(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def test_the_loop_finder_finds_a_loop_through_three_modules_and_relative_imports(tmp_path):
    package = tmp_path / "handbook" / "pkg"
    package.mkdir(parents=True)
    (tmp_path / "handbook" / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from handbook.pkg import b\n", encoding="utf-8")
    (package / "b.py").write_text("def f():\n    from .c import thing\n", encoding="utf-8")
    (package / "c.py").write_text("import handbook.pkg.a\nfrom handbook import pkg\n", encoding="utf-8")
    (package / "d.py").write_text("from handbook.pkg.a import x\n", encoding="utf-8")
    graph = import_graph(tmp_path)
    assert graph["handbook.pkg.b"] == {"handbook.pkg.c"} and graph["handbook.pkg.c"] == {"handbook.pkg.a", "handbook.pkg"}
    assert import_loops(graph) == [{"handbook.pkg.a", "handbook.pkg.b", "handbook.pkg.c"}]


def test_no_module_of_the_handbook_imports_itself_through_others():
    graph = import_graph()
    assert {"handbook.publish.build", "handbook.publish.slides", "handbook.publish.common", "handbook.sphinxext.kit"} <= graph.keys()
    assert "handbook.publish.common" in graph["handbook.publish.slides"] and "handbook.publish.slides" in graph["handbook.publish.build"]
    loops = [sorted(loop) for loop in import_loops(graph)]
    assert loops == [], "modules that import each other (move what they share into a module below both)"


#: The rooms of ``handbook/``: a folder each for the Sphinx extension, importing, building the
#: outputs and the checks; the commands on top; the small shared modules at the bottom.
ROOMS = ("sphinxext", "importer", "publish", "checks")
COMMANDS = {"handbook.__main__", "handbook.check"}


def room_of(module: str) -> str:
    if module in COMMANDS:
        return "commands"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in ROOMS else parts[1] if parts[1:2] and parts[1] in ROOMS \
        else "base"


def test_the_rooms_of_the_handbook_import_each_other_one_way():
    graph = import_graph()
    rooms: dict[str, set[str]] = {}
    for module, targets in graph.items():
        rooms.setdefault(room_of(module), set()).update(room_of(t) for t in targets if room_of(t) != room_of(module))
    assert set(rooms) == {*ROOMS, "commands", "base"}, sorted(rooms)
    assert rooms["base"] == set(), "the shared modules at the bottom import no room"
    assert not {"commands"} & set().union(*rooms.values()), "no room imports the commands"
    assert import_loops(rooms) == [], "rooms that import each other"
