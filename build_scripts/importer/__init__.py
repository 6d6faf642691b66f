"""``policy import``: bring an existing manual (PDF, DOCX, HTML, text, other Markdown) into ``source/policies/``.

Each reader turns a file into ``Line``s (text with page, font size, boldness and list depth where known)
and the file's whole text (``Extracted.source``: every block or text line, whatever the import makes of it);
``frontlines`` and ``codes`` take the code, title, dates and references; ``structure`` recognises headings,
lists, preformatted text and paragraphs; ``emit`` writes the Markdown; ``wordcheck`` refuses a result that
lost a word of the whole text; ``crossrefs`` keeps references to codes nobody has as text; ``run`` imports
many files in a process pool.
"""
