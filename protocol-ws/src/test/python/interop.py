"""An independent client (Python websockets, from Debian) against a FasterAPI echo endpoint.

Usage: python3 interop.py ws://127.0.0.1:PORT/echo deflate|plain
Prints one line per check; exits 0 when every check passed.
"""
import asyncio
import sys

import websockets


async def main(url: str, deflate: bool) -> None:
    async with websockets.connect(url, compression="deflate" if deflate else None,
                                  max_size=64 * 1024 * 1024, open_timeout=10) as ws:
        extensions = [e.name for e in ws.extensions]
        negotiated = "permessage-deflate" in extensions
        assert negotiated == deflate, f"permessage-deflate negotiated={negotiated}, wanted {deflate}"
        print(f"ok extensions {extensions}")
        big = bytes((i * 31 + (i >> 9)) & 0xFF for i in range(1024 * 1024))
        cases = [
            ("small text", "hello"),
            ("unicode text", "héllo wörld ✓ 𝄞"),
            ("empty text", ""),
            ("100 KB text", "abcdefghij" * 10240),
            ("binary 1 MiB", big),
        ]
        for name, payload in cases:
            await ws.send(payload)
            reply = await asyncio.wait_for(ws.recv(), 10)
            assert reply == payload, f"{name} echoed wrong"
            print(f"ok {name}")
        # A fragmented message: websockets sends an iterable as fragments.
        await ws.send(["frag", "mented"])
        reply = await asyncio.wait_for(ws.recv(), 10)
        assert reply == "fragmented", f"fragmented message echoed as {reply!r}"
        print("ok fragmented")
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        print("ok ping/pong")
        await ws.close(1000, "done")
        assert ws.close_code == 1000, f"close code {ws.close_code}"
        print(f"ok close {ws.close_code}")


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2] == "deflate"), 30))
    except Exception as e:  # noqa: BLE001 - report any failure as one line
        print(f"FAIL {type(e).__name__}: {e}")
        sys.exit(1)
