"""``policy import``: bring an existing manual (PDF, DOCX, HTML, text, other Markdown) into ``source/policies/``.

Each reader turns a file into ``Line``s (text with page, font size, boldness and list depth where known);
``structure`` recognises the title, dates, references, headings, lists and paragraphs; ``emit`` writes the
Markdown; ``wordcheck`` refuses a result that lost a word; ``run`` imports many files in a process pool.
"""
