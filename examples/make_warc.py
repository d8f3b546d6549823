"""Write examples/demo/crawl.warc.gz and examples/bad/truncated.warc.gz (standard library only).

    python examples/make_warc.py
"""
from __future__ import annotations

import gzip
import io
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent

EVENING_STAR = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Karven dam: 14 dead - Evening Star</title>
<meta property="og:title" content="Karven dam: 14 dead, 37 injured">
<meta property="og:site_name" content="Evening Star">
<meta property="article:published_time" content="2025-05-13T21:45:00+02:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Karven dam: 14 dead, 37 injured</h1>
<p>KARVEN (Nordpress) &mdash; At least 14 people died when part of a reservoir dam gave way above the Velorian town of Karven early on Tuesday, sending a wall of water into its lower districts, the country&#39;s civil protection ministry said.</p>
<p>&quot;According to the latest information, 14 people were killed and 37 were injured. Rescue teams of the Ministry evacuated more than 2,000 residents overnight and set up temporary shelters in four schools and the sports hall of Karven,&quot; the ministry said in a statement.</p>
<p>The ministry said it had deployed 320 rescuers and two helicopters, and that a government commission led by Deputy Minister Irena Valk would establish the causes of the failure.</p>
<p>(Nordpress)</p></article>
<footer>&copy; Evening Star 2025</footer></body></html>"""

DORN_DAILY = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Dorn prepares for flood wave - Dorn Daily</title>
<meta property="og:site_name" content="Dorn Daily">
<meta property="article:published_time" content="2025-05-14T12:00:00+02:00">
</head><body><div class="menu">Home | Local | Sport</div>
<article><h1>Dorn prepares for flood wave from Karven</h1>
<p>The regional hospital in Dorn has cancelled planned operations and prepared forty additional beds for injured people from Karven, its director said on Wednesday.</p>
<p>Volunteers filled sandbags through the night at the fire station, and the town council opened the gymnasium on Mill Street for families who had to leave the riverside houses.</p>
<p>Firefighters from Dorn have been helping in Karven since Tuesday morning. The Sava at Dorn is expected to peak on Thursday, about half a metre below the level of the 2010 flood.</p>
</article><footer>Dorn Daily</footer></body></html>"""


def record(rtype: str, uri: str, date: str, payload: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, rtype + uri)}>\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n").encode()
    return gzip.compress(head + payload + b"\r\n\r\n", mtime=0)


def response(uri: str, date: str, body: str, mime: str = "text/html; charset=utf-8") -> bytes:
    data = body.encode("utf-8")
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data
    return record("response", uri, date, http, "application/http; msgtype=response")


def request(uri: str, date: str) -> bytes:
    host = uri.split("/")[2]
    http = f"GET /{uri.split('/', 3)[3]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    return record("request", uri, date, http, "application/http; msgtype=request")


def main() -> None:
    star = "https://eveningstar.example/2025/05/13/karven-dam"
    dorn = "https://dorndaily.example/local/flood-wave"
    records = [
        request(star, "2025-05-20T10:00:00Z"),
        response(star, "2025-05-20T10:00:01Z", EVENING_STAR),
        response("https://dorndaily.example/robots.txt", "2025-05-20T10:00:02Z",
                 "User-agent: *\nDisallow:\n", "text/plain"),
        request(dorn, "2025-05-20T10:00:03Z"),
        response(dorn, "2025-05-20T10:00:04Z", DORN_DAILY),
    ]
    whole = b"".join(records)
    (HERE / "demo" / "crawl.warc.gz").write_bytes(whole)
    cut = len(b"".join(records[:2])) + len(records[2]) // 2   # ends inside the third record
    (HERE / "bad" / "truncated.warc.gz").write_bytes(whole[:cut])


if __name__ == "__main__":
    main()
