"""Write the generated demo inputs (Python standard library only):

    examples/demo/crawl.warc.gz      a small crawl: 2 HTML articles as WARC/1.0 response records,
                                     their request records and a robots.txt response
    examples/bad/truncated.warc.gz   the same crawl cut in the middle of its third record
    examples/bad/logo.png            a small binary file (PNG signature, IHDR chunk, noise)

Every record is its own gzip member (as crawlers write them), with WARC-Type,
WARC-Target-URI, WARC-Date, WARC-Record-ID, Content-Type, Content-Length and
SHA-1 block/payload digests. Output is byte-for-byte reproducible (fixed dates,
uuid5 record ids, gzip mtime 0).

    python examples/make_warc.py
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import struct
import uuid
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Record 2: a credited republication of the first paragraphs of the Nordpress wire.
EVENING_STAR = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Karven dam: 14 dead, 37 injured - Evening Star</title>
<meta property="og:title" content="Karven dam: 14 dead, 37 injured">
<meta property="og:site_name" content="Evening Star">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-05-13T21:45:00+02:00">
<meta name="author" content="Nordpress">
<link rel="canonical" href="https://eveningstar.example/2025/05/13/karven-dam">
</head>
<body>
<div id="cookie-notice">Cookies help us deliver our services. By using our services, you agree to our use of cookies. <a href="/cookies">Learn more</a> <button>Got it</button></div>
<nav class="top"><a href="/">Evening Star</a> | <a href="/news">News</a> | <a href="/world">World</a> | <a href="/money">Money</a> | <a href="/showbiz">Showbiz</a> | <a href="/sport">Sport</a></nav>
<div class="wrap">
<article>
<h1>Karven dam: 14 dead, 37 injured</h1>
<p class="dek">Wall of water hits Velorian town before dawn</p>
<p class="when">Tuesday 13 May 2025, 21:45 &middot; Nordpress</p>
<p>KARVEN (Nordpress) &mdash; At least 14 people died when part of a reservoir dam gave way above the Velorian town of Karven early on Tuesday, sending a wall of water into its lower districts, the country&#39;s civil protection ministry said.</p>
<p>&quot;According to the latest information, 14 people were killed and 37 were injured. Rescue teams of the Ministry have evacuated more than 2,000 residents and set up temporary shelters in four schools and the sports hall of Karven,&quot; the ministry said in a statement.</p>
<p>Eleven of the injured were in a serious condition, and nine people were still missing in villages below the dam, the ministry added.</p>
<p>The dam, built in 1961, had been weakened by three days of continuous rain, local officials told Nordpress. Residents described hearing a loud crack shortly before dawn.</p>
<p>The ministry said it had deployed 320 rescuers and two helicopters, and that a government commission led by Deputy Minister Irena Valk would establish the causes of the failure.</p>
<p>(Nordpress)</p>
</article>
<div class="sidebar">
<h3>Trending</h3>
<ul><li><a href="/t1">Lottery jackpot rolls over again</a></li><li><a href="/t2">Singer cancels summer tour</a></li><li><a href="/t3">Heatwave ahead? Forecasters divided</a></li></ul>
</div>
<div class="comments"><h3>Have your say</h3>
<p><b>grumpy_gran</b> 13/05/2025 22:10 &ndash; Those poor people. Old dams everywhere, it could happen here too.</p>
<p><b>T. Novak</b> 13/05/2025 22:31 &ndash; Fourteen is what they say today. Wait a week.</p>
<p><a href="#">View all 27 comments</a></p>
</div>
</div>
<footer>&copy; Evening Star Newspapers 2025 &middot; <a href="/privacy">Privacy</a> &middot; <a href="/terms">Terms</a> &middot; <a href="/contact">Contact us</a></footer>
</body>
</html>
"""

