"""Long work outside the request: RQ workers on Redis, or (without Redis) in the process.

A route creates the job (`create`, which flushes), the request commits once, then the route
calls `dispatch` so that a worker never looks for a job row that is not committed yet."""
