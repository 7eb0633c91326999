"""The cells of a Datasette table page's rows, written in Python rather than in Jinja.

Datasette renders templates with Jinja's async mode, in which every ``{{ … }}`` of a loop is
a step of a coroutine: the four per cell of ``_table.html`` were half the time of a search
page of bills (20 rows of 30 columns; BENCHMARKS.md, "search: bills").  ``row_cells`` writes
the same bytes as Datasette 0.65's loop::

    {% for cell in row %}
        <td class="col-{{ cell.column|to_css_class }} type-{{ cell.value_type }}">
            {{- cell.value }}</td>
    {% endfor %}

(one line in the template), and ``header_cells`` the header's ``<th>`` loop.

with the same whitespace, each value through the environment's ``finalize`` (publishable
text, publish/plugins/publishable_pages.py) and escaped as autoescape escapes it.  It is the
template global ``bw_row_cells`` (publish/plugins/table_cells.py).
``tests/test_table_cells.py`` compares whole pages with Datasette's own template.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from datasette.utils import to_css_class
from jinja2 import Environment, pass_context, pass_environment
from jinja2.runtime import Context
from markupsafe import Markup, escape

# The template's text around each cell (its indentation), as the loop writes it.
_BEFORE = '\n                    <td class="col-'
_AFTER = "</td>\n                "


@functools.lru_cache(maxsize=4096)
def _css_class(column: str) -> str:
    """``to_css_class`` of a column name, worked out once per name, not once per cell (it
    may hash the name)."""
    return to_css_class(column)


def _same(value: Any) -> Any:
    return value


@pass_environment
def row_cells(env: Environment, cells: Iterable[dict[str, Any]]) -> Markup:
    finalize = env.finalize or _same
    out = []
    for cell in cells:
        column = escape(finalize(_css_class(cell["column"])))
        kind = escape(finalize(cell["value_type"]))
        value = escape(finalize(cell["value"]))
        out.append(f'{_BEFORE}{column} type-{kind}">{value}{_AFTER}')
    return Markup("".join(out))


# The header's text around each column, as Datasette's loop writes it (its indentation).
_TH_END = "\n                    </th>\n                "
_IN_TH = "\n                        "
_LINK = "\n                            \n                                "


@pass_context
def header_cells(context: Context, columns: Iterable[dict[str, Any]]) -> Markup:
    """The ``<th>`` of each column, as Datasette 0.65's ``_table.html`` writes them: the
    attributes, then the name, or a link that sorts by it (▼ when sorted by it, ▲ when
    sorted by it descending)."""
    finalize = context.environment.finalize or _same

    def text(value: Any) -> str:
        return str(escape(finalize(value)))

    sort, sort_desc = context.get("sort"), context.get("sort_desc")
    out = []
    for column in columns:
        name = column["name"]
        described = column.get("description")
        attrs = f'data-column-description="{text(described)}" ' if described else ""
        attrs += (
            f'class="col-{text(to_css_class(name))}" scope="col" data-column="{text(name)}" '
            f'data-column-type="{text(column["type"].lower())}" '
            f'data-column-not-null="{text(column["notnull"])}" '
            f'data-is-pk="{"1" if column["is_pk"] else "0"}"'
        )
        if not column.get("sortable"):
            inner = f"{_IN_TH}\n                            {text(name)}\n                        "
        else:
            fix_path, replaced = context["fix_path"], context["path_with_replaced_args"]
            request = context["request"]
            if name == sort:
                args = {"_sort_desc": name, "_sort": None, "_next": None}
                mark = "&nbsp;▼"
            else:
                args = {"_sort": name, "_sort_desc": None, "_next": None}
                mark = "&nbsp;▲" if name == sort_desc else ""
            href = text(fix_path(replaced(request, args)))
            inner = (
                f'{_IN_TH}{_LINK}<a href="{href}" rel="nofollow">{text(name)}{mark}</a>'
                "\n                            \n                        "
            )
        out.append(f"\n                    <th {attrs}>{inner}{_TH_END}")
    return Markup("".join(out))