# Record 5: an independent local report; shares no text with the rest of the corpus.
DORN_DAILY = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Dorn hospital takes in Karven injured as town braces for flood wave | Dorn Daily</title>
<meta property="og:title" content="Dorn hospital takes in Karven injured as town braces for flood wave">
<meta property="og:site_name" content="Dorn Daily">
<meta property="article:published_time" content="2025-05-14T12:00:00+02:00">
<meta name="author" content="Petra Holm">
</head>
<body>
<div class="consent">We value your privacy. <a href="#">Accept</a> <a href="#">Decline</a></div>
<div class="menu"><a href="/">Home</a> | <a href="/local">Local</a> | <a href="/council">Council</a> | <a href="/sport">Sport</a> | <a href="/events">What's on</a> | <a href="/notices">Notices</a></div>
<div class="page">
<h1>Dorn hospital takes in Karven injured as town braces for flood wave</h1>
<div class="byline">Petra Holm &bull; 14 May 2025, 12:00</div>
<div class="text">
<p>The regional hospital in Dorn has admitted 23 people injured in the Karven flood, eleven of them in a serious condition, its director, Dr Helena Marsk, said on Wednesday. Planned operations have been cancelled until Monday and forty additional beds have been set up in the rehabilitation wing.</p>
<p>&quot;Most of the patients have fractures or were hurt by debris in the water. Two children are in intensive care, but they are stable,&quot; Dr Marsk said. The hospital has asked blood donors with group O to come to the donation centre on Church Street.</p>
<p>In the town itself, volunteers filled sandbags through the night at the fire station, and the council opened the gymnasium on Mill Street for families who had to leave the riverside houses. Firefighters from Dorn have been helping in Karven since Tuesday morning.</p>
<p>The Sava at Dorn is expected to peak on Thursday, about half a metre below the level of the 2010 flood, the council said. The footbridge by the old tannery is closed, and parking on the river embankment is banned until Friday.</p>
</div>
</div>
<div class="aside"><h4>Local notices</h4><p>Farmers' market moved to Saturday &bull; Library closed on Thursday</p></div>
<div class="comments"><h4>Comments</h4><p><b>dorn_mum</b> Well done to everyone at the hospital.</p></div>
<footer>Dorn Daily &middot; The voice of the Sava valley since 1921 &middot; <a href="/terms">Terms of use</a></footer>
</body>
</html>
"""

ROBOTS = "User-agent: *\nDisallow: /search\nDisallow: /login\n\nSitemap: https://dorndaily.example/sitemap.xml\n"


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def _record_id(rtype: str, uri: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, rtype + ' ' + uri)}>"


def record(rtype: str, uri: str, date: str, block: bytes, content_type: str,
           extra: dict[str, str] | None = None) -> bytes:
    """One WARC/1.0 record, gzipped on its own."""
    fields = {
        "WARC-Type": rtype,
        "WARC-Target-URI": uri,
        "WARC-Date": date,
        "WARC-Record-ID": _record_id(rtype, uri),
        "WARC-IP-Address": "192.0.2.10",
        "WARC-Block-Digest": _digest(block),
        **(extra or {}),
        "Content-Type": content_type,
        "Content-Length": str(len(block)),
    }
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    return gzip.compress(head.encode() + block + b"\r\n\r\n", mtime=0)


def response(uri: str, date: str, http_date: str, body: str,
             mime: str = "text/html; charset=utf-8") -> bytes:
    payload = body.encode("utf-8")
    http = (f"HTTP/1.1 200 OK\r\nDate: {http_date}\r\nServer: nginx\r\nContent-Type: {mime}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode() + payload
    return record("response", uri, date, http, "application/http; msgtype=response",
                  {"WARC-Payload-Digest": _digest(payload)})


def request(uri: str, date: str) -> bytes:
    host, path = uri.split("/", 3)[2], "/" + uri.split("/", 3)[3]
    http = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: newstrace-demo-crawler/1.0\r\n"
            f"Accept: text/html,*/*;q=0.8\r\nConnection: close\r\n\r\n").encode()
    return record("request", uri, date, http, "application/http; msgtype=request",
                  {"WARC-Concurrent-To": _record_id("response", uri)})


def png_like() -> bytes:
    """A small binary file: PNG signature and IHDR chunk, then deterministic noise (no IEND)."""
    ihdr = struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    noise = b"".join(hashlib.sha256(b"newstrace-demo-%d" % i).digest() for i in range(6))
    return b"\x89PNG\r\n\x1a\n" + chunk + noise


def main() -> None:
    star = "https://eveningstar.example/2025/05/13/karven-dam"
    dorn = "https://dorndaily.example/local/2025/05/14/hospital-flood-wave"
    records = [
        request(star, "2025-05-20T10:00:00Z"),                                            # 1
        response(star, "2025-05-20T10:00:01Z", "Tue, 20 May 2025 10:00:01 GMT", EVENING_STAR),  # 2
        response("https://dorndaily.example/robots.txt", "2025-05-20T10:00:02Z",          # 3
                 "Tue, 20 May 2025 10:00:02 GMT", ROBOTS, "text/plain"),
        request(dorn, "2025-05-20T10:00:03Z"),                                            # 4
        response(dorn, "2025-05-20T10:00:04Z", "Tue, 20 May 2025 10:00:04 GMT", DORN_DAILY),   # 5
    ]
    whole = b"".join(records)
    (HERE / "demo" / "crawl.warc.gz").write_bytes(whole)
    cut = len(records[0]) + len(records[1]) + len(records[2]) // 2   # ends inside the third record
    (HERE / "bad" / "truncated.warc.gz").write_bytes(whole[:cut])
    (HERE / "bad" / "logo.png").write_bytes(png_like())


if __name__ == "__main__":
    main()
