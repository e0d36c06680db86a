"""What operators see: the portal's metrics at /metrics, the named checks at /healthz,
and the marks (a worker's heartbeat, the last sweep) the checks read (issue 21)."""
