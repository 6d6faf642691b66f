"""Policy publishing pipeline: canonical Markdown policies in, handbook site and PDFs out."""
