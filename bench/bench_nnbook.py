"""Benchmark of the nnbook library: prints iterations per second of training,
vectorised versus per image, and the time to train the slide set.

    PYTHONPATH=py python bench/bench_nnbook.py [--quick] [--repeats N]

The measuring code is nnbook.bench.run(), so the same figures can be taken
inside Pyodide.  This is a script that prints figures, not a test.
"""

import argparse

import nnbook.bench


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="repeats per figure (median)")
    parser.add_argument("--quick", action="store_true", help="fewer iterations per repeat")
    args = parser.parse_args()
    print(nnbook.bench.report(nnbook.bench.run(repeats=args.repeats, quick=args.quick)))


if __name__ == "__main__":
    main()
