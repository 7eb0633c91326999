"""Table pages write their header and their rows' cells with ``publish.table_cells`` (the
``_table.html`` templates call it): the same bytes as Datasette's loop, in a fraction of the
time."""

from __future__ import annotations

from datasette import hookimpl

from publish.table_cells import header_cells, row_cells


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["bw_header_cells"] = header_cells
    env.globals["bw_row_cells"] = row_cells
