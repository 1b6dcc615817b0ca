"""Starting the playground's server as a user does, for the tests of the server and of the page."""

import http.client
import json
import os
import signal
import subprocess
import sys
from urllib.parse import urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Server:
    """``python -m nn.playground`` in a subprocess: its URL, and a way to stop it."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nn.playground", "--no-browser", "--port", "0", *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._read_url()

    def _read_url(self):
        self.url = self.process.stdout.readline().strip()
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port
        self.token = parts.query.split("token=", 1)[1] if "token=" in parts.query else ""
        self.origin = f"http://{self.host}:{self.port}"

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()

    def api(self, call, args=None):
        status, text = self.request("POST", "/api", json.dumps({"call": call, "args": args or {}}),
                                    {"Authorization": f"token {self.token}"})
        return status, json.loads(text)

    def socket(self, origin=None, token=None):
        token = self.token if token is None else token
        from websockets.sync.client import connect

        return connect(f"ws://{self.host}:{self.port}/ws?token={token}",
                                         origin=origin or self.origin, open_timeout=30, max_size=2 ** 24)

    def interrupt(self, timeout=30):
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        finally:
            self.process.stdout.close()
            self.process.stderr.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)
