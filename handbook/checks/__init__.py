"""The checks make check runs: print layout, links, EPUB, trainer text in participant outputs, voice."""
