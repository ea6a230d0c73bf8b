"""One request to a bench server on the loopback, with bench/run's admin token."""

import http.client


def request(port, method, path, body=None, key="bench"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()
