"""A real SMTP server for the integration tests (aiosmtpd), writing what it receives to a Maildir.

It binds port 0 itself and prints the port it got, so that parallel tests can never race for
the same port (choosing a free port first and binding it later can collide).

Like a real server it refuses some recipients for good: an address whose local part starts with
`nobody-` gets `550 5.1.1` (no such user), quoting the address as servers do."""
import asyncio
import socket
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP


class Refusing(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody-"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"


async def main(maildir: str, port: int) -> None:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    handler = Refusing(maildir)
    server = await asyncio.get_running_loop().create_server(lambda: SMTP(handler), sock=sock)
    print(sock.getsockname()[1], flush=True)
    await server.serve_forever()


# A second argument binds that port (a test that starts the server late, on the port the
# application was given while nothing listened there).
asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0))
