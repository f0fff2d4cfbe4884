"""The mailing benchmark's baseline: a plain SMTP client (asyncio, no library) sending N
messages of about the size of a Petrel mailing over C connections to one server, as fast as the
server takes them. Prints messages per second.

usage: smtp_blast.py PORT N C"""
import asyncio
import sys
import time

BODY = ("Subject: Vote on Thursday\r\nFrom: bench@example.org\r\nTo: {to}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + ("The vote is on Thursday. " * 3 + "\r\n") * 40
        + ".\r\n")


async def expect(reader, code):
    while True:
        line = await reader.readline()
        if not line:
            raise RuntimeError("connection closed")
        if line[3:4] != b"-":
            if not line.startswith(code):
                raise RuntimeError(line)
            return


async def connection(port, count, start):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await expect(reader, b"220")
    writer.write(b"EHLO bench\r\n")
    await expect(reader, b"250")
    for i in range(count):
        to = f"r{start + i}@example.org"
        writer.write(f"MAIL FROM:<bench@example.org>\r\nRCPT TO:<{to}>\r\nDATA\r\n".encode())
        await expect(reader, b"250")
        await expect(reader, b"250")
        await expect(reader, b"354")
        writer.write(BODY.format(to=to).encode())
        await expect(reader, b"250")
    writer.write(b"QUIT\r\n")
    await writer.drain()
    writer.close()


async def main(port, n, c):
    per = n // c
    started = time.monotonic()
    await asyncio.gather(*(connection(port, per, k * per) for k in range(c)))
    print(f"{per * c / (time.monotonic() - started):.0f}")


asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
