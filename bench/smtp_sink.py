"""An SMTP server for the mailing benchmark: accepts every message, keeps none, and writes how
many it has received to COUNT_FILE twice a second. Prints the port it bound.

usage: smtp_sink.py COUNT_FILE"""
import asyncio
import socket
import sys

from aiosmtpd.smtp import SMTP


class Counter:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += len(envelope.rcpt_tos)
        return "250 OK"


async def main(count_file: str) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    handler = Counter()
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(handler, data_size_limit=1 << 20), sock=sock
    )
    print(sock.getsockname()[1], flush=True)
    async with server:
        while True:
            with open(count_file, "w") as f:
                f.write(str(handler.count))
            await asyncio.sleep(0.5)


asyncio.run(main(sys.argv[1]))
