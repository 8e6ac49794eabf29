"""The demo academy and made-up timing files: data builders for development and tests, kept out
of the application package (an installed wheel ships without them).

Modules:
    seed          seed_demo(seed): the deterministic demo academy (drivers with histories,
                  coaches, a principal) that `flask setup` loads in a development checkout
    licences      the demo's licence applications at each stage of the workflow
    timing_files  made-up but realistic Al Kamel timing files (simulate_race, alkamel_bytes, ...)
                  for the import tests and benchmarks
"""
