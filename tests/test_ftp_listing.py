"""FTP listings stand in for conditional GET: the stamp must change when the file does."""

from spiders.ftp_listing import parse_list_line


def test_unix_listing():
    name, stamp = parse_list_line(
        "-rw-r--r--   1 ftp      ftp       5120331 Nov 27 10:02 bill_info.csv\r\n"
    )
    assert name == "bill_info.csv"
    assert stamp == "size=5120331;time=Nov 27 10:02"


def test_iis_dos_listing():
    name, stamp = parse_list_line("11-27-26  10:02AM              5120331 bill_history.csv")
    assert name == "bill_history.csv"
    assert stamp == "size=5120331;time=11-27-26 10:02AM"


def test_directories_and_noise_are_skipped():
    assert parse_list_line("11-27-26  10:02AM       <DIR>          2026") is None
    assert parse_list_line("drwxr-xr-x 2 ftp ftp 4096 Jan 1 2020 pub") is None
    assert parse_list_line("total 12") is None


def test_a_changed_size_changes_the_stamp():
    a = parse_list_line("-rw-r--r-- 1 ftp ftp 100 Nov 27 10:02 subject.csv")
    b = parse_list_line("-rw-r--r-- 1 ftp ftp 101 Nov 27 10:02 subject.csv")
    assert a[1] != b[1]
