"""Building the outputs: HTML, PDF, EPUB, handouts, kits, slides, the site, proofs, the benchmark."""
