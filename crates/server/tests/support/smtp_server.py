"""A real SMTP server for the connection-test tests (aiosmtpd).

Usage: smtp_server.py MODE PORT CERT KEY
MODE: starttls (STARTTLS offered, AUTH after it), ssl (implicit TLS + AUTH),
plain (no TLS, no AUTH). The only account is user / pass. Prints "ready"
when listening; runs until killed.
"""

import asyncio
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"user" and auth_data.password == b"pass"
    return AuthResult(success=ok, handled=False)


def main():
    mode, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    options = dict(hostname="127.0.0.1", port=port, authenticator=authenticator, ready_timeout=10)
    if mode == "starttls":
        options.update(tls_context=context, auth_require_tls=True)
    elif mode == "ssl":
        options.update(ssl_context=context, auth_require_tls=False, server_hostname="localhost")
    else:
        options.update(auth_require_tls=True)
    controller = Controller(Sink(), **options)
    controller.start()
    print("ready", flush=True)
    asyncio.new_event_loop().run_forever()


if __name__ == "__main__":
    main()
