"""Load test of the HTTP service: POST /triage beside a bare POST on the same server.

    python benchmarks/service.py [--requests 2000] [--seconds 20] [--clients 4]

Starts uvicorn on 127.0.0.1 (a free port) in a subprocess, with the runpelvis app and
one extra route, ``POST /bare``, that reads, limits and decodes the body like every
endpoint (``rp.read_json``) and answers a constant: the cost of the HTTP stack and the
JSON text alone, so the ratio is what triage itself adds. Each phase stops after
``--requests`` requests or ``--seconds`` seconds, whichever comes first; then the
server is stopped with SIGTERM. Prints throughput and p50 / p99 latency per endpoint,
the errors (goal: 0) and the ratio of the two p50s (goal: under 1.5).
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

BODY = json.dumps(
    {"symptoms": ["numbness_or_tingling", "night_pain"], "pain": 4, "days_since_onset": 3}
).encode()


def app() -> object:
    """The service with a bare endpoint added (for ``--serve``)."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    import runpelvis as rp
    from runpelvis._service import _json_body, _Refused, create_app

    async def bare(request: Request) -> Response:
        try:
            data = await _json_body(request)
        except _Refused as refused:
            return refused.response
        rp.read_json(data, label="body")  # the same strict decoding as /triage, no triage
        return JSONResponse({"ok": True})

    service = create_app()
    service.router.routes.append(Route("/bare", bare, methods=["POST"]))
    return service


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _phase(port: int, path: str, total: int, seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    share = total // clients

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        for _ in range(share):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            try:
                connection.request("POST", path, BODY, {"content-type": "application/json"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection.close()
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors[0],
        "per_second": len(ordered) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
    }


def _wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):  # at most 20 s
        if process.poll() is not None:
            raise SystemExit("the server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--requests", type=int, default=2000)
    options.add_argument("--seconds", type=float, default=20.0)
    options.add_argument("--clients", type=int, default=4)
    options.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the server subprocess
    args = options.parse_args()
    if args.serve:
        import uvicorn

        uvicorn.run(app(), host="127.0.0.1", port=args.serve, access_log=False, log_level="warning")  # type: ignore[arg-type]
        return 0
    port = _free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(port)])
    try:
        _wait_until_up(port, process)
        _phase(port, "/triage", 200, 5, args.clients)  # warm up
        results = {
            path: _phase(port, path, args.requests, args.seconds, args.clients)
            for path in ("/bare", "/triage")
        }
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    for path, figures in results.items():
        print(
            f"POST {path:8} {figures['requests']:6.0f} requests, {figures['errors']:.0f} errors, "
            f"{figures['per_second']:7.0f}/s, p50 {figures['p50_ms']:.2f} ms, "
            f"p99 {figures['p99_ms']:.2f} ms"
        )
    ratio = results["/triage"]["p50_ms"] / results["/bare"]["p50_ms"]
    print(f"triage / bare (p50): {ratio:.2f} (goal: under 1.5)")
    return 1 if any(figures["errors"] for figures in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
