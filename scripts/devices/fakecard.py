"""A virtual contactless card on pcscd's virtual reader (vsmartcard's vpcd): connects to
vpcd on loopback, answers the PC/SC "get UID" command (FF CA 00 00 00), and stays on the
reader until it is killed (then the card is pulled away). Standard library only.

vpcd's protocol: each message is a 2-byte big-endian length and a payload; a 1-byte
payload is a control message (0 power off, 1 power on, 2 reset, 4 give the ATR).

  python3 fakecard.py PORT UIDHEX [MODE]
    MODE  uid      answer the UID and 90 00 (the default)
          refuse   answer 6A 81 (function not supported)
          garbage  answer one byte
          vanish   go away when asked for the UID (a card pulled mid-read)

  With LOKET_CARD_STAMP=FILE in the environment, the card writes to FILE the moment it
  reached the reader (CLOCK_MONOTONIC, nanoseconds): `loket bench card` measures from it."""
import os
import socket
import struct
import sys
import time

ATR = bytes.fromhex("3B8F8001804F0CA0000003060300030000000068")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    port, uid = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 else "uid"
    connection = None
    for _ in range(100):
        try:
            connection = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.1)
    if connection is None:
        print(f"vpcd is not listening on {port}", file=sys.stderr)
        return 1
    # A card answers at once: no Nagle delay on our answers, and no delayed ACK holding up
    # vpcd's two-part messages (length, then payload) by 40 ms each.
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stamp = os.environ.get("LOKET_CARD_STAMP")
    if stamp:
        with open(stamp + ".part", "w") as out:
            out.write(str(time.clock_gettime_ns(time.CLOCK_MONOTONIC)))
        os.rename(stamp + ".part", stamp)

    def receive(count):
        data = b""
        while len(data) < count:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = connection.recv(count - len(data))
            if not chunk:
                sys.exit(0)
            data += chunk
        return data

    def send(payload):
        connection.sendall(struct.pack("!H", len(payload)) + payload)

    while True:
        message = receive(struct.unpack("!H", receive(2))[0])
        if len(message) == 1:
            if message[0] == 4:
                send(ATR)
        elif message[:2] == b"\xff\xca":
            if mode == "vanish":
                connection.close()
                return 0
            send({"uid": uid + b"\x90\x00", "refuse": b"\x6a\x81", "garbage": b"\x90"}[mode])
        else:
            send(b"\x6d\x00")


if __name__ == "__main__":
    sys.exit(main())
