#!/usr/bin/env python3
"""tls_proxy.py: a TLS reverse proxy (prefix_proxy.py behind HTTPS), for client tests.

usage: tls_proxy.py --port-file FILE --cert PEM --key PEM [--client-ca PEM]
                    --route PREFIX=UPSTREAM [...] [--log FILE]

Serves HTTPS on 127.0.0.1 (a port the kernel picks, written into FILE) with the server
certificate --cert and its key --key, and forwards over plain HTTP by the routes of
prefix_proxy.py. With --client-ca the client must present a certificate signed by that CA,
or the handshake fails. --log gets prefix_proxy.py's record of each request plus
"client_cn", the common name of the client's certificate (null without one); a handshake
that fails is logged as {"tls_error": "..."}.
"""

import os
import ssl
import sys

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prefix_proxy  # noqa: E402  (and common.py through it)

HANDSHAKE_TIMEOUT = 10  # seconds: a client that connects and says nothing is let go


class TLSHandler(prefix_proxy.Handler):
    """prefix_proxy's handler, after a TLS handshake in the connection's own thread."""

    def setup(self):
        """Wrap the accepted socket in TLS; a failed handshake is logged and ends the connection."""
        self.request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            self.log_tls_error(e)
            raise
        self.request.settimeout(None)
        super().setup()

    def log_tls_error(self, e):
        """Record why a handshake failed."""
        self.log_json({"tls_error": str(e)})

    def extra_record(self):
        """The client certificate's common name, or None without one."""
        cert = self.connection.getpeercert() or {}
        for rdn in cert.get("subject", ()):
            for key, value in rdn:
                if key == "commonName":
                    return {"client_cn": value}
        return {"client_cn": None}


def main():
    ap = prefix_proxy.arguments(__doc__)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--client-ca")
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(args.client_ca)

    def setup(server):
        server.tls = ctx

    return prefix_proxy.serve(args, TLSHandler, setup)


if __name__ == "__main__":
    sys.exit(main())
