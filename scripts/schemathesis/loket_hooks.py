"""Schemathesis hooks for the Loket hub: sign every request the way terminals and admins
do (docs/PROTOCOL.md, "Signed requests"), and send the binary media types as bytes.

Environment:
  LOKET_ADMIN_KEY       the admin key file (`loket-ed25519-v1 <id> <base64>`)
  LOKET_TERMINAL        an enrolled terminal's name
  LOKET_TERMINAL_KEY    its Ed25519 private key, base64 of 32 bytes
"""
import base64
import hashlib
import os
import secrets
import time
import urllib.parse

import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from schemathesis.transport.requests import REQUESTS_TRANSPORT
from schemathesis.transport.serialization import serialize_binary


PLACEHOLDER = "sign-me"


class Signer(requests.auth.AuthBase):
    """Signs the request as it is sent, when it carries the placeholder headers that the
    runner passes (`-H Loket-Signature: sign-me` …). Requests from which schemathesis took
    them away, or into which it put other values, go out as they are: unsigned or wrongly
    signed, as an attacker would send them."""

    def __init__(self, principal: str, key: Ed25519PrivateKey):
        self.principal = principal
        self.key = key

    def __call__(self, request):
        placeholders = {"Loket-Principal": PLACEHOLDER, "Loket-Time": "0", "Loket-Nonce": "0" * 32,
                        "Loket-Signature": PLACEHOLDER}
        if any(request.headers.get(name) != value for name, value in placeholders.items()):
            return request
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        stamp = str(int(time.time() * 1000))
        nonce = secrets.token_hex(16)
        host = urllib.parse.urlsplit(request.url).netloc.lower()
        for port in (":80", ":443"):
            if host.endswith(port):
                host = host[: -len(port)]
        message = "\n".join(
            ["LOKET-REQUEST-V2", request.method.upper(), host, request.path_url, hashlib.sha256(body).hexdigest(),
             stamp, nonce, self.principal])
        request.headers["Loket-Principal"] = self.principal
        request.headers["Loket-Time"] = stamp
        request.headers["Loket-Nonce"] = nonce
        request.headers["Loket-Signature"] = base64.b64encode(self.key.sign(message.encode())).decode()
        return request


def _admin() -> Signer:
    tag, key_id, encoded = open(os.environ["LOKET_ADMIN_KEY"]).read().split()
    assert tag == "loket-ed25519-v1", "not a Loket key file"
    return Signer("key:" + key_id, Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded)))


def _terminal() -> Signer:
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(os.environ["LOKET_TERMINAL_KEY"]))
    return Signer("terminal:" + os.environ["LOKET_TERMINAL"], key)


ADMIN = _admin()
TERMINAL = _terminal()


@schemathesis.hook
def before_call(context, case, kwargs):
    path = case.operation.path
    # The run signs with one enrolled terminal: retiring it would leave nothing to test
    # the terminal routes with. Another name is retired instead (404).
    if path == "/v1/admin/terminals/{name}" and case.path_parameters:
        if case.path_parameters.get("name") == os.environ["LOKET_TERMINAL"]:
            case.path_parameters["name"] = os.environ["LOKET_TERMINAL"] + "-not-this-one"
    if path.startswith("/v1/admin/"):
        kwargs["auth"] = ADMIN
    elif path in ("/v1/push", "/v1/pull", "/v1/snapshot") or path.startswith("/v1/allowances/"):
        kwargs["auth"] = TERMINAL


@REQUESTS_TRANSPORT.serializer("application/vnd.loket.outbox", "application/vnd.loket.changeset")
def binary(ctx, value):
    return {"data": serialize_binary(value)}
