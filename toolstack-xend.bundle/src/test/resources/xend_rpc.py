"""A real xend client: Python's xmlrpc.client, over TCP or xend's Unix socket.

usage: xend_rpc.py TARGET            read 'METHOD JSON-ARGS' lines, answer one line each:
                                     'OK <json>' or 'FAULT <code> <json string>'
       xend_rpc.py TARGET bench N    call xend.domains(True) N times on one connection,
                                     print 'calls=N seconds=S rps=R'
TARGET is an http:// URL or unix:/path/to/xmlrpc.sock (as xm's httpu:// did).
"""
import http.client
import json
import socket
import sys
import time
import xmlrpc.client


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__('localhost')
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.unix_path)
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    """Keeps one HTTP/1.1 connection to the Unix socket, like the TCP transport does."""

    def __init__(self, path):
        super().__init__()
        self.unix_path = path

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, UnixConnection(self.unix_path)
        return self._connection[1]


def proxy(target):
    if target.startswith('unix:'):
        return xmlrpc.client.ServerProxy('http://xend/RPC2', transport=UnixTransport(target[5:]),
                                         allow_none=True)
    return xmlrpc.client.ServerProxy(target, allow_none=True)


def main():
    server = proxy(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == 'bench':
        n = int(sys.argv[3])
        server.xend.domains(True)  # connect and warm up
        start = time.perf_counter()
        for _ in range(n):
            server.xend.domains(True)
        seconds = time.perf_counter() - start
        print('calls=%d seconds=%.3f rps=%.0f' % (n, seconds, n / seconds))
        return
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        method, _, args = line.partition(' ')
        params = json.loads(args) if args else []
        try:
            result = getattr(server, method)(*params)
            print('OK ' + json.dumps(result), flush=True)
        except xmlrpc.client.Fault as f:
            print('FAULT %d %s' % (f.faultCode, json.dumps(f.faultString)), flush=True)


if __name__ == '__main__':
    main()
