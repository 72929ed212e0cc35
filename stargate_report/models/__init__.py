"""One model per chapter: pure functions, `analysis(pkg, P)` and `key_numbers(pkg, P)`."""
