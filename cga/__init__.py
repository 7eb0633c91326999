"""The domain core: what billwatch knows about the Connecticut General Assembly.

Ids, URL forms, vocabularies, the rules that read legislative text, the typed records that
flow between layers, and the clock.  Every layer (``spiders/``, ``pipelines/``, ``publish/``,
the CLI in ``billwatch/``) imports from here; this package imports none of them, nor Scrapy,
Twisted, SQLite or Datasette (``tests/test_architecture.py`` holds those arrows).
"""

from .ids import (
    BILL_TYPES,
    BadBillId,
    BillId,
    build_bill_id,
    cga_dashed,
    cga_padded,
    cga_status_num,
    split_bill_id,
)
from .urls import (
    CANONICAL_ORIGIN,
    CGA_HOSTS,
    DEFAULT_BULK_URL,
    bulk_canonical,
    canonical_url,
    decode_path,
    request_url,
    status_path,
    status_url,
    testimony_path,
    url_key,
)

# ``import cga`` gives the ids and URL forms, the names every layer uses most:
# ``cga.split_bill_id("HB07017", session=2015)``, ``cga.status_url(bill)``.
__all__ = [
    "BILL_TYPES",
    "CANONICAL_ORIGIN",
    "CGA_HOSTS",
    "DEFAULT_BULK_URL",
    "BadBillId",
    "BillId",
    "build_bill_id",
    "bulk_canonical",
    "canonical_url",
    "cga_dashed",
    "cga_padded",
    "cga_status_num",
    "decode_path",
    "request_url",
    "split_bill_id",
    "status_path",
    "status_url",
    "testimony_path",
    "url_key",
]
