#!/usr/bin/env python3
"""Bad dashboard sign-ins at a fixed rate, each from one of 250 loopback source
addresses (127.0.1.1-250) in turn, with a token shaped like the server's app key
(its lookup prefix, then random characters), so that each attempt the throttle
lets through costs a bcrypt verification. Prints how the sign-ins were answered.
Usage: signin_flood.py PORT APP_KEY RATE SECONDS"""
import asyncio, collections, random, string, sys

port, key, rate, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
prefix = key[: len("wp_live_") + 8]
statuses = collections.Counter()


async def attempt(n):
    token = prefix + "".join(random.choices(string.ascii_letters + string.digits, k=32))
    body = f"token={token}".encode()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(f"127.0.1.{n % 250 + 1}", 0))
        writer.write(b"POST /dashboard/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30)
        statuses[line.split()[1].decode() if len(line.split()) > 1 else "none"] += 1
        writer.close()
    except (OSError, asyncio.TimeoutError):
        statuses["failed"] += 1


async def main():
    loop = asyncio.get_running_loop()
    start, tasks, n = loop.time(), [], 0
    while loop.time() - start < seconds:
        tasks.append(asyncio.create_task(attempt(n)))
        n += 1
        await asyncio.sleep(max(0, start + n / rate - loop.time()))
    await asyncio.gather(*tasks)
    print(f"{n} bad sign-ins in {seconds:.0f} s: " + ", ".join(f"{count} answered {status}" for status, count in sorted(statuses.items())))

asyncio.run(main())
