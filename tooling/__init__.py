"""What the tests and the benchmarks drive the book with, never shipped: the static server, the browsers' lookup and drivers."""
